import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listMyDiplomas } from '~/modules/documents/diplomas.server'
import { diplomaPath, diplomaTitle } from '~/modules/results/ranking'
import { requirePermission } from '~/utils/permissions.server'
import { formatDate, quoted } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Мои дипломы — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  return {
    diplomas: (await listMyDiplomas(user.id)).map((d) => ({
      number: d.number,
      title: diplomaTitle(d.kind, d.place, d.prizeName),
      recipientName: d.recipientName,
      contestTitle: d.contestTitle,
      nominationName: d.nominationName,
      ageCategory: d.ageCategory,
      entry: `${d.entryNumber}${d.entryTitle ? ` ${quoted(d.entryTitle)}` : ''}`,
      issuedAt: d.issuedAt.toISOString(),
    })),
  }
}

export default function MyDiplomas() {
  const { diplomas } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Мои дипломы</h1>
      {diplomas.length ? (
        <ul className="card-list">
          {diplomas.map((d) => (
            <li key={d.number} className="card">
              <h2 className="card__title">{d.title}</h2>
              <p>
                <strong>{d.recipientName}</strong>
              </p>
              <p>
                {d.contestTitle}, номинация {quoted(d.nominationName)}
                {d.ageCategory ? `, возрастная категория ${quoted(d.ageCategory)}` : ''}
              </p>
              <p className="muted">
                Работа {d.entry}. Выдан {formatDate(d.issuedAt)}, № {d.number}
              </p>
              <p>
                <a className="button" href={`/resources/diplomas/${encodeURIComponent(d.number)}.pdf`} download>
                  Скачать диплом (PDF)
                </a>{' '}
                <Link to={diplomaPath(d.number)}>Страница проверки</Link>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>Дипломов пока нет. Они появятся здесь, когда организаторы подведут итоги конкурса, в котором вы участвовали.</p>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
