import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { BarChart } from '~/components/results/bar-chart'
import { ContestStatisticsView, StatisticsDownloads } from '~/components/results/statistics-view'
import { getYearStatistics } from '~/modules/results/statistics.server'
import { refuse } from '~/utils/refusal.server'
import { countOf, formatNumber, NOUNS, plural } from '~/utils/format'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('results')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Статистика конкурсов ${data.year} года — Городские конкурсы` : 'Статистика не найдена' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const year = Number(params.year)
  const stats = Number.isInteger(year) ? await getYearStatistics(year) : null
  if (!stats) refuse('not_found', 'За этот год итогов конкурсов нет.')
  return stats
}

export default function YearStatisticsPage() {
  const y = useLoaderData<typeof loader>()
  const base = `/resources/statistics/${y.year}`
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/statistics">Статистика по годам</Link>
      </p>
      <h1>Конкурсы {y.year} года в цифрах</h1>
      <p className="lead">
        {`${countOf(y.contests.length, NOUNS.contest)}, ${countOf(y.participants, NOUNS.participant)}, ${countOf(y.entries, NOUNS.entry)}, ` +
          `из них ${formatNumber(y.winners)} ${plural(y.winners, ['победила', 'победили', 'победили'])}.`}
      </p>
      <StatisticsDownloads base={base} />
      <BarChart
        title="Участников по конкурсам"
        rows={y.contests.map((c) => ({ name: c.contest.shortName, count: c.participants }))}
        unit={(n) => countOf(n, NOUNS.participant)}
      />
      {y.contests.map((c) => (
        <section key={c.contest.id} aria-labelledby={`contest-${c.contest.id}`}>
          <h2 id={`contest-${c.contest.id}`}>
            <Link to={`/contests/${c.contest.slug}/results`}>{c.contest.title}</Link>
          </h2>
          <ContestStatisticsView stats={c} headingLevel={3} />
        </section>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
