import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ContestStatisticsView, StatisticsDownloads } from '~/components/results/statistics-view'
import { getContestStatistics } from '~/modules/results/statistics.server'
import { requirePermission } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'
import { areaStyles } from '~/styles/links'
import { NO_SUCH_CONTEST } from '~/utils/refusal'

export const links = areaStyles('results')

export const meta: MetaFunction = () => [{ title: 'Статистика — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'documents.export')
  const stats = await getContestStatistics(Number(params.contestId))
  if (!stats) refuse('not_found', NO_SUCH_CONTEST)
  return { stats }
}

export default function ContestStatisticsPage() {
  const { stats } = useLoaderData<typeof loader>()
  const base = `/resources/contests/${stats.contest.id}/statistics`
  return (
    <section aria-labelledby="statistics-title" className="statistics">
      <h2 id="statistics-title">Статистика</h2>
      <p className="muted">
        «Подано» — все отправленные заявки, и отклонённые тоже, кроме черновиков и отозванных. Остальное считает принятые заявки: участники — разные
        авторы принятых заявок, победители — места и специальные призы опубликованных итогов.
      </p>
      <StatisticsDownloads base={base} />
      <ContestStatisticsView stats={stats} headingLevel={3} />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
