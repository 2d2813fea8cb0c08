import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Field, FormErrors } from '~/components/ui/field'
import { NewPasswordSchema, PASSWORD_HINT } from '~/modules/accounts/validation'

type Props = {
  /** Why the link does not work (used, expired, unknown), or null when it does. */
  refused: string | null
  /** Where to go from a link that does not work. */
  otherWays: ReactNode
  title: string
  intro: ReactNode
  label: string
  submit: string
  lastResult: SubmissionResult<string[]> | null | undefined
}

/** A page reached by a one-time link from a letter that sets a password and signs in: a password reset, claiming an account an operator made. */
export function PasswordByLink({ refused, otherWays, title, intro, label, submit, lastResult }: Props) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordSchema }),
  })
  if (refused) {
    return (
      <section className="narrow" aria-labelledby="link-title">
        <h1 id="link-title">Ссылка не работает</h1>
        <p>{refused}</p>
        <p>{otherWays}</p>
      </section>
    )
  }
  return (
    <section className="narrow" aria-labelledby="link-title">
      <h1 id="link-title">{title}</h1>
      <p>{intro}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field
          label={label}
          hint={PASSWORD_HINT}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <button type="submit" className="button">
          {submit}
        </button>
      </Form>
    </section>
  )
}
