/** Протокол заседания жюри: contest, date, jury members, per nomination the ranking with scores and the winners, signature lines. */
import { formatDate, formatScore, quoted } from '../../utils/format'
import { RESULT_METHOD_LABELS } from '../../../db/schema/enums'
import { byAgeCategory, outcomeLabel, roman, type ResultSnapshot, type SnapshotEntry } from '../results/ranking'
import { createPdf, pdfToBuffer, type Pdf } from './pdf.server'

const INK = '#1b1f24'
const MUTED = '#4f5965'

const COLUMNS = [
  { title: 'Место', width: 60 },
  { title: '№ заявки', width: 80 },
  { title: 'Название', width: 215 },
  { title: 'Балл', width: 60 },
  { title: 'Оценок', width: 68 },
] as const

function ensureSpace(doc: Pdf, needed: number) {
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage()
}

function row(doc: Pdf, cells: string[], font: string) {
  doc.font(font).fontSize(10)
  const left = doc.page.margins.left
  const heights = cells.map((text, i) => doc.heightOfString(text, { width: COLUMNS[i].width - 6 }))
  const h = Math.max(...heights) + 6
  ensureSpace(doc, h)
  const y = doc.y
  let x = left
  cells.forEach((text, i) => {
    doc.fillColor(INK).text(text, x + 3, y + 3, { width: COLUMNS[i].width - 6 })
    x += COLUMNS[i].width
  })
  doc.moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.5).strokeColor('#9aa5b1').stroke()
  doc.x = left
  doc.y = y + h
}

/** One ranking (a nomination, or one of its age categories): the table, then its winners. */
function ranking(doc: Pdf, entries: SnapshotEntry[], width: number) {
  row(doc, COLUMNS.map((c) => c.title), 'bold')
  for (const e of entries) {
    row(doc, [e.place === null ? '—' : roman(e.place), e.number, e.title || '—', formatScore(e.score), String(e.scoreCount)], 'regular')
  }
  const winners = entries.filter((e) => e.award)
  doc.moveDown(0.4).font('regular').fontSize(11)
  if (winners.length) {
    doc.text('Победители и призёры:', doc.page.margins.left, undefined, { width })
    for (const e of winners) doc.text(`— ${outcomeLabel(e)}: ${e.number} ${quoted(e.title)}`, { width })
  } else {
    doc.text('Призовые места не присуждены.', { width })
  }
  doc.moveDown(0.8)
}

/** `draft`: the results are not published yet; the protocol says so on top. */
export async function renderProtocol(snapshot: ResultSnapshot, options: { date: Date; draft: boolean }): Promise<Buffer> {
  const doc = await createPdf({ title: `Протокол заседания жюри — ${snapshot.contest.title}` })
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  if (options.draft) doc.font('bold').fontSize(11).fillColor('#b3261e').text('ПРОЕКТ — итоги ещё не опубликованы', { align: 'center' }).moveDown(0.5)
  doc.font('bold').fontSize(16).fillColor(INK).text('ПРОТОКОЛ', { align: 'center' })
  doc.font('regular').fontSize(13).text('заседания жюри', { align: 'center' }).moveDown(0.3)
  doc.font('bold').fontSize(13).text(`конкурса ${quoted(snapshot.contest.title)}`, { align: 'center' }).moveDown(1)
  doc.font('regular').fontSize(11)
  doc.text(`г. Кемерово`, { continued: true }).text(formatDate(options.date), { align: 'right' }).moveDown(0.6)
  doc.text(`Этап: ${snapshot.stage.name}.`)
  doc.text(`Способ подсчёта: ${RESULT_METHOD_LABELS[snapshot.method]}.`)
  if (snapshot.contestMethod && snapshot.contestMethod !== snapshot.method) {
    doc.text(`Положением о конкурсе предусмотрен способ ${quoted(RESULT_METHOD_LABELS[snapshot.contestMethod].toLowerCase())}; места рассчитаны иначе по решению организатора.`)
    if (snapshot.methodReason) doc.text(`Причина: ${snapshot.methodReason}`)
  }
  doc.moveDown(0.6)

  doc.font('bold').text('Состав жюри:')
  doc.font('regular')
  if (snapshot.jury.length) snapshot.jury.forEach((name, i) => doc.text(`${i + 1}. ${name}`))
  else doc.fillColor(MUTED).text('члены жюри не назначены').fillColor(INK)
  doc.moveDown(0.6)
  doc.text('Жюри рассмотрело заявки участников, оценило их по критериям конкурса и решило:').moveDown(0.6)

  for (const n of snapshot.nominations) {
    ensureSpace(doc, 80)
    doc.font('bold').fontSize(12).fillColor(INK).text(`Номинация ${quoted(n.name)}`, doc.page.margins.left, undefined, { width }).moveDown(0.3)
    if (!n.entries.length) {
      doc.font('regular').fontSize(10).fillColor(MUTED).text('Заявок нет.').fillColor(INK).moveDown(0.6)
      continue
    }
    // Where the contest has age categories, each is ranked apart: its own table and its own winners.
    for (const part of byAgeCategory(n.entries)) {
      if (part.ageCategory) {
        ensureSpace(doc, 60)
        doc.font('bold').fontSize(11).fillColor(INK).text(`Возрастная категория ${quoted(part.ageCategory)}`, doc.page.margins.left, undefined, { width }).moveDown(0.2)
      }
      ranking(doc, part.entries, width)
    }
  }

  ensureSpace(doc, 60 + snapshot.jury.length * 28)
  doc.moveDown(0.6).font('regular').fontSize(11)
  const line = (label: string) => doc.text(`${label} ____________________ / ____________________`, doc.page.margins.left, undefined, { width }).moveDown(0.8)
  line('Председатель жюри')
  snapshot.jury.forEach((name) => doc.text(`Член жюри ____________________ / ${name}`, doc.page.margins.left, undefined, { width }).moveDown(0.8))
  line('Секретарь')
  return pdfToBuffer(doc)
}
