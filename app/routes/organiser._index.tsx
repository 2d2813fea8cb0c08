import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TableWrap } from '~/components/ui/table-wrap'
import { listOrganiserContests } from '~/modules/contests/organiser.server'
import { requirePermission } from '~/utils/permissions.server'
import { formatClosingDay, formatDate } from '~/utils/format'
import { CONTEST_STATUS_LABELS } from '../../db/schema/enums'

export const meta: MetaFunction = () => [{ title: 'Конкурсы организатора — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'contest.manage')
  return {
    contests: (await listOrganiserContests()).map((c) => ({
      id: c.id,
      title: c.title,
      year: c.year,
      status: CONTEST_STATUS_LABELS[c.status],
      opensAt: c.opensAt?.toISOString() ?? null,
      closesAt: c.closesAt?.toISOString() ?? null,
    })),
  }
}

export default function OrganiserHome() {
  const { contests } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Конкурсы</h1>
      <p>
        <Link to="/organiser/contests/new" className="button">
          Создать конкурс
        </Link>{' '}
        <Link to="/organiser/outbox">Исходящие письма</Link> <Link to="/organiser/directory">Справочник города</Link>
      </p>
      <TableWrap label="Все конкурсы">
        <table>
          <caption>Все конкурсы, включая черновики</caption>
          <thead>
            <tr>
              <th scope="col">Конкурс</th>
              <th scope="col">Год</th>
              <th scope="col">Состояние</th>
              <th scope="col">Приём заявок</th>
            </tr>
          </thead>
          <tbody>
            {contests.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/organiser/contests/${c.id}`}>{c.title}</Link>
                </th>
                <td>{c.year}</td>
                <td>{c.status}</td>
                <td>{c.opensAt && c.closesAt ? `${formatDate(c.opensAt)} — ${formatClosingDay(c.closesAt)}` : 'сроки не заданы'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
