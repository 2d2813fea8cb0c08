import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors } from '~/components/ui/field'
import { confirmationLinkState, confirmEmailByLink } from '~/modules/accounts/email.server'
import { getUser } from '~/utils/auth.server'
import { asRefusal } from '~/utils/refusal'
import { refusalStatus } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Подтверждение адреса — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

/**
 * Opening the link shows a button; the address is confirmed by pressing it (a post), so that a mail
 * service that opens links in letters to scan them does not use the link up or confirm an address
 * nobody asked for.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await confirmationLinkState(params.token ?? '')
  if (!link.ok) return data({ refused: link.message, email: null }, { status: link.state === 'unknown' ? 404 : 410 })
  return { refused: null, email: link.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  let confirmed: Awaited<ReturnType<typeof confirmEmailByLink>>
  try {
    confirmed = await confirmEmailByLink(params.token ?? '')
  } catch (error) {
    const refusal = asRefusal(error)
    return data({ error: refusal.message }, { status: refusalStatus(refusal) })
  }
  const message = confirmed.changed ? `Адрес учётной записи изменён на ${confirmed.email} и подтверждён.` : `Адрес ${confirmed.email} подтверждён.`
  const { user } = await getUser(request)
  if (user?.id === confirmed.userId) return redirectWithToast('/account', { message })
  return redirectWithToast('/login', { message: `${message} Войдите, чтобы продолжить.` })
}

export default function VerifyEmailPage() {
  const { refused, email } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  if (refused) {
    return (
      <section className="narrow" aria-labelledby="verify-title">
        <h1 id="verify-title">Ссылка не работает</h1>
        <p>{refused}</p>
        <p>
          Письмо с новой ссылкой и кодом можно отправить со страницы <Link to="/account">«Учётная запись»</Link>.
        </p>
      </section>
    )
  }
  return (
    <section className="narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Подтверждение адреса</h1>
      <Form method="post" className="stack">
        <FormErrors errors={reply?.error ? [reply.error] : undefined} />
        <p>Подтвердите, что адрес {email} — ваш.</p>
        <button type="submit" className="button">
          Подтвердить адрес
        </button>
      </Form>
    </section>
  )
}
