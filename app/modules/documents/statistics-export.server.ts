/** Statistics as downloads: CSV for Russian Excel (UTF-8 with BOM, «;» between fields, CRLF) and XLSX. */
import type { ContestStatistics, YearStatistics } from '../results/statistics.server'
import { attachment, responseBody } from './pdf.server'

export interface Table {
  title: string
  columns: string[]
  rows: (string | number)[][]
}

export function contestTables(s: ContestStatistics): Table[] {
  const tables: Table[] = [
    {
      title: 'Итоги',
      columns: ['Показатель', 'Значение'],
      rows: [
        ['Конкурс', s.contest.title],
        ['Участников', s.participants],
        ['Заявок', s.entries],
        ['Победивших заявок', s.winners ?? 'итоги не опубликованы'],
        ...s.fields.map((f) => [f.label, f.value]),
      ],
    },
    {
      title: 'Номинации',
      columns: ['Номинация', 'Заявок', 'Победивших заявок'],
      rows: s.byNomination.map((n) => [n.name, n.count, n.winners ?? '—']),
    },
    { title: 'Районы', columns: ['Район', 'Заявок'], rows: s.byDistrict.map((d) => [d.name, d.count]) },
    { title: 'Возраст', columns: ['Возрастная категория', 'Участников'], rows: s.byAge.map((a) => [a.name, a.count]) },
    { title: 'Текст отчёта', columns: ['Предложение'], rows: s.sentences.map((t) => [t]) },
  ]
  return tables
}

export function yearTables(y: YearStatistics): Table[] {
  return [
    {
      title: `Итоги ${y.year} года`,
      columns: ['Конкурс', 'Участников', 'Заявок', 'Победивших заявок'],
      rows: [...y.contests.map((c) => [c.contest.title, c.participants, c.entries, c.winners ?? 0]), ['Всего', y.participants, y.entries, y.winners]],
    },
    ...y.contests.flatMap((c) =>
      contestTables(c)
        .slice(1)
        .map((t) => ({ ...t, title: `${c.contest.shortName}: ${t.title}` })),
    ),
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
