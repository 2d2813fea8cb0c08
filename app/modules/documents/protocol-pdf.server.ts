/** Протокол заседания жюри: contest, date, jury members, per nomination the ranking with scores and the winners, signature lines. */
import { formatDate, formatScore, quoted } from '../../utils/format'
import { RESULT_METHOD_LABELS, TIE_RULE_LABELS, type TieRule } from '../../../db/schema/enums'
import { byAgeCategory, outcomeLabel, peoplesChoiceSummary, peoplesChoiceWinners, placeLabel, roman, type PeoplesChoice, type ResultSnapshot, type SnapshotEntry } from '../results/ranking'
import { createPdf, pdfToBuffer, type Pdf } from './pdf.server'
import { withEntrant } from '../contests/entrant'

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

/**
 * Why the ranking reads as it does where the scores alone would not say: the organiser's decisions
 * with their reasons, and equal scores placed apart by the contest's tie rule.
 */
export function protocolNotes(entries: readonly SnapshotEntry[], tieRule: TieRule | undefined): string[] {
  const notes: string[] = []
  for (const e of entries) {
    if (!e.decisionReason) continue
    const outcome = outcomeLabel(e) ?? 'без награды'
    // A special prize stands apart from the ranking: its entry keeps its own place in its nomination.
    const computed = e.award !== 'special_prize' && e.computedPlace !== undefined && e.computedPlace !== e.place ? ` (по расчёту — ${e.computedPlace ? placeLabel(e.computedPlace) : 'без места'})` : ''
    notes.push(`${e.number} ${quoted(e.title)}: ${outcome}${computed} — решение организатора. Основание: ${e.decisionReason}`)
  }
  const placed = entries.filter((e) => e.place !== null && e.score !== null && !e.decisionReason)
  for (let i = 1; i < placed.length; i++) {
    const [a, b] = [placed[i - 1], placed[i]]
    if (a.score === b.score && a.place !== b.place && tieRule) {
      notes.push(`${a.number} и ${b.number} набрали поровну (${formatScore(a.score)}): места разделены по правилу ${quoted(TIE_RULE_LABELS[tieRule])}.`)
    }
  }
  return notes
}

/** One ranking (a nomination, or one of its age categories): the table, then its winners and the notes that explain it. */
function ranking(doc: Pdf, entries: SnapshotEntry[], width: number, tieRule: TieRule | undefined) {
  row(doc, COLUMNS.map((c) => c.title), 'bold')
  for (const e of entries) {
    row(doc, [e.place === null ? '—' : roman(e.place), e.number, withEntrant(e.title || '—', e.entrant), formatScore(e.score), String(e.scoreCount)], 'regular')
  }
  const winners = entries.filter((e) => e.award)
  doc.moveDown(0.4).font('regular').fontSize(11)
  if (winners.length) {
    doc.text('Победители и призёры:', doc.page.margins.left, undefined, { width })
    for (const e of winners) doc.text(`— ${outcomeLabel(e)}: ${withEntrant(`${e.number} ${quoted(e.title)}`, e.entrant)}`, { width })
  } else {
    doc.text('Призовые места не присуждены.', { width })
  }
  const notes = protocolNotes(entries, tieRule)
  if (notes.length) {
    doc.moveDown(0.3).text('Пояснения:', { width })
    for (const note of notes) doc.text(`— ${note}`, { width })
  }
  doc.moveDown(0.8)
}

/** The people's choice, apart from the jury's decision: the voters and votes, each voted nomination's ranking by votes and its winner. */
function peoplesChoicePart(doc: Pdf, choice: PeoplesChoice, width: number) {
  ensureSpace(doc, 100)
  doc.moveDown(0.4).font('bold').fontSize(12).fillColor(INK).text(choice.prizeName, doc.page.margins.left, undefined, { width }).moveDown(0.3)
  doc.font('regular').fontSize(11).text(peoplesChoiceSummary(choice), { width }).moveDown(0.6)
  for (const n of choice.nominations) {
    ensureSpace(doc, 80)
    doc.font('bold').fontSize(11).fillColor(INK).text(`Номинация ${quoted(n.name)}`, doc.page.margins.left, undefined, { width }).moveDown(0.2)
    if (!n.entries.length) {
      doc.font('regular').fontSize(10).fillColor(MUTED).text('Голосов нет.').fillColor(INK).moveDown(0.6)
      continue
    }
    row(doc, ['Место', '№ заявки', 'Название', 'Голосов', ''], 'bold')
    for (const e of n.entries) row(doc, [roman(e.place), e.number, e.title || '—', String(e.votes), ''], 'regular')
    doc.moveDown(0.4).font('regular').fontSize(11)
    for (const e of peoplesChoiceWinners(n)) doc.text(`— ${choice.prizeName}: ${e.number} ${quoted(e.title)}`, doc.page.margins.left, undefined, { width })
    doc.moveDown(0.8)
  }
}

/** `draft`: why the protocol is not final yet (the results are not published, the stage's judging is open), said on top. */
export async function renderProtocol(snapshot: ResultSnapshot, options: { date: Date; draft: string | null; commission?: string | null }): Promise<Buffer> {
  const doc = await createPdf({ title: `Протокол заседания жюри — ${snapshot.contest.title}` })
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  if (options.draft) doc.font('bold').fontSize(11).fillColor('#b3261e').text(`ПРОЕКТ — ${options.draft}`, { align: 'center' }).moveDown(0.5)
  doc.font('bold').fontSize(16).fillColor(INK).text('ПРОТОКОЛ', { align: 'center' })
  doc.font('regular').fontSize(13).text('заседания жюри', { align: 'center' }).moveDown(0.3)
  doc.font('bold').fontSize(13).text(`конкурса ${quoted(snapshot.contest.title)}`, { align: 'center' }).moveDown(1)
  doc.font('regular').fontSize(11)
  doc.text(`г. Кемерово`, { continued: true }).text(formatDate(options.date), { align: 'right' }).moveDown(0.6)
  doc.text(`Этап: ${snapshot.stage.name}.`)
  if (options.commission) doc.text(`Комиссия: ${options.commission}.`)
  doc.text(`Способ подсчёта: ${RESULT_METHOD_LABELS[snapshot.method]}.`)
  if (snapshot.tieRule) doc.text(`Правило при равных баллах: ${quoted(TIE_RULE_LABELS[snapshot.tieRule])}.`)
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
      ranking(doc, part.entries, width, snapshot.tieRule)
    }
  }

  if (snapshot.peoplesChoice) peoplesChoicePart(doc, snapshot.peoplesChoice, width)

  ensureSpace(doc, 60 + snapshot.jury.length * 28)
  doc.moveDown(0.6).font('regular').fontSize(11)
  const line = (label: string) => doc.text(`${label} ____________________ / ____________________`, doc.page.margins.left, undefined, { width }).moveDown(0.8)
  line('Председатель жюри')
  snapshot.jury.forEach((name) => doc.text(`Член жюри ____________________ / ${name}`, doc.page.margins.left, undefined, { width }).moveDown(0.8))
  line('Секретарь')
  return pdfToBuffer(doc)
}
