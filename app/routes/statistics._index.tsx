import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listStatisticsYears } from '~/modules/results/statistics.server'
import { yearListing } from '~/modules/results/statistics-text'

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
              <Link to={`/statistics/${y.year}`}>{y.year} год</Link> — {yearListing(y)}
            </li>
          ))}
        </ul>
      ) : (
        <p>Конкурсов пока нет.</p>
      )}
    </>
  )
}
