import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { cleanForm } from '~/utils/forms.server'

/**
 * Parses one of the organiser's forms and runs `onValid` with the value. A refusal, by the schema (400)
 * or by the service (a Refusal, with the status of its kind), is a reply tagged with the form's key, so the page shows the messages
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
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields })
    return refuse(form, result, status)
  }
}

function refuse(form: string, result: SubmissionResult<string[]>, status = 400) {
  return data({ form, result }, { status })
}

/** The key of a per-item form («nomination-12»), so a refusal lands beside the item it is about. */
export function itemForm(prefix: string, formData: FormData) {
  const id = formData.get('id')
  return typeof id === 'string' && /^\d{1,10}$/.test(id) ? `${prefix}-${id}` : prefix
}
