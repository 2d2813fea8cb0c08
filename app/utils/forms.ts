import { useForm, type DefaultValue, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { useActionData } from '@remix-run/react'
import type { z } from 'zod'

/** A refused form of a page with many: conform's reply and the key of the form it is about. */
export type FormReply = { form: string; result: SubmissionResult<string[]> }

/** conform's last result for the form with this key, if the last post was that form's and was refused. */
export function useFormReply(form: string) {
  const reply = useActionData() as FormReply | undefined
  return reply?.form === form ? reply.result : undefined
}

/**
 * conform's useForm for one form of a page with many: `key` names it and picks its refusal from the
 * action's reply (submitForm); `schema`, from the module's validation.ts, checks it in the browser too.
 */
export function useKeyedForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  key: string,
  options: {
    schema?: Schema
    defaultValue?: DefaultValue<z.input<Schema>>
  } = {}
) {
  const { schema, defaultValue } = options
  return useForm<z.input<Schema>, z.output<Schema>, string[]>({
    // Not the key itself: pages give that id to the item the form is about (an anchor to scroll to).
    id: `${key}-form`,
    lastResult: useFormReply(key),
    defaultValue,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: schema ? ({ formData }) => parseWithZod(formData, { schema }) : undefined,
  })
}
