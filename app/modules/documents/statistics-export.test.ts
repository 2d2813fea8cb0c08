import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { toCsv, toXlsx } from './statistics-export.server'

const tables = [
  { title: 'Номинации', columns: ['Номинация', 'Заявок'], rows: [['Весна; "шахтёрская"', 12], ['Дробные', 2.5]] },
  { title: 'Итоги: всё / сразу', columns: ['Показатель'], rows: [['строка\nс переносом']] },
]

describe('toCsv', () => {
  it('writes UTF-8 with a BOM, semicolons, CRLF, quoted cells and decimal commas, as Russian Excel reads it', () => {
    const csv = toCsv(tables)
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.subarray(3).toString('utf8')).toBe(
      'Номинации\r\nНоминация;Заявок\r\n"Весна; ""шахтёрская""";12\r\nДробные;2,5\r\n\r\nИтоги: всё / сразу\r\nПоказатель\r\n"строка\nс переносом"\r\n',
    )
  })
})

describe('toXlsx', () => {
  it('puts each table on its own sheet with a valid name and numbers as numbers', async () => {
    const book = new ExcelJS.Workbook()
    const xlsx = await toXlsx([...tables, { ...tables[0] }])
    await book.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    expect(book.worksheets.map((s) => s.name)).toEqual(['Номинации', 'Итоги  всё   сразу', 'Номинации 2'])
    expect(book.worksheets[0].getRow(3).values).toEqual([undefined, 'Дробные', 2.5])
  })
})
