import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { privacyPolicy } from '~/modules/accounts/policy.server'

export const meta: MetaFunction = () => [{ title: 'Контакты — Городские конкурсы' }]

export function loader() {
  return { operator: privacyPolicy().operator }
}

export default function ContactsPage() {
  const { operator } = useLoaderData<typeof loader>()
  return (
    <article className="prose" aria-labelledby="contacts-title">
      <h1 id="contacts-title">Контакты</h1>
      <p>
        Конкурсы проводит <strong>{operator.name}</strong>.
      </p>
      <dl>
        <dt>Почтовый адрес</dt>
        <dd>{operator.address}</dd>
        {operator.email ? (
          <>
            <dt>Электронная почта</dt>
            <dd>
              <a href={`mailto:${operator.email}`}>{operator.email}</a>
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        Вопросы о заявке задавайте организаторам конкурса: их контакты — в положении о конкурсе. Бумажную заявку можно подать в центре по работе с
        населением (ЦРН) своего района.
      </p>
      <p>
        О персональных данных — в <Link to="/privacy">политике обработки персональных данных</Link>; о доступности сайта — в{' '}
        <Link to="/accessibility">заявлении о доступности</Link>.
      </p>
    </article>
  )
}
