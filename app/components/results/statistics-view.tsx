import type { ContestStatistics } from '~/modules/results/statistics.server'
import { countOf, formatNumber, NOUNS } from '~/utils/format'
import { BarChart } from './bar-chart'

/** A contest's figures: the report's sentences, then the breakdowns as charts. Headings start at `level`. */
export function ContestStatisticsView({ stats, headingLevel }: { stats: ContestStatistics; headingLevel: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3'
  return (
    <>
      <div className="report-text">
        {stats.sentences.map((s) => (
          <p key={s}>{s}</p>
        ))}
      </div>
      <dl className="stat-figures">
        <div>
          <dt>Участников</dt>
          <dd>{stats.participants}</dd>
        </div>
        <div>
          <dt>Заявок</dt>
          <dd>{stats.entries}</dd>
        </div>
        <div>
          <dt>Победивших заявок</dt>
          <dd>{stats.winners ?? '—'}</dd>
        </div>
        {stats.fields.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{formatNumber(f.value)}</dd>
          </div>
        ))}
      </dl>
      <H>По номинациям</H>
      <BarChart title="Заявок в номинации" rows={stats.byNomination} unit={(n) => countOf(n, NOUNS.entry)} />
      <H>По районам</H>
      <BarChart title="Заявок из района" rows={stats.byDistrict} unit={(n) => countOf(n, NOUNS.entry)} />
      <H>По возрасту</H>
      <BarChart title="Участников в возрастной категории" rows={stats.byAge} unit={(n) => countOf(n, NOUNS.participant)} />
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
