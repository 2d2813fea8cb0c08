import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AuditLog } from '~/components/audit/audit-log'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { auditPageData } from '~/modules/audit/audit.server'
import { formatEntryNumber } from '~/modules/contests/entry-number'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Журнал действий — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'documents.export')
  return await auditPageData(request, contest.id, (seq) => formatEntryNumber(contest.numberPrefix, seq))
}

export default function AuditPage() {
  const data = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Журнал действий</h2>
      <p>Кто, что и когда изменил в конкурсе: значения до и после. Записи журнала не изменяются и не удаляются.</p>
      <AuditLog {...data} />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
