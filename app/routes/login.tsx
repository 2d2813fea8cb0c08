import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { Field, FormErrors } from '~/components/ui/field'
import { HoneypotFields } from '~/components/ui/honeypot'
import { authenticate } from '~/modules/accounts/accounts.server'
import { LoginSchema, safeRedirect, withRedirect } from '~/modules/accounts/validation'
import { requireAnonymous, startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { checkHoneypot } from '~/utils/honeypot.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Вход — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await request.formData()
  checkHoneypot(formData)
  const { submission, hideFields } = parseForm(formData, LoginSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  const userId = await authenticate(submission.value.email, submission.value.password)
  if (!userId) {
    // One message for an unknown e-mail and a wrong password: the form must not tell who is registered.
    return data(submission.reply({ formErrors: ['Неверная электронная почта или пароль'], hideFields }), {
      status: 400,
    })
  }
  const cookie = await startSession(userId, request)
  return redirectWithToast(safeRedirect(submission.value.redirectTo), { message: 'Вы вошли' }, { headers: { 'Set-Cookie': cookie } })
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const redirectTo = searchParams.get('redirectTo')
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">Вход</h1>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <HoneypotFields />
        <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
        <Field
          label="Электронная почта"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', inputMode: 'email' }}
        />
        <Field
          label="Пароль"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <button type="submit" className="button">
          Войти
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Забыли пароль?</Link>
      </p>
      <p>
        Нет учётной записи? <Link to={withRedirect('/register', redirectTo)}>Зарегистрируйтесь</Link>
      </p>
      <p>
        Заявку приняли на бумаге в ЦРН? <Link to="/claim">Вход по квитанции</Link>
      </p>
    </section>
  )
}
