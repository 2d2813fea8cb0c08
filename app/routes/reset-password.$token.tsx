import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Link, useActionData, useLoaderData } from '@remix-run/react'
import { PasswordByLink } from '~/components/accounts/password-by-link'
import { passwordByLinkAction } from '~/modules/accounts/password-link.server'
import { resetLinkState, resetPassword } from '~/modules/accounts/recovery.server'

export const meta: MetaFunction = () => [{ title: 'Новый пароль — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

/** A link that does not work says why, with 404 (never issued or mistyped) or 410 (used, or its hour is over). */
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await resetLinkState(params.token ?? '')
  if (!link.ok) return data({ refused: link.message }, { status: link.state === 'unknown' ? 404 : 410 })
  return { refused: null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return passwordByLinkAction(
    request,
    (password) => resetPassword(params.token ?? '', password),
    'Пароль изменён, вы вошли. На всех других устройствах выполнен выход из учётной записи.',
  )
}

export default function ResetPasswordPage() {
  const { refused } = useLoaderData<typeof loader>()
  return (
    <PasswordByLink
      refused={refused}
      otherWays={<Link to="/forgot-password">Получить новую ссылку</Link>}
      title="Новый пароль"
      intro="Придумайте новый пароль. После этого вы войдёте на сайт, а на остальных устройствах выход из учётной записи произойдёт сам."
      label="Новый пароль"
      submit="Сохранить пароль"
      lastResult={useActionData<typeof action>()}
    />
  )
}
