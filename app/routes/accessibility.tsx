import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { privacyPolicy } from '~/modules/accounts/policy.server'

export const meta: MetaFunction = () => [{ title: 'Доступность сайта — Городские конкурсы' }]

export function loader() {
  return { operator: privacyPolicy().operator }
}

export default function AccessibilityPage() {
  const { operator } = useLoaderData<typeof loader>()
  return (
    <article className="prose" aria-labelledby="accessibility-title">
      <h1 id="accessibility-title">Заявление о доступности</h1>
      <p>
        {operator.name} стремится к тому, чтобы сайтом городских конкурсов могли пользоваться все, в том числе люди с нарушениями зрения, слуха и
        движения. Сайт разрабатывается по ГОСТ Р 52872-2019 и WCAG 2.1 на уровне AA.
      </p>
      <h2>Что сделано</h2>
      <ul>
        <li>каждая страница проверяется автоматически (axe-core), в том числе контрастность текста;</li>
        <li>все формы работают без JavaScript, а подписи и ошибки связаны с полями для экранных дикторов;</li>
        <li>страницы удобны на экране шириной от 360 пикселей и при увеличении;</li>
        <li>всем сайтом можно пользоваться с клавиатуры, ссылка «К содержанию» ведёт мимо меню.</li>
      </ul>
      <h2>Что ещё не доступно</h2>
      <p>
        Фотографии работ не имеют текстовых описаний, кроме названия заявки. Дипломы в PDF не размечены для экранных дикторов: их данные можно
        проверить на странице <Link to="/diplomas">проверки диплома</Link>.
      </p>
      <h2>Обратная связь</h2>
      <p>
        Если что-то на сайте вам недоступно, напишите по адресу {operator.address}
        {operator.email ? (
          <>
            {' '}
            или на <a href={`mailto:${operator.email}`}>{operator.email}</a>
          </>
        ) : null}
        . Другие способы связи — на странице <Link to="/contacts">контактов</Link>.
      </p>
    </article>
  )
}
