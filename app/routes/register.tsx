import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AccountConsent } from '~/components/ui/account-consent'
import { Field, FormErrors } from '~/components/ui/field'
import { HoneypotFields } from '~/components/ui/honeypot'
import { registerResident } from '~/modules/accounts/accounts.server'
import { privacyPolicy } from '~/modules/accounts/policy.server'
import { EMAIL_TAKEN, FULL_NAME_MAX, PASSWORD_HINT, RegisterSchema, safeRedirect, withRedirect } from '~/modules/accounts/validation'
import { requireAnonymous, startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { checkHoneypot } from '~/utils/honeypot.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Регистрация — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { operator: privacyPolicy().operator.name }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await request.formData()
  checkHoneypot(formData)
  const { submission, hideFields } = parseForm(formData, RegisterSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  const { fullName, email, phone, password, redirectTo } = submission.value
  let userId: string
  try {
    userId = await registerResident({ fullName, email, phone, password }, publicBaseUrl(request), privacyPolicy().version)
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields })
    return data(result, { status })
  }
  const cookie = await startSession(userId, request)
  // Registered on the way to a page that needs an account (the application form): back to it.
  return redirectWithToast(
    safeRedirect(redirectTo),
    { message: `Вы зарегистрированы. Мы отправили письмо на ${email}: подтвердите адрес по ссылке или кодом из письма.` },
    { headers: { 'Set-Cookie': cookie } },
  )
}

/** The refusal of a registered address, with its two ways on as links. */
function EmailTaken({ redirectTo }: { redirectTo: string | null }) {
  return (
    <>
      Этот адрес уже зарегистрирован. <Link to={withRedirect('/login', redirectTo)}>Войдите</Link> или <Link to="/forgot-password">восстановите пароль</Link>.
    </>
  )
}

export default function RegisterPage() {
  const lastResult = useActionData<typeof action>()
  const { operator } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const redirectTo = searchParams.get('redirectTo')
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
        <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
        <Field
          label="Фамилия, имя и отчество"
          errors={fields.fullName.errors}
          inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: 'name', maxLength: FULL_NAME_MAX }}
        />
        <Field
          label="Электронная почта"
          hint="Пришлём на неё письмо со ссылкой и кодом для подтверждения."
          errors={fields.email.errors}
          errorContent={fields.email.errors?.includes(EMAIL_TAKEN) ? <EmailTaken redirectTo={redirectTo} /> : undefined}
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
          hint={PASSWORD_HINT}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <AccountConsent operator={operator} purpose="чтобы участвовать в городских конкурсах" field={fields.consent} />
        <button type="submit" className="button">
          Зарегистрироваться
        </button>
      </Form>
      <p>
        Уже есть учётная запись? <Link to={withRedirect('/login', redirectTo)}>Войти</Link>
      </p>
    </section>
  )
}
