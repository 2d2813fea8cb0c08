import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Link, useActionData, useLoaderData } from '@remix-run/react'
import { PasswordByLink } from '~/components/accounts/password-by-link'
import { passwordByLinkAction } from '~/modules/accounts/password-link.server'
import { claimByLink, claimLinkState } from '~/modules/entries/claim.server'

export const meta: MetaFunction = () => [{ title: 'Ваша учётная запись — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

/** A link that does not work says why, with 404 (never issued or mistyped) or 410 (used, expired, or the account has a password). */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await claimLinkState(params.token ?? '')
  if (!link.ok) return data({ refused: link.message, fullName: null, email: null }, { status: link.state === 'unknown' ? 404 : 410 })
  return { refused: null, fullName: link.fullName, email: link.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return passwordByLinkAction(
    request,
    (password) => claimByLink(params.token ?? '', password),
    'Пароль задан, вы вошли. Теперь входите на сайт с вашим адресом электронной почты и этим паролем.',
  )
}

export default function ClaimByLinkPage() {
  const { refused, fullName, email } = useLoaderData<typeof loader>()
  return (
    <PasswordByLink
      refused={refused}
      otherWays={
        <>
          <Link to="/login">Вход</Link> · <Link to="/forgot-password">Восстановить пароль</Link>
        </>
      }
      title="Ваша учётная запись"
      intro={`${fullName}, оператор ЦРН внёс вашу бумажную заявку на сайт и создал для вас учётную запись ${email}. Придумайте пароль: вы войдёте и увидите заявку, а когда итоги подведут, — диплом.`}
      label="Пароль"
      submit="Задать пароль и войти"
      lastResult={useActionData<typeof action>()}
    />
  )
}
