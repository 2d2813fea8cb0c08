import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData } from '@remix-run/react'
import { Field, FormErrors } from '~/components/ui/field'
import { HoneypotFields } from '~/components/ui/honeypot'
import { createUser } from '~/modules/accounts/accounts.server'
import { FULL_NAME_MAX, RegisterSchema } from '~/modules/accounts/validation'
import { requireAnonymous, startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { checkHoneypot } from '~/utils/honeypot.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Регистрация — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await request.formData()
  checkHoneypot(formData)
  const { submission, hideFields } = parseForm(formData, RegisterSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  const { fullName, email, phone, password } = submission.value
  let userId: string
  try {
    userId = await createUser({ fullName, email, phone, password, roles: ['resident'] })
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields })
    return data(result, { status })
  }
  const cookie = await startSession(userId)
  return redirectWithToast('/cabinet', { message: 'Вы зарегистрированы. Добро пожаловать!' }, { headers: { 'Set-Cookie': cookie } })
}

export default function RegisterPage() {
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
  })
  return (
    <section className="narrow" aria-labelledby="register-title">
      <h1 id="register-title">Регистрация</h1>
      <p>Учётная запись нужна, чтобы подавать заявки, следить за их статусом и получать дипломы.</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <HoneypotFields />
        <Field
          label="Фамилия, имя и отчество"
          errors={fields.fullName.errors}
          inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: 'name', maxLength: FULL_NAME_MAX }}
        />
        <Field
          label="Электронная почта"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', inputMode: 'email' }}
        />
        <Field
          label="Телефон (необязательно)"
          hint="Пригодится организаторам, чтобы связаться с вами."
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel', placeholder: '+7 900 123-45-67' }}
        />
        <Field
          label="Пароль"
          hint="Не короче 8 символов, буквы и цифры."
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <button type="submit" className="button">
          Зарегистрироваться
        </button>
      </Form>
      <p>
        Уже есть учётная запись? <Link to="/login">Войти</Link>
      </p>
    </section>
  )
}
