/**
 * What every PDF of the platform shares: A4 pages, the embedded DejaVu fonts (Cyrillic), buffering.
 * pdfkit, its fontkit and the fonts are loaded on the first document, not when the server starts:
 * together they cost about 25 MB that a server which never prints a protocol or a diploma keeps idle.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

type ParsedFont = PDFKit.Mixins.PDFFontSource
let fonts: { regular: ParsedFont; bold: ParsedFont; serif: ParsedFont; serifBold: ParsedFont } | undefined
const importPdfkit = () => import('pdfkit')
let pdfkit: ReturnType<typeof importPdfkit> | undefined

/**
 * Parsed once per process (parsing DejaVu is most of the cost of a small PDF); every document embeds
 * its own subset of the glyphs it uses.
 */
function loadFonts() {
  if (!fonts) {
    // The fontkit that pdfkit itself uses: pdfkit takes a parsed font object as a font source.
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): unknown }
    const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
    const parse = (name: string) => fontkit.create(fs.readFileSync(path.join(dir, name))) as ParsedFont
    fonts = {
      regular: parse('DejaVuSans.ttf'),
      bold: parse('DejaVuSans-Bold.ttf'),
      serif: parse('DejaVuSerif.ttf'),
      serifBold: parse('DejaVuSerif-Bold.ttf'),
    }
  }
  return fonts
}

export type Pdf = PDFKit.PDFDocument

/** An A4 document with the DejaVu faces registered as 'regular', 'bold', 'serif' and 'serif-bold'. */
export async function createPdf(info: { title: string; margins?: number }): Promise<Pdf> {
  const { default: PDFDocument } = await (pdfkit ??= importPdfkit())
  const f = loadFonts()
  // fontkit caches glyph objects with the characters they were first laid out for, and a glyph first
  // met while the previous document was being subset has none: this document's text would then extract
  // with letters missing. Dropping the glyph cache keeps the parsed tables (the costly part) and fixes that.
  // Safe because a document is built synchronously from here to end().
  for (const font of Object.values(f)) (font as unknown as { _glyphs: object })._glyphs = {}
  // font: null keeps pdfkit from loading its Latin-only Helvetica, which we never use.
  const doc = new PDFDocument({
    size: 'A4',
    margin: info.margins ?? 56,
    font: null as unknown as string,
    info: { Title: info.title, Author: 'Администрация города Кемерово', Creator: 'Городские конкурсы' },
    lang: 'ru-RU',
    displayTitle: true,
    bufferPages: false,
  })
  doc.registerFont('regular', f.regular)
  doc.registerFont('bold', f.bold)
  doc.registerFont('serif', f.serif)
  doc.registerFont('serif-bold', f.serifBold)
  doc.font('regular')
  return doc
}

/** Ends the document and collects it: one PDF at a time is small (tens of kilobytes). */
export function pdfToBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}

/** A Content-Disposition header that keeps a Cyrillic file name (RFC 6266 / 5987) with an ASCII fallback. */
export function attachment(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** A Response body from a Buffer: the DOM typings accept only bytes backed by a plain ArrayBuffer. */
export function responseBody(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength)
}
