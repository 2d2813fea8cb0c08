import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listStatisticsYears } from '~/modules/results/statistics.server'
import { countOf, NOUNS } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Статистика конкурсов — Городские конкурсы' }]

export async function loader() {
  return { years: await listStatisticsYears() }
}

export default function StatisticsYears() {
  const { years } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Статистика конкурсов</h1>
      {years.length ? (
        <ul>
          {years.map((y) => (
            <li key={y.year}>
              <Link to={`/statistics/${y.year}`}>{y.year} год</Link> — {countOf(y.contests, NOUNS.contest)} с подведёнными итогами
            </li>
          ))}
        </ul>
      ) : (
        <p>Итоги конкурсов ещё не подводились.</p>
      )}
    </>
  )
}
