import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors } from '~/components/ui/field'
import { resetLinkState, resetPassword } from '~/modules/accounts/recovery.server'
import { NewPasswordSchema } from '~/modules/accounts/validation'
import { startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Новый пароль — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

/** A link that does not work says why, with 404 (never issued or mistyped) or 410 (used, or its hour is over). */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await resetLinkState(params.token ?? '')
  if (!link.ok) return data({ refused: link.message }, { status: link.state === 'unknown' ? 404 : 410 })
  return { refused: null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { submission, hideFields } = parseForm(await request.formData(), NewPasswordSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  let userId: string
  try {
    userId = await resetPassword(params.token ?? '', submission.value.password)
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields, field: null })
    return data(result, { status })
  }
  return redirectWithToast(
    '/cabinet',
    { message: 'Пароль изменён, вы вошли. На всех других устройствах выполнен выход из учётной записи.' },
    { headers: { 'Set-Cookie': await startSession(userId, request) } },
  )
}

export default function ResetPasswordPage() {
  const { refused } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordSchema }),
  })
  if (refused) {
    return (
      <section className="narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">Ссылка не работает</h1>
        <p>{refused}</p>
        <p>
          <Link to="/forgot-password">Получить новую ссылку</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Новый пароль</h1>
      <p>Придумайте новый пароль. После этого вы войдёте на сайт, а на остальных устройствах выход из учётной записи произойдёт сам.</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field
          label="Новый пароль"
          hint="Не короче 8 символов, буквы и цифры."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <button type="submit" className="button">
          Сохранить пароль
        </button>
      </Form>
    </section>
  )
}
