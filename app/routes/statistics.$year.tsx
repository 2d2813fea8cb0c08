import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TableWrap } from '~/components/ui/table-wrap'
import { BarChart } from '~/components/results/bar-chart'
import { ContestStatisticsView, ReportText, StatisticsDownloads } from '~/components/results/statistics-view'
import { figureText, YEAR_COLUMNS, yearRow, yearTotals } from '~/modules/results/statistics-figures'
import { getYearStatistics, NO_STATISTICS_YEAR } from '~/modules/results/statistics.server'
import { yearLead } from '~/modules/results/statistics-text'
import { refuse } from '~/utils/refusal.server'
import { countOf } from '~/utils/format'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('results')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Статистика конкурсов ${data.year} года — Городские конкурсы` : 'Статистика не найдена' },
]

/** Published statistics: every guest may read them (tests/unit/route-permissions.test.ts). */
export async function loader({ params }: LoaderFunctionArgs) {
  const year = Number(params.year)
  const stats = Number.isInteger(year) ? await getYearStatistics(year) : null
  if (!stats) refuse('not_found', NO_STATISTICS_YEAR)
  return stats
}

export default function YearStatisticsPage() {
  const y = useLoaderData<typeof loader>()
  const base = `/resources/statistics/${y.year}`
  const withResults = y.contests.filter((c) => c.shown === 'all')
  const rows = [...y.contests.map(yearRow), yearTotals(y)]
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/statistics">Статистика по годам</Link>
      </p>
      <h1>Конкурсы {y.year} года в цифрах</h1>
      <p className="lead">{yearLead({ contests: y.contests.length, received: y.received, published: y.published })}</p>
      <StatisticsDownloads base={base} />
      <TableWrap label="Конкурсы года">
        <table>
          <caption>Конкурсы года</caption>
          <thead>
            <tr>
              {YEAR_COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.contest}>
                <th scope="row">{r.contest}</th>
                {r.figures.map((f) => (
                  <td key={f.label}>{figureText(f)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <BarChart
        title="Подано по конкурсам"
        rows={y.contests.map((c) => ({ name: c.contest.title, count: c.received }))}
        unit={(n, i) => countOf(n, y.contests[i].nouns.entry)}
      />
      {withResults.length > 0 && (
        <BarChart
          title="Приняли участие в конкурсах с подведёнными итогами"
          rows={withResults.map((c) => ({ name: c.contest.title, count: c.participants }))}
          unit={(n, i) => countOf(n, withResults[i].nouns.participant)}
        />
      )}
      {y.contests.map((c) => (
        <section key={c.contest.id} aria-labelledby={`contest-${c.contest.id}`}>
          <h2 id={`contest-${c.contest.id}`}>
            <Link to={c.shown === 'all' ? `/contests/${c.contest.slug}/results` : `/contests/${c.contest.slug}`}>{c.contest.title}</Link>
          </h2>
          {c.shown === 'all' ? <ContestStatisticsView stats={c} headingLevel={3} /> : <ReportText sentences={c.sentences} />}
        </section>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
