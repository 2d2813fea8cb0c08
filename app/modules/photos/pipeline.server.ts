/**
 * Turns an uploaded phone photo into metadata-free, upright sRGB WebP variants, or refuses it
 * with a Russian message naming the file. In two steps: `inspectPhoto` makes the cheap checks while the
 * request waits (size, what the bytes are, code inside, the dimensions and shape the header declares: nothing is
 * decoded), `renderVariants` decodes and encodes, in the photo job (docs/decisions/020-…).
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp'
import type { PhotoVariant } from '../../../db/schema'
import { Refusal } from '../../utils/refusal'
import { acceptedFormats, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, VARIANT_LONG_EDGE } from './view'
import { getOriginalsStorage, getStorage, type Storage } from '../../utils/storage.server'

/** Phone cameras top out around 48–50 MP; anything beyond is a decompression bomb or not a phone photo. */
export const MAX_PIXELS = 50_000_000
/** Below this a picture is useless to a jury, and tiny files are the usual vehicle for crafted payloads. */
export const MIN_EDGE = 100
/**
 * How many times the long side may exceed the short one. Phone photos are 4:3 to 21:9 (2.3), phone
 * panoramas, even 360° ones, stay under about 9:1 (iPhone 16384×~3000, Android ~9000×1000–2000); a
 * strip beyond this becomes a variant a few pixels high (20000×100 gives 2400×12) that no jury can judge.
 */
export const MAX_ASPECT_RATIO = 10
// The variants' long edges live with what the browser knows (it downscales to the largest before sending).
export { VARIANT_LONG_EDGE }
export type VariantSize = keyof typeof VARIANT_LONG_EDGE

// Quality 80 shows no artefacts at viewing size and brings the full variant of a phone photo to
// 0.1–0.4 MB. Effort 4 is sharp's default; measured on the fixtures, effort 6 saves 2–3 % of bytes
// for 2–3× the encoding time, and effort 2 halves the time for up to 5 % more bytes.
const WEBP_OPTIONS = { quality: 80, effort: 4 } as const

// No upload is ever decoded twice, so libvips' operation cache would only hold memory.
sharp.cache(false)

// failOn 'error' refuses truncated and broken data, but not mere warnings such as the stray bytes
// before a marker that some phone cameras write. sequentialRead keeps memory flat on large JPEGs.
const DECODE_OPTIONS: SharpOptions = {
  failOn: 'error',
  limitInputPixels: MAX_PIXELS,
  sequentialRead: true,
  autoOrient: true,
}


export type PhotoInput = { filePath: string; originalName: string } | { buffer: Buffer; originalName: string }

export type ProcessedVariant = { size: VariantSize; width: number; height: number; bytes: number; data: Buffer }

export type ProcessedPhoto = {
  /** Of the uploaded bytes, so callers can spot the same photo uploaded twice. */
  sha256: string
  /** Of the upright original, before any downscaling. */
  width: number
  height: number
  variants: ProcessedVariant[]
}

export type StoredPhoto = { id: string; sha256: string; width: number; height: number; variants: PhotoVariant[] }

/** What the cheap checks learnt of an upload that passed them. */
export type InspectedPhoto = {
  /** Of the uploaded bytes, so callers can spot the same photo uploaded twice. */
  sha256: string
  /** Of the upright picture, as its header declares it. */
  width: number
  height: number
}

type SourceFormat = 'jpeg' | 'png' | 'webp' | 'heif'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
// HEIF major brands: HEVC stills and sequences, the generic HEIF brands iPhones also use, and AVIF.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'])
const HEAD_BYTES = 16

/**
 * Image formats that sharp would read but the product does not take (a scanner's TIFF, a GIF, an
 * SVG drawing): named in the refusal, so that the person knows to convert the file rather than
 * wonder whether it is a picture at all. Told by their first bytes, like the accepted ones.
 */
function sniffUnsupported(head: Buffer): string | null {
  const start = head.toString('latin1', 0, 4)
  if (start === 'II*\0' || start === 'MM\0*') return 'TIFF'
  if (start === 'GIF8') return 'GIF'
  // An SVG is text: an XML declaration or the svg element itself, after a byte-order mark or blanks.
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase()
  if (text.startsWith('<svg') || text.startsWith('<?xml')) return 'SVG'
  return null
}

function sniffFormat(head: Buffer): SourceFormat | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png'
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  if (head.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(head.toString('latin1', 8, 12))) return 'heif'
  return null
}

const PHP_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])

// A PHP open tag followed by whitespace: these 6 bytes are practically never produced by compressed
// image data (about once in 10^13 bytes), but are what every PHP polyglot carries.
function hasPhpOpenTag(bytes: Buffer): boolean {
  for (let i = bytes.indexOf('<?'); i !== -1 && i + 5 < bytes.length; i = bytes.indexOf('<?', i + 2)) {
    if (bytes.toString('latin1', i + 2, i + 5).toLowerCase() === 'php' && PHP_WHITESPACE.has(bytes[i + 5])) {
      return true
    }
  }
  return false
}

type ByteScan = { sha256: string; head: Buffer; hasPhpOpenTag: boolean }

function scanBuffer(buffer: Buffer): ByteScan {
  return {
    sha256: createHash('sha256').update(buffer).digest('hex'),
    head: buffer.subarray(0, HEAD_BYTES),
    hasPhpOpenTag: hasPhpOpenTag(buffer),
  }
}

/** Hashes and scans a file in one streaming pass, without holding it in memory. */
async function scanFile(filePath: string): Promise<ByteScan> {
  const hash = createHash('sha256')
  let head: Buffer = Buffer.alloc(0)
  let found = false
  // The last bytes of the previous chunk, so a tag split across chunks is still seen.
  let carry: Buffer = Buffer.alloc(0)
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)])
    // Only the seam is copied: a tag that starts in the carried bytes ends within 5 bytes of this chunk.
    found ||= (carry.length > 0 && hasPhpOpenTag(Buffer.concat([carry, chunk.subarray(0, 5)]))) || hasPhpOpenTag(chunk)
    carry = chunk.length >= 5 ? Buffer.from(chunk.subarray(chunk.length - 5)) : Buffer.concat([carry, chunk]).subarray(-5)
  }
  return { sha256: hash.digest('hex'), head, hasPhpOpenTag: found }
}

/** Only the base name, without control characters: clients may send full paths or anything at all. */
function displayName(originalName: string) {
  // eslint-disable-next-line no-control-regex
  const base = (originalName.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  if (!base) return 'без имени'
  return base.length > 120 ? `${base.slice(0, 119)}…` : base
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).replace('.', ',')

const notImage = (name: string) =>
  new Refusal('invalid', `Файл «${name}» не является изображением (допустимы ${acceptedFormats('и')})`)
const unsupported = (name: string, format: string) =>
  new Refusal('invalid', `Файл «${name}»: формат ${format} не поддерживается, допустимы ${acceptedFormats('и')}. Сохраните фотографию в одном из них и загрузите её ещё раз`)
const empty = (name: string) => new Refusal('invalid', `Файл «${name}» пустой (0 байт): выберите фотографию ещё раз`)
const corrupt = (name: string, cause?: unknown) =>
  new Refusal('invalid', `Файл «${name}» повреждён или загружен не полностью, загрузите его ещё раз`, null, { cause })

function checkDimensions(name: string, width: number, height: number) {
  if (width * height > MAX_PIXELS) {
    throw new Refusal(
      'invalid',
      `Изображение «${name}» слишком большое: ${width}×${height} пикселей, допустимо не больше ${MAX_PIXELS / 1_000_000} мегапикселей`,
    )
  }
  if (Math.min(width, height) < MIN_EDGE) {
    throw new Refusal(
      'invalid',
      `Изображение «${name}» слишком маленькое: ${width}×${height} пикселей, нужно не меньше ${MIN_EDGE} пикселей по каждой стороне`,
    )
  }
  if (Math.max(width, height) > MAX_ASPECT_RATIO * Math.min(width, height)) {
    throw new Refusal(
      'invalid',
      `Изображение «${name}» слишком вытянутое: ${width}×${height} пикселей, а длинная сторона может быть больше короткой не более чем в ${MAX_ASPECT_RATIO} раз`,
    )
  }
}

const fitWithin = (size: VariantSize) => {
  const edge = VARIANT_LONG_EDGE[size]
  return { width: edge, height: edge, fit: 'inside', withoutEnlargement: true } as const
}

/**
 * libheif (wasm, through heic-decode) decodes on the thread that calls it, for a second or more per
 * phone photo, so it runs on a thread of its own: the event loop that serves pages, and renews the
 * job's lease, stays free. A thread per photo, ended when done: libheif's wasm memory (grown to the
 * size of the largest picture, never given back) goes with it, and starting one (about 0.1 s with
 * the wasm) is small beside the decoding. heic-decode ships no types, and is resolved from here so
 * that its 2 MB wasm bundle stays out of the server build.
 */
const HEIC_THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const { all } = require(workerData.module)
async function run() {
  const images = await all({ buffer: Buffer.from(workerData.bytes) })
  try {
    const primary = images[0]
    const { width, height } = primary
    const long = Math.max(width, height), short = Math.min(width, height)
    if (width * height > workerData.maxPixels || short < workerData.minEdge || long > workerData.maxAspectRatio * short) return { width, height }
    const decoded = await primary.decode()
    return { width: decoded.width, height: decoded.height, data: decoded.data }
  } finally {
    images.dispose()
  }
}
run().then(
  (result) => parentPort.postMessage(result, result.data ? [result.data.buffer] : []),
  (error) => parentPort.postMessage({ error: String(error && error.message || error) }),
)
`

type HeicResult = { width: number; height: number; data?: Uint8ClampedArray; error?: undefined } | { error: string }

let heicModule: string | null = null

function decodeHeicOffThread(buffer: Buffer): Promise<HeicResult> {
  heicModule ??= createRequire(import.meta.url).resolve('heic-decode')
  // A copy the thread owns (the caller's buffer may be a slice of a larger pool).
  const bytes = new Uint8Array(buffer)
  const thread = new Worker(HEIC_THREAD, {
    eval: true,
    workerData: { module: heicModule, bytes, maxPixels: MAX_PIXELS, minEdge: MIN_EDGE, maxAspectRatio: MAX_ASPECT_RATIO },
    transferList: [bytes.buffer],
  })
  return new Promise<HeicResult>((resolve, reject) => {
    thread.once('message', (result: HeicResult) => resolve(result))
    thread.once('error', reject)
    thread.once('exit', (code) => reject(new Error(`The HEIC decoding thread ended (${code}) without an answer`)))
  }).finally(() => void thread.terminate())
}

/**
 * The prebuilt sharp has no HEVC decoder, so HEIC goes through libheif (wasm). libheif applies the
 * container's irot/imir transforms itself, which makes the pixels upright; the EXIF Orientation
 * that iPhones also write must then be ignored, and the wrapper below carries none.
 */
async function decodeHeic(buffer: Buffer, icc: Buffer | undefined, hasAlpha: boolean, name: string): Promise<Sharp> {
  const decoded = await decodeHeicOffThread(buffer)
  // heic-decode throws by itself when the file holds no image.
  if (decoded.error !== undefined) throw corrupt(name, new Error(decoded.error))
  // Repeated because the image libheif decodes is not necessarily the one sharp described.
  checkDimensions(name, decoded.width, decoded.height)
  if (!decoded.data) throw corrupt(name)
  const tiff = sharp(rgbaTiff(decoded.width, decoded.height, decoded.data, icc), { limitInputPixels: MAX_PIXELS })
  // Unlike JPEG, these pixels cannot be decoded at a reduced scale, so the colour conversion and the
  // big downscale are done once here rather than once per variant: a third less time on a 12 MP photo.
  const { data, info } = await (hasAlpha ? tiff : tiff.removeAlpha()).resize(fitWithin('full')).raw().toBuffer({ resolveWithObject: true })
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
}

/**
 * Wraps decoded RGBA pixels in an uncompressed TIFF so that the file's ICC profile (Display P3 on
 * iPhones) travels with them: sharp's raw input cannot take a profile, and without one the colours
 * would be read as sRGB and come out dull.
 */
function rgbaTiff(width: number, height: number, rgba: Uint8ClampedArray, icc: Buffer | undefined): Buffer {
  const SHORT = 3
  const LONG = 4
  const UNDEFINED = 7
  const pixelBytes = width * height * 4
  const entries: [tag: number, type: number, count: number, value: number][] = [
    [256, LONG, 1, width],
    [257, LONG, 1, height],
    [258, SHORT, 4, 0], // BitsPerSample: its four values do not fit in the entry, offset filled in below
    [259, SHORT, 1, 1], // no compression
    [262, SHORT, 1, 2], // RGB
    [273, LONG, 1, 0], // StripOffsets, filled in below
    [277, SHORT, 1, 4],
    [278, LONG, 1, height],
    [279, LONG, 1, pixelBytes],
    [284, SHORT, 1, 1], // chunky
    [338, SHORT, 1, 2], // the fourth sample is unassociated alpha
  ]
  if (icc) entries.push([34675, UNDEFINED, icc.length, 0])
  const ifdOffset = 8
  const bitsOffset = ifdOffset + 2 + entries.length * 12 + 4
  const iccOffset = bitsOffset + 8
  const iccLength = icc?.length ?? 0
  // TIFF wants every offset on a word boundary.
  const pixelOffset = iccOffset + iccLength + (iccLength % 2)
  const header = Buffer.alloc(pixelOffset)
  header.write('II', 0, 'latin1')
  header.writeUInt16LE(42, 2)
  header.writeUInt32LE(ifdOffset, 4)
  header.writeUInt16LE(entries.length, ifdOffset)
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdOffset + 2 + i * 12
    const resolved = tag === 258 ? bitsOffset : tag === 273 ? pixelOffset : tag === 34675 ? iccOffset : value
    header.writeUInt16LE(tag, at)
    header.writeUInt16LE(type, at + 2)
    header.writeUInt32LE(count, at + 4)
    // A SHORT that fits in the entry is left-justified; offsets and LONGs fill all four bytes.
    if (type === SHORT && count === 1) header.writeUInt16LE(resolved, at + 8)
    else header.writeUInt32LE(resolved, at + 8)
  })
  for (let i = 0; i < 4; i++) header.writeUInt16LE(8, bitsOffset + i * 2)
  icc?.copy(header, iccOffset)
  return Buffer.concat([header, new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength)], pixelOffset + pixelBytes)
}

async function encodeVariants(image: Sharp): Promise<ProcessedVariant[]> {
  return Promise.all(
    (Object.keys(VARIANT_LONG_EDGE) as VariantSize[]).map(async (size) => {
      // Metadata, the ICC profile included, is dropped because neither withMetadata nor keepIccProfile
      // is called; sharp converts an embedded profile to sRGB on the way.
      const { data, info } = await image.clone().resize(fitWithin(size)).webp(WEBP_OPTIONS).toBuffer({ resolveWithObject: true })
      return { size, width: info.width, height: info.height, bytes: data.length, data }
    }),
  )
}

/**
 * The checks made while the request waits, cheap whatever the photo: the size, what the bytes are
 * (never the name or the client's content type), code hidden inside, and the dimensions the header
 * declares. Nothing is decoded; a Refusal names the file.
 */
export async function inspectPhoto(input: PhotoInput): Promise<InspectedPhoto> {
  const name = displayName(input.originalName)
  const bytes = 'buffer' in input ? input.buffer.length : (await stat(input.filePath)).size
  if (bytes === 0) throw empty(name)
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new Refusal(
      'invalid',
      `Файл «${name}» слишком большой (${megabytes(bytes)} МБ), допустимо не больше ${MAX_UPLOAD_MB} МБ`,
    )
  }

  const scan = 'buffer' in input ? scanBuffer(input.buffer) : await scanFile(input.filePath)
  const format = sniffFormat(scan.head)
  if (!format) {
    const other = sniffUnsupported(scan.head)
    throw other ? unsupported(name, other) : notImage(name)
  }
  if (scan.hasPhpOpenTag) {
    throw new Refusal('invalid', `Файл «${name}» содержит программный код и не может быть принят`)
  }
  const meta = await readHeader(input, name)
  if (meta.format !== format) throw notImage(name)
  if (!meta.width || !meta.height) throw corrupt(name)
  checkDimensions(name, meta.width, meta.height)
  const { width, height } = meta.autoOrient
  return { sha256: scan.sha256, width, height }
}

/** Only the header is read; the pixel limit is checked by the caller, before anything is decoded. */
async function readHeader(input: PhotoInput, name: string, source: Buffer | string = 'buffer' in input ? input.buffer : input.filePath): Promise<Metadata> {
  try {
    return await sharp(source, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw corrupt(name, error)
  }
}

/**
 * Decodes the photo and encodes its variants: the expensive step, done by the photo job. Refuses (a
 * Refusal naming the file) what the header did not give away: data cut short or broken, a HEIC whose
 * decoded picture is not the size its header declared.
 */
export async function renderVariants(input: PhotoInput): Promise<ProcessedVariant[]> {
  const name = displayName(input.originalName)
  // libheif needs the whole file in memory anyway; other formats are streamed from disk by libvips.
  const isHeif = 'filePath' in input && sniffFormat(await readHead(input.filePath)) === 'heif'
  const source = 'buffer' in input ? input.buffer : isHeif ? await readFile(input.filePath) : input.filePath
  const meta = await readHeader(input, name, source)
  if (!meta.width || !meta.height) throw corrupt(name)
  checkDimensions(name, meta.width, meta.height)
  try {
    const image =
      meta.compression === 'hevc' && Buffer.isBuffer(source)
        ? await decodeHeic(source, meta.icc, meta.hasAlpha, name)
        : sharp(source, DECODE_OPTIONS)
    // Clones share one configured, rotated input; a JPEG is decoded at 1/2 and 1/8 scale for the smaller
    // variants, which costs less time and memory than resizing the full variant down.
    return await encodeVariants(image)
  } catch (error) {
    if (error instanceof Refusal) throw error
    throw corrupt(name, error)
  }
}

async function readHead(filePath: string): Promise<Buffer> {
  const handle = await open(filePath, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** Both steps at once, for what is processed while its caller waits (a photo job, the demo's photos). */
export async function processPhoto(input: PhotoInput): Promise<ProcessedPhoto> {
  const inspected = await inspectPhoto(input)
  return { ...inspected, variants: await renderVariants(input) }
}

const variantKey = (id: string, size: VariantSize) => `photos/${id.slice(0, 2)}/${id}-${size}.webp`

/** Where an upload is kept as received until its job has made the variants: never served (only variants' keys are). */
export const originalKey = (id: string) => `originals/${id.slice(0, 2)}/${id}`

/**
 * Every key a photo may have in storage: its variants, and its kept upload (in the originals' storage,
 * which is the same one unless variants go to UploadThing). The variants' keys follow
 * from the photo's id alone, so a job run twice (its first worker died) writes the same keys again
 * instead of leaving the first run's files behind, and removing a photo can remove them blindly.
 */
export const variantKeys = (id: string) => (Object.keys(VARIANT_LONG_EDGE) as VariantSize[]).map((size) => variantKey(id, size))
export const photoKeys = (id: string) => [...variantKeys(id), originalKey(id)]

/** Writes the variants under the photo's keys; either all are stored or none is. */
export async function storeVariants(id: string, processed: ProcessedVariant[], storage: Storage = getStorage()): Promise<PhotoVariant[]> {
  const variants = processed.map(({ size, width, height, bytes }) => ({ size, width, height, bytes, key: variantKey(id, size) }))
  const results = await Promise.allSettled(processed.map((v, i) => storage.put(variants[i].key, v.data, 'image/webp')))
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    await Promise.allSettled(variants.map((v) => storage.delete(v.key)))
    throw failed.reason
  }
  return variants
}

/**
 * Processes the photo and writes its variants at once, while the caller waits; either all variants are
 * stored or none is. Keys use a fresh id rather than the hash, so deleting one photo never removes
 * another's identical files.
 */
export async function storePhoto(input: PhotoInput, storage: Storage = getStorage()): Promise<StoredPhoto> {
  const processed = await processPhoto(input)
  const id = randomUUID()
  const variants = await storeVariants(id, processed.variants, storage)
  return { id, sha256: processed.sha256, width: processed.width, height: processed.height, variants }
}

/**
 * Removes whatever a photo may have in storage (its variants, its kept upload, and variants a job run
 * that died left behind), for photos that will not be kept. Never throws, so it can run in any cleanup.
 */
export async function removePhotoFiles(photos: { id: string; variants?: { key: string }[] }[], storage: Storage = getStorage(), originals: Storage = getOriginalsStorage()) {
  const variants = new Set(photos.flatMap((p) => [...variantKeys(p.id), ...(p.variants ?? []).map((v) => v.key)]))
  const results = await Promise.allSettled([...[...variants].map((key) => storage.delete(key)), ...photos.map((p) => originals.delete(originalKey(p.id)))])
  for (const r of results) if (r.status === 'rejected') console.error('Could not delete a stored photo file', r.reason)
}
