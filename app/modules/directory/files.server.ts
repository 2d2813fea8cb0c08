/**
 * The directory's lists as CSV (csv-parse / csv-stringify; `;`-separated with a BOM, as Excel in
 * Russian opens it) and XLSX (exceljs), and the same files read back into rows with their lines.
 */
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { Refusal } from '../../utils/refusal'
import { attachment, responseBody } from '../documents/pdf.server'
import { quoted } from '../../utils/format'
import { FIELD_HEADERS, IMPORT_MAX_ROWS, LISTS, type DirectoryList, type FieldKey, type RawRow } from './lists'

export const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const
export type FileFormat = keyof typeof FILE_TYPES

export function toCsv(table: string[][]): Buffer {
  return Buffer.from(stringify(table, { delimiter: ';', bom: true, record_delimiter: '\r\n' }), 'utf8')
}

export async function toXlsx(table: string[][], title: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  book.creator = 'Городские конкурсы'
  const sheet = book.addWorksheet(title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31))
  table.forEach((row, i) => {
    const added = sheet.addRow(row)
    if (i === 0) added.font = { bold: true }
  })
  sheet.columns.forEach((col, i) => {
    col.width = Math.min(60, Math.max(8, ...table.slice(0, 200).map((r) => (r[i] ?? '').length + 2)))
  })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await book.xlsx.writeBuffer())
}

type Line = { line: number; cells: string[] }

function readCsv(bytes: Buffer): Line[] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  const first = text.slice(0, text.search(/\r?\n|$/))
  const delimiter = (first.match(/;/g)?.length ?? 0) >= (first.match(/,/g)?.length ?? 0) ? ';' : ','
  try {
    const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[]
    return records.map((r) => ({ line: r.info.lines, cells: r.record }))
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw new Refusal('invalid', `Файл не читается как CSV${line ? ` (строка ${line})` : ''}: проверьте кавычки или сохраните его заново из таблицы.`, 'file')
  }
}

async function readXlsx(bytes: Buffer): Promise<Line[]> {
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new Refusal('invalid', 'Файл не читается как таблица XLSX: сохраните его заново в Excel или в LibreOffice.', 'file')
  }
  const sheet = book.worksheets[0]
  if (!sheet) throw new Refusal('invalid', 'В файле нет ни одного листа.', 'file')
  const lines: Line[] = []
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? ''
    })
    lines.push({ line: number, cells: Array.from(cells, (c) => c ?? '') })
  })
  return lines
}

/**
 * A file's rows keyed by the list's columns, each with its line in the file (the header's is the first).
 * The header names the columns in any order; the name and the list's required columns must be there.
 */
export async function readRows(list: DirectoryList, bytes: Buffer): Promise<{ line: number; raw: RawRow }[]> {
  if (!bytes.length) throw new Refusal('invalid', 'Файл пустой.', 'file')
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b
  const lines = (isZip ? await readXlsx(bytes) : readCsv(bytes)).filter((l) => l.cells.some((c) => c.trim()))
  const [header, ...rows] = lines
  if (!header) throw new Refusal('invalid', 'Файл пустой.', 'file')
  if (rows.length > IMPORT_MAX_ROWS) throw new Refusal('too_large', `В файле больше ${IMPORT_MAX_ROWS} строк: разделите его на части.`, 'file')
  const spec = LISTS[list]
  const at = new Map<FieldKey, number>()
  header.cells.forEach((cell, i) => {
    const field = spec.fields.find((f) => FIELD_HEADERS[f].toLocaleLowerCase('ru') === cell.trim().toLocaleLowerCase('ru'))
    if (field && !at.has(field)) at.set(field, i)
  })
  const missing = (['name', ...spec.required] as FieldKey[]).filter((f) => !at.has(f))
  if (missing.length) {
    throw new Refusal(
      'invalid',
      `В первой строке файла нет ${missing.length === 1 ? 'столбца' : 'столбцов'} ${missing.map((f) => quoted(FIELD_HEADERS[f])).join(', ')}. Столбцы списка: ${spec.fields.map((f) => quoted(FIELD_HEADERS[f])).join(', ')}.`,
      'file',
    )
  }
  return rows.map(({ line, cells }) => ({ line, raw: Object.fromEntries([...at].map(([field, i]) => [field, cells[i] ?? ''])) as RawRow }))
}

/** A list as a download; the caller has checked the permission. */
export async function listDownload(list: DirectoryList, format: FileFormat, table: string[][]) {
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table, LISTS[list].file)
  return new Response(responseBody(body), {
    headers: { 'Content-Type': FILE_TYPES[format], 'Content-Disposition': attachment(`${LISTS[list].file}.${format}`), 'Cache-Control': 'private, no-store' },
  })
}
