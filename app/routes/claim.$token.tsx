import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors } from '~/components/ui/field'
import { NewPasswordSchema } from '~/modules/accounts/validation'
import { claimByLink, claimLinkState } from '~/modules/entries/claim.server'
import { startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Ваша учётная запись — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

/** A link that does not work says why, with 404 (never issued or mistyped) or 410 (used, expired, or the account has a password). */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await claimLinkState(params.token ?? '')
  if (!link.ok) return data({ refused: link.message, fullName: null, email: null }, { status: link.state === 'unknown' ? 404 : 410 })
  return { refused: null, fullName: link.fullName, email: link.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { submission, hideFields } = parseForm(await request.formData(), NewPasswordSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  let userId: string
  try {
    userId = await claimByLink(params.token ?? '', submission.value.password)
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields, field: null })
    return data(result, { status })
  }
  return redirectWithToast(
    '/cabinet',
    { message: 'Пароль задан, вы вошли. Теперь входите на сайт с вашим адресом электронной почты и этим паролем.' },
    { headers: { 'Set-Cookie': await startSession(userId, request) } },
  )
}

export default function ClaimByLinkPage() {
  const { refused, fullName, email } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPasswordSchema }),
  })
  if (refused) {
    return (
      <section className="narrow" aria-labelledby="claim-title">
        <h1 id="claim-title">Ссылка не работает</h1>
        <p>{refused}</p>
        <p>
          <Link to="/login">Вход</Link> · <Link to="/forgot-password">Восстановить пароль</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="narrow" aria-labelledby="claim-title">
      <h1 id="claim-title">Ваша учётная запись</h1>
      <p>
        {fullName}, оператор ЦРН внёс вашу бумажную заявку на сайт и создал для вас учётную запись {email}. Придумайте пароль: вы войдёте и увидите заявку, а
        когда итоги подведут, — диплом.
      </p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field
          label="Пароль"
          hint="Не короче 8 символов, буквы и цифры."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <button type="submit" className="button">
          Задать пароль и войти
        </button>
      </Form>
    </section>
  )
}
