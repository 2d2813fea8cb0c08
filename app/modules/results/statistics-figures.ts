/**
 * The figures of a contest and of a year as rows of a table: the statistics pages show these rows, and the CSV
 * and XLSX downloads hold the same rows, so the page and the files cannot differ. Pure, for the browser too.
 */
import { countOf, formatNumber, NOUNS } from '~/utils/format'
import type { ContestStatistics, YearContestStatistics, YearStatistics } from './statistics.server'
import type { Forms } from './statistics-text'

/** One figure: a count of something (its noun after a numeral), or a note where there is no figure yet. */
export type Figure = { label: string; value: number | string; forms: Forms | null }

export const RESULTS_NOT_OUT = 'итоги не подведены'

/** «618 заявок», «1125 жителей»; a note as it is. */
export function figureText(f: Pick<Figure, 'value' | 'forms'>) {
  if (typeof f.value === 'string') return f.value
  return f.forms ? countOf(f.value, f.forms) : formatNumber(f.value)
}

/** A contest's own figures: received, accepted, participants, winners, then the sums of its counted fields. */
export function contestFigures(s: ContestStatistics): Figure[] {
  return [
    { label: 'Подано', value: s.received, forms: s.nouns.entry },
    { label: 'Приняты к участию', value: s.entries, forms: s.nouns.entry },
    { label: 'Приняли участие', value: s.participants, forms: s.nouns.participant },
    { label: 'Победители', value: s.winners ?? RESULTS_NOT_OUT, forms: s.nouns.entry },
    ...s.fields.map((f) => ({ label: f.label, value: f.value, forms: f.forms })),
    ...(s.voting ? votingFigures(s.voting) : []),
  ]
}

/** The people's choice figures, only of a contest with voting (docs/decisions/038). */
export function votingFigures(v: { voters: number; votes: number }): Figure[] {
  return [
    { label: 'Проголосовали за приз зрителей', value: v.voters, forms: NOUNS.voter },
    { label: 'Голоса зрителей', value: v.votes, forms: NOUNS.vote },
  ]
}

/** The year's table, a row per contest: what was received by each; participants and winners once its results are out. */
export const YEAR_COLUMNS = ['Конкурс', 'Подано', 'Приняли участие', 'Победители'] as const

export function yearRow(c: YearContestStatistics): { contest: string; figures: Figure[] } {
  const full = c.shown === 'all' && c.published
  return {
    contest: c.contest.title,
    figures: [
      { label: YEAR_COLUMNS[1], value: c.received, forms: c.nouns.entry },
      { label: YEAR_COLUMNS[2], value: full ? c.participants : RESULTS_NOT_OUT, forms: c.nouns.participant },
      { label: YEAR_COLUMNS[3], value: full ? (c.winners ?? 0) : RESULTS_NOT_OUT, forms: c.nouns.entry },
    ],
  }
}

/** The year's totals: entries received by every contest are applications alike; people and winners only of the contests with results. */
export function yearTotals(y: YearStatistics): { contest: string; figures: Figure[] } {
  return {
    contest: 'Всего',
    figures: [
      { label: YEAR_COLUMNS[1], value: y.received, forms: NOUNS.entry },
      { label: YEAR_COLUMNS[2], value: y.published.participants, forms: NOUNS.participant },
      { label: YEAR_COLUMNS[3], value: y.published.winners, forms: NOUNS.entry },
    ],
  }
}
