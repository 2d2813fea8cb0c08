import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listCounts } from '~/modules/directory/directory.server'
import { DIRECTORY_LISTS, LISTS } from '~/modules/directory/lists'
import { areaStyles } from '~/styles/links'
import { formatNumber } from '~/utils/format'
import { requirePermission } from '~/utils/permissions.server'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Справочник города — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'directory.manage')
  return { counts: await listCounts() }
}

export default function DirectoryHome() {
  const { counts } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Справочник города</h1>
      <p>Районы, комитеты ТОС, организации и ЦРН, из которых выбирают в заявках. Каждый список можно скачать и загрузить файлом CSV или XLSX.</p>
      <ul className="org-list">
        {DIRECTORY_LISTS.map((l) => (
          <li key={l} className="card">
            <Link to={`/organiser/directory/${l}`}>{LISTS[l].title}</Link> <span className="muted">— {formatNumber(counts[l])}</span>
          </li>
        ))}
      </ul>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
