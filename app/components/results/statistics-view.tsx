import type { ContestStatistics } from '~/modules/results/statistics.server'
import { contestFigures, figureText, type Figure } from '~/modules/results/statistics-figures'
import { countOf } from '~/utils/format'
import { BarChart } from './bar-chart'

/** Figures as the page lists them, each in its own noun: «Подано — 618 заявок». The downloads hold the same rows. */
export function FigureList({ figures }: { figures: Figure[] }) {
  return (
    <dl className="stat-figures">
      {figures.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{figureText(f)}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The report's sentences. */
export function ReportText({ sentences }: { sentences: string[] }) {
  return (
    <div className="report-text">
      {sentences.map((s) => (
        <p key={s}>{s}</p>
      ))}
    </div>
  )
}

/** A contest's figures: the report's sentences, then the breakdowns as charts in the contest's own nouns. Headings start at `level`. */
export function ContestStatisticsView({ stats, headingLevel }: { stats: ContestStatistics; headingLevel: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3'
  const entries = (n: number) => countOf(n, stats.nouns.entry)
  const people = (n: number) => countOf(n, stats.nouns.participant)
  return (
    <>
      <ReportText sentences={stats.sentences} />
      <FigureList figures={contestFigures(stats)} />
      <H>По номинациям</H>
      <BarChart title="Приняты к участию в номинации" rows={stats.byNomination} unit={entries} />
      <H>По районам</H>
      <BarChart title="Приняты к участию из района" rows={stats.byDistrict} unit={entries} />
      <H>По возрасту</H>
      <BarChart title="Приняли участие в возрастной категории" rows={stats.byAge} unit={people} />
    </>
  )
}

/** The CSV and XLSX downloads of one set of statistics: `base` is the address without its extension. */
export function StatisticsDownloads({ base }: { base: string }) {
  return (
    <p className="downloads">
      <a className="button button--secondary" href={`${base}.csv`} download>
        Скачать CSV
      </a>{' '}
      <a className="button button--secondary" href={`${base}.xlsx`} download>
        Скачать XLSX
      </a>
    </p>
  )
}
