import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuditLog } from '~/components/audit/audit-log'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { auditPageData } from '~/modules/audit/audit.server'
import { requirePermission } from '~/utils/permissions.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Журнал действий сайта — Городские конкурсы' }]

/** The records of no contest: roles granted and revoked, accounts' own changes; for administrators. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.manage')
  // Records of no contest name no entry: an entry's records belong to its contest's log.
  return await auditPageData(request, null, (seq) => String(seq))
}

export default function SiteAuditPage() {
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Журнал действий сайта</h1>
      <p>
        Записи, не относящиеся к конкурсу: выданные и снятые роли, изменения учётных записей. Записи журнала не изменяются и не удаляются. Журнал каждого конкурса — на
        его странице у организатора. <Link to="/admin/users">Учётные записи и роли</Link>
      </p>
      <AuditLog {...data} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
