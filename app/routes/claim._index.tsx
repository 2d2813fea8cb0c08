import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData } from '@remix-run/react'
import { Field, FormErrors } from '~/components/ui/field'
import { HoneypotFields } from '~/components/ui/honeypot'
import { claimByCode } from '~/modules/entries/claim.server'
import { CLAIM_FIELD_MAX, ClaimByCodeSchema } from '~/modules/entries/validation'
import { startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { checkHoneypot } from '~/utils/honeypot.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { PASSWORD_HINT } from '~/modules/accounts/validation'

export const meta: MetaFunction = () => [{ title: 'Вход по квитанции ЦРН — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

/**
 * The receipt's number and code are the proof of who asks: a wrong pair is refused beside the code, and
 * past the limit of wrong codes for the account, with 429 (claim.server.ts).
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  checkHoneypot(formData)
  const { submission, hideFields } = parseForm(formData, ClaimByCodeSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  let userId: string
  try {
    userId = await claimByCode(submission.value, publicBaseUrl(request))
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields })
    return data(result, { status })
  }
  return redirectWithToast(
    '/cabinet',
    { message: `Учётная запись ваша, вы вошли. Мы отправили на ${submission.value.email} письмо: подтвердите адрес по ссылке или коду из него.` },
    { headers: { 'Set-Cookie': await startSession(userId, request) } },
  )
}

export default function ClaimPage() {
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ClaimByCodeSchema }),
  })
  return (
    <section className="narrow" aria-labelledby="claim-title">
      <h1 id="claim-title">Вход по квитанции ЦРН</h1>
      <p>
        Если вашу заявку на конкурс приняли на бумаге в центре развития населения, вам дали квитанцию с номером заявки и кодом. Введите их, свой адрес
        электронной почты и придумайте пароль: учётная запись станет вашей, и вы увидите заявку, а потом и диплом.
      </p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <HoneypotFields />
        <Field
          label="Номер заявки"
          hint="Как на квитанции, например СК-0012."
          errors={fields.number.errors}
          inputProps={{ ...getInputProps(fields.number, { type: 'text' }), maxLength: CLAIM_FIELD_MAX, autoComplete: 'off' }}
        />
        <Field
          label="Код с квитанции"
          hint="Десять знаков: буквы и цифры. Можно вводить русскими или латинскими буквами, с дефисом или без."
          errors={fields.code.errors}
          inputProps={{ ...getInputProps(fields.code, { type: 'text' }), maxLength: CLAIM_FIELD_MAX, autoComplete: 'off', autoCapitalize: 'characters', spellCheck: false }}
        />
        <Field
          label="Электронная почта"
          hint="На неё придёт письмо для подтверждения адреса. С этим адресом и паролем вы будете входить на сайт."
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
        />
        <Field
          label="Пароль"
          hint={PASSWORD_HINT}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <button type="submit" className="button">
          Получить учётную запись
        </button>
      </Form>
      <p className="muted">
        Пришло письмо со ссылкой? Откройте ссылку из письма, код не нужен. Уже задали пароль? <Link to="/login">Войдите</Link>.
      </p>
    </section>
  )
}
