/** Statistics as downloads: CSV for Russian Excel (UTF-8 with BOM, «;» between fields, CRLF) and XLSX. */
import type { ContestStatistics, YearStatistics } from '../results/statistics.server'
import { contestFigures, votingFigures, YEAR_COLUMNS, yearRow, yearTotals, type Figure } from '../results/statistics-figures'
import { attachment, responseBody } from './pdf.server'

export interface Table {
  title: string
  columns: string[]
  rows: (string | number)[][]
}

/** A figure as a file holds it: the number and, beside it, what it counts («заявок», «жителей»). */
function figureCells(f: Figure): (string | number)[] {
  return [f.value, typeof f.value === 'number' && f.forms ? f.forms[2] : '']
}

export function contestTables(s: ContestStatistics): Table[] {
  const tables: Table[] = [
    {
      title: 'Итоги',
      columns: ['Показатель', 'Значение', 'Чего'],
      rows: [['Конкурс', s.contest.title, ''], ...contestFigures(s).map((f) => [f.label, ...figureCells(f)])],
    },
    {
      title: 'Номинации',
      columns: ['Номинация', `Приняты к участию, ${s.nouns.entry[2]}`, `Победители, ${s.nouns.entry[2]}`],
      rows: s.byNomination.map((n) => [n.name, n.count, n.winners ?? '—']),
    },
    { title: 'Районы', columns: ['Район', `Приняты к участию, ${s.nouns.entry[2]}`], rows: s.byDistrict.map((d) => [d.name, d.count]) },
    { title: 'Возраст', columns: ['Возрастная категория', `Приняли участие, ${s.nouns.participant[2]}`], rows: s.byAge.map((a) => [a.name, a.count]) },
    { title: 'Текст отчёта', columns: ['Предложение'], rows: s.sentences.map((t) => [t]) },
  ]
  return tables
}

/** The year's table as the page shows it, a row per contest and the totals, then each contest with results by its breakdowns. */
export function yearTables(y: YearStatistics): Table[] {
  const row = ({ contest, figures }: ReturnType<typeof yearRow>) => [contest, ...figures.flatMap(figureCells)]
  return [
    {
      title: `Итоги ${y.year} года`,
      columns: [YEAR_COLUMNS[0], ...YEAR_COLUMNS.slice(1).flatMap((c) => [c, 'Чего'])],
      rows: [...y.contests.map((c) => row(yearRow(c))), row(yearTotals(y))],
    },
    { title: 'Текст отчёта', columns: ['Конкурс', 'Предложение'], rows: y.contests.flatMap((c) => c.sentences.map((t) => [c.contest.title, t])) },
    ...yearVoting(y),
    ...y.contests.flatMap((c) =>
      c.shown === 'all'
        ? contestTables(c)
            .slice(1, -1)
            .map((t) => ({ ...t, title: `${c.contest.shortName}: ${t.title}` }))
        : [],
    ),
  ]
}

/** The contests of the year with the people's choice and its results out: their voters and votes, a row each; nothing without any. */
function yearVoting(y: YearStatistics): Table[] {
  const voted = y.contests.flatMap((c) => (c.shown === 'all' && c.voting ? [{ title: c.contest.title, figures: votingFigures(c.voting) }] : []))
  if (!voted.length) return []
  const [voters, votes] = votingFigures({ voters: 0, votes: 0 })
  return [
    {
      title: 'Зрительское голосование',
      columns: ['Конкурс', `${voters.label}, ${voters.forms![2]}`, `${votes.label}, ${votes.forms![2]}`],
      rows: voted.map((c) => [c.title, ...c.figures.map((f) => f.value)]),
    },
  ]
}

function csvCell(value: string | number) {
  const text = typeof value === 'number' ? String(value).replace('.', ',') : value
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Tables one after another, each under its title, separated by an empty line. */
export function toCsv(tables: Table[]): Buffer {
  const lines: string[] = []
  for (const t of tables) {
    if (lines.length) lines.push('')
    lines.push(csvCell(t.title), t.columns.map(csvCell).join(';'), ...t.rows.map((r) => r.map(csvCell).join(';')))
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')])
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(title: string, used: Set<string>) {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Лист'
  let name = base
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`
  used.add(name.toLowerCase())
  return name
}

export async function toXlsx(tables: Table[]): Promise<Buffer> {
  // Loaded on the first spreadsheet: exceljs costs the server about 25 MB that a day without an export never needs.
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  book.creator = 'Городские конкурсы'
  const used = new Set<string>()
  for (const t of tables) {
    const sheet = book.addWorksheet(sheetName(t.title, used))
    sheet.addRow(t.columns).font = { bold: true }
    for (const r of t.rows) sheet.addRow(r)
    sheet.columns.forEach((col, i) => {
      const longest = Math.max(t.columns[i]?.length ?? 0, ...t.rows.map((r) => String(r[i] ?? '').length))
      col.width = Math.min(80, Math.max(10, longest + 2))
    })
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

/** The tables as a download in the asked format, named `<baseName>.csv|xlsx`. */
export async function statisticsDownload(tables: Table[], format: keyof typeof TYPES, baseName: string) {
  const body = format === 'csv' ? toCsv(tables) : await toXlsx(tables)
  return new Response(responseBody(body), {
    headers: {
      'Content-Type': TYPES[format],
      'Content-Disposition': attachment(`${baseName}.${format}`),
      'Cache-Control': 'private, no-store',
    },
  })
}
