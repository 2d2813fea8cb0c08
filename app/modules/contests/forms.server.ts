import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { cleanForm } from '~/utils/forms.server'

/** A rule a service found broken (a taken address, a frozen criterion): shown beside `field`, or above the form when null. */
export class FieldError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Parses one of the organiser's forms and runs `onValid` with the value. A refusal, by the schema or by
 * the service (FieldError), is a 400 reply tagged with the form's key, so the page shows the messages
 * beside the fields of that form only and keeps what was typed (except `hide`: passwords).
 * The form is cleaned first (cleanForm): no bracketed names, nothing huge echoed back.
 */
export async function submitForm<Schema extends z.ZodType, Result>(
  formData: FormData,
  form: string,
  schema: Schema,
  onValid: (value: z.output<Schema>) => Result | Promise<Result>,
  options: { hide?: string[] } = {},
) {
  const { formData: clean, hideFields } = cleanForm(formData, options.hide)
  const submission = parseWithZod(clean, { schema })
  if (submission.status !== 'success') return refuse(form, submission.reply({ hideFields }))
  try {
    return await onValid(submission.value as z.output<Schema>)
  } catch (error) {
    if (!(error instanceof FieldError)) throw error
    const errors = error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }
    return refuse(form, submission.reply({ ...errors, hideFields }))
  }
}

function refuse(form: string, result: SubmissionResult<string[]>) {
  return data({ form, result }, { status: 400 })
}

/** The key of a per-item form («nomination-12»), so a refusal lands beside the item it is about. */
export function itemForm(prefix: string, formData: FormData) {
  const id = formData.get('id')
  return typeof id === 'string' && /^\d{1,10}$/.test(id) ? `${prefix}-${id}` : prefix
}
