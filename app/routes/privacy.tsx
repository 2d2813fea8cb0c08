import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { privacyPolicy } from '~/modules/accounts/policy.server'

export const meta: MetaFunction = () => [{ title: 'Политика обработки персональных данных — Городские конкурсы' }]

export function loader() {
  const { operator, version, html } = privacyPolicy()
  return { operator, version, html }
}

export default function PrivacyPage() {
  const { operator, version, html } = useLoaderData<typeof loader>()
  return (
    <article aria-labelledby="privacy-title">
      <h1 id="privacy-title">Политика обработки персональных данных</h1>
      <p>
        Оператор персональных данных: <strong>{operator.name}</strong>, {operator.address}
        {operator.email ? `, ${operator.email}` : ''}. Редакция {version}.
      </p>
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  )
}
