/** The loaders behind the CSV and XLSX download routes, which differ only in the format. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getContestStatistics, getYearStatistics, NO_STATISTICS_YEAR } from '../results/statistics.server'
import { refuse } from '../../utils/refusal.server'
import { contestTables, statisticsDownload, yearTables } from './statistics-export.server'
import { NO_SUCH_CONTEST } from '../../utils/refusal'

/** The caller has checked the permission. */
export async function contestStatisticsDownload({ params }: LoaderFunctionArgs, format: 'csv' | 'xlsx') {
  const stats = await getContestStatistics(Number(params.contestId))
  if (!stats) refuse('not_found', NO_SUCH_CONTEST)
  return statisticsDownload(contestTables(stats), format, `Статистика — ${stats.contest.title}`)
}

export async function yearStatisticsDownload({ params }: LoaderFunctionArgs, format: 'csv' | 'xlsx') {
  const year = Number(params.year)
  const stats = Number.isInteger(year) ? await getYearStatistics(year) : null
  if (!stats) refuse('not_found', NO_STATISTICS_YEAR)
  return statisticsDownload(yearTables(stats), format, `Статистика конкурсов ${year} года`)
}
