import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors } from '~/components/ui/field'
import { HoneypotFields } from '~/components/ui/honeypot'
import { RESET_LINK_HOURS, requestPasswordReset } from '~/modules/accounts/recovery.server'
import { ForgotPasswordSchema } from '~/modules/accounts/validation'
import { parseForm } from '~/utils/forms.server'
import { countOf } from '~/utils/format'
import { checkHoneypot } from '~/utils/honeypot.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'

export const meta: MetaFunction = () => [{ title: 'Восстановление пароля — Городские конкурсы' }]

export function loader() {
  return { hours: RESET_LINK_HOURS }
}

/**
 * The same answer whether or not the address has an account: only the letter, or its absence, tells.
 * Too many requests for one address in an hour get 429 (recovery.server.ts), too many from one IP the
 * HTTP server's 429 (server.ts).
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  checkHoneypot(formData)
  const { submission, hideFields } = parseForm(formData, ForgotPasswordSchema)
  if (submission.status !== 'success') return data({ sent: null, result: submission.reply({ hideFields }) }, { status: 400 })
  try {
    await requestPasswordReset(submission.value.email, publicBaseUrl(request))
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields })
    return data({ sent: null, result }, { status })
  }
  return { sent: submission.value.email, result: null }
}

export default function ForgotPasswordPage() {
  const { hours: linkHours } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: reply?.result,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  })
  const hours = countOf(linkHours, ['час', 'часа', 'часов'])
  if (reply?.sent) {
    return (
      <section className="narrow" aria-labelledby="forgot-title">
        <h1 id="forgot-title">Проверьте почту</h1>
        <p role="status">
          Если адрес {reply.sent} зарегистрирован на сайте, на него отправлено письмо со ссылкой, по которой можно задать новый пароль. Ссылка действует {hours} и
          только один раз.
        </p>
        <p>Если письма нет через несколько минут, проверьте папку «Спам» или проверьте, тот ли адрес вы ввели.</p>
        <p>
          <Link to="/forgot-password">Ввести другой адрес</Link> · <Link to="/login">Вход</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Восстановление пароля</h1>
      <p>Введите адрес электронной почты, с которым вы регистрировались. Мы отправим на него ссылку, по которой можно задать новый пароль.</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <HoneypotFields />
        <Field
          label="Электронная почта"
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', inputMode: 'email' }}
        />
        <button type="submit" className="button">
          Отправить ссылку
        </button>
      </Form>
      <p>
        Вспомнили пароль? <Link to="/login">Войти</Link>
      </p>
    </section>
  )
}
