/** The loaders behind the CSV and XLSX download routes, which differ only in the format. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getContestStatistics, getYearStatistics } from '../results/statistics.server'
import { contestTables, statisticsDownload, yearTables } from './statistics-export.server'

/** The caller has checked the permission. */
export async function contestStatisticsDownload({ params }: LoaderFunctionArgs, format: 'csv' | 'xlsx') {
  const stats = getContestStatistics(Number(params.contestId))
  if (!stats) throw new Response('Такого конкурса нет.', { status: 404 })
  return statisticsDownload(contestTables(stats), format, `Статистика — ${stats.contest.title}`)
}

export async function yearStatisticsDownload({ params }: LoaderFunctionArgs, format: 'csv' | 'xlsx') {
  const year = Number(params.year)
  const stats = Number.isInteger(year) ? getYearStatistics(year) : null
  if (!stats) throw new Response('За этот год итогов конкурсов нет.', { status: 404 })
  return statisticsDownload(yearTables(stats), format, `Статистика конкурсов ${year} года`)
}
