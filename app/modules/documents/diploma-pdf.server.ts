/** A diploma as an A4 PDF: who, for what, in which contest, with its number and a QR code of the verification page. */
import { formatDate, quoted } from '../../utils/format'
import { diplomaPath, diplomaTitle, roman } from '../results/ranking'
import type { DiplomaDocument } from './diplomas.server'
import { createPdf, pdfToBuffer } from './pdf.server'

const BLUE = '#0b5cad'
const INK = '#1b1f24'
const MUTED = '#4f5965'

/** The public address of a diploma's verification page, printed and in the QR code: ASCII only (see latinDiplomaNumber). */
export function verificationUrl(baseUrl: string, number: string) {
  return `${baseUrl.replace(/\/+$/, '')}${diplomaPath(number)}`
}

/** The line after the name: what the diploma is for, in which contest, nomination and age category. */
function merit(d: DiplomaDocument) {
  const contest = quoted(d.contestTitle)
  const nomination = `в номинации ${quoted(d.nominationName)}${d.ageCategory ? ` (возрастная категория ${quoted(d.ageCategory)})` : ''}`
  if (d.kind === 'winner') return `за ${roman(d.place ?? 1)} место ${nomination} конкурса ${contest}`
  if (d.kind === 'laureate') return `как лауреат конкурса ${contest} ${nomination}`
  if (d.kind === 'special_prize') return `специальным призом жюри конкурса ${contest} ${nomination}`
  if (d.kind === 'peoples_choice') return `по итогам зрительского голосования конкурса ${contest} в номинации ${quoted(d.nominationName)}`
  return `за участие в конкурсе ${contest} ${nomination}`
}

export async function renderDiploma(d: DiplomaDocument, baseUrl: string): Promise<Buffer> {
  const url = verificationUrl(baseUrl, d.number)
  // Whole pixels per module keep the edges sharp when scaled; a larger image would only cost encoding time.
  // qrcode, like pdfkit, is loaded on the first diploma.
  const { default: QRCode } = await import('qrcode')
  const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 })
  const doc = await createPdf({ title: `${diplomaTitle(d.kind, d.place, d.prizeName)} № ${d.number}`, margins: 0 })
  const { width, height } = doc.page
  const inner = { x: 60, width: width - 120 }

  doc.lineWidth(3).strokeColor(BLUE).rect(24, 24, width - 48, height - 48).stroke()
  doc.lineWidth(0.75).rect(32, 32, width - 64, height - 64).stroke()

  const centred = (text: string, y: number | null, font: string, size: number, color = INK, gap = 0) => {
    doc.font(font).fontSize(size).fillColor(color)
    if (y === null) doc.text(text, inner.x, undefined, { width: inner.width, align: 'center' })
    else doc.text(text, inner.x, y, { width: inner.width, align: 'center' })
    if (gap) doc.moveDown(gap)
  }

  centred('Администрация города Кемерово', 78, 'serif', 13, MUTED)
  centred('ДИПЛОМ', 150, 'serif-bold', 54, BLUE)
  const subtitle = diplomaTitle(d.kind, d.place, d.prizeName).replace(/^Диплом /, '')
  centred(subtitle, null, 'serif-bold', 22, BLUE, 1.2)
  centred('награждается', null, 'serif', 14, MUTED, 0.4)
  centred(d.recipientName, null, 'serif-bold', 26, INK, 0.6)
  centred(merit(d), null, 'serif', 16, INK, 1)
  centred(`Работа ${d.entryNumber}${d.entryTitle ? ` ${quoted(d.entryTitle)}` : ''}`, null, 'serif', 12, MUTED)

  doc.font('serif').fontSize(12).fillColor(INK)
  doc.text(`Кемерово, ${formatDate(d.issuedAt)}`, inner.x, height - 290, { width: inner.width, align: 'left' })
  doc.text('Председатель жюри  ____________________', inner.x, height - 290, { width: inner.width, align: 'right' })

  const qrSize = 110
  const qrY = height - 200
  doc.image(qr, inner.x, qrY, { width: qrSize, height: qrSize })
  const textX = inner.x + qrSize + 18
  const textWidth = inner.width - qrSize - 18
  doc.font('serif-bold').fontSize(12).fillColor(INK).text(`Диплом № ${d.number}`, textX, qrY + 10, { width: textWidth })
  doc.font('serif').fontSize(10).fillColor(MUTED)
  doc.text('Подлинность диплома можно проверить по QR-коду или по адресу:', textX, undefined, { width: textWidth })
  doc.fillColor(BLUE).text(url, textX, undefined, { width: textWidth, link: url, underline: false })
  return pdfToBuffer(doc)
}
