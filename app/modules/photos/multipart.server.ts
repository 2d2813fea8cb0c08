/**
 * A streaming multipart/form-data reader. File parts come out as the chunks of the request body
 * they arrived in, so a caller can write them to disk before the part (or the request) has
 * ended: nothing here holds more of a file than the chunk being read. Text fields are collected,
 * within a limit of their own. Every limit is explicit; exceeding one, or a body that ends early
 * or is not multipart at all, throws a MultipartError.
 *
 * @remix-run/form-data-parser 0.17 (and the multipart-parser under it) gathers each part whole
 * before handing it over, which held every photo of every request in memory at once.
 */

export type MultipartLimits = {
  /** Of one part's header block. */
  maxHeaderBytes: number
  /** Of one file part (and of a part without a name, whose bytes are dropped). */
  maxFileBytes: number
  /** Of all text fields of the request together: they are the only bytes kept in memory. */
  maxTextBytes: number
  /** Parts of any kind. */
  maxParts: number
  /** File parts with a field name, kept or not. */
  maxFiles: number
  /** Of every part's content together. */
  maxTotalBytes: number
}

export type MultipartErrorReason =
  | 'file_too_large'
  | 'too_many_files'
  | 'too_many_parts'
  | 'header_too_large'
  | 'text_too_large'
  | 'total_too_large'
  | 'malformed'

export class MultipartError extends Error {
  override readonly name = 'MultipartError'
  constructor(
    readonly reason: MultipartErrorReason,
    message: string,
    /** The name of the file being read, when the reason is a file's. */
    readonly fileName: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

export type FilePartHead = { fieldName: string; fileName: string | undefined; contentType: string | undefined }

export type MultipartEvent =
  | { type: 'field'; name: string; value: string }
  /** A file part begins; its bytes follow as 'data' events, then 'file-end'. */
  | { type: 'file'; head: FilePartHead }
  /** A view of the body's own chunk, not a copy. */
  | { type: 'data'; bytes: Buffer }
  | { type: 'file-end'; bytes: number }

/** The boundary of a multipart content type, or null when it is not one. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\//i.test(contentType)) return null
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  // RFC 2046: 1 to 70 characters.
  return boundary && boundary.length <= 70 ? boundary : null
}

const CRLF = Buffer.from('\r\n', 'latin1')
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1')
const DASH = 0x2d
const CR = 0x0d
const LF = 0x0a

let utf8: TextDecoder | undefined
function decodeUtf8(bytes: Uint8Array, what: string) {
  utf8 ??= new TextDecoder('utf-8', { fatal: true })
  try {
    return utf8.decode(bytes)
  } catch (error) {
    throw new MultipartError('malformed', `${what} is not valid UTF-8`, null, { cause: error })
  }
}

/** `key=value; key="quoted \"value\""` pairs, as @remix-run/headers reads them. */
function headerParams(value: string): [string, string | undefined][] {
  const parser = /(?:^|;)\s*([^=;\s]+)(\s*=\s*(?:"((?:[^"\\]|\\.)*)"|((?:[^;]|\\;)+))?)?/g
  const params: [string, string | undefined][] = []
  for (let m = parser.exec(value); m; m = parser.exec(value)) {
    params.push([m[1].trim(), m[2] ? (m[3] || m[4] || '').replace(/\\(.)/g, '$1').trim() : undefined])
  }
  return params
}

/** RFC 8187 `filename*=UTF-8''%D1%84.jpg`; null when it cannot be read. */
function extendedValue(value: string): string | null {
  const m = /^([\w-]+)'[^']*'(.+)$/.exec(value)
  if (!m) return null
  try {
    const bytes = Uint8Array.from(m[2].replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), (c) => c.charCodeAt(0))
    return new TextDecoder(m[1]).decode(bytes)
  } catch {
    return null
  }
}

type PartHead = { name: string | undefined; fileName: string | undefined; contentType: string | undefined; isFile: boolean }

function parsePartHead(raw: Buffer): PartHead {
  const headers = new Map<string, string>()
  for (const line of decodeUtf8(raw, 'A part header').split('\r\n')) {
    const m = /^([^:]+):(.*)/.exec(line)
    if (!m) continue
    const key = m[1].trim().toLowerCase()
    const previous = headers.get(key)
    headers.set(key, previous === undefined ? m[2].trim() : `${previous}, ${m[2].trim()}`)
  }
  let name: string | undefined
  let fileName: string | undefined
  let extended: string | null = null
  for (const [key, value] of headerParams(headers.get('content-disposition') ?? '').slice(1)) {
    if (key === 'name') name = value
    else if (key === 'filename') fileName = value
    else if (key === 'filename*' && value) extended = extendedValue(value)
  }
  if (extended) fileName = extended
  const contentType = headerParams(headers.get('content-type') ?? '')[0]?.[0]
  // As browsers send them: a file input's part has a filename, even an empty one.
  return { name, fileName, contentType, isFile: fileName !== undefined || contentType === 'application/octet-stream' }
}

const asBuffer = (chunk: Uint8Array) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))

/**
 * Reads a multipart/form-data body chunk by chunk. The next chunk is read only when the caller asks
 * for the next event, so a caller that writes out each file's bytes before asking for more keeps
 * the body from arriving faster than it is written.
 */
export async function* readMultipart(chunks: AsyncIterable<Uint8Array>, boundary: string, limits: MultipartLimits): AsyncGenerator<MultipartEvent> {
  // Every boundary, the first included, is looked for as CRLF + "--" + boundary: a CRLF is put
  // before the body, so that the first one needs no case of its own (and a preamble is skipped).
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1')
  const D = delimiter.length
  // In an object, as the nested generators below change it.
  const machine: { state: 'preamble' | 'after-delimiter' | 'head' | 'body' | 'done' } = { state: 'preamble' }
  /** Bytes of the body not yet looked at, carried over to the next chunk (at most a header block). */
  let pending: Buffer = CRLF
  let skipped = 0
  let parts = 0
  let files = 0
  let total = 0
  let textTotal = 0
  // The part being read.
  let head: PartHead | null = null
  let partBytes = 0
  let text: Buffer[] = []

  const tooLarge = (reason: MultipartErrorReason, message: string, fileName: string | null = null) => new MultipartError(reason, message, fileName)

  /** Counts the bytes of the current part; a file's are handed out, a text field's copied. */
  function* content(bytes: Buffer): Generator<MultipartEvent> {
    if (bytes.length === 0 || !head) return
    partBytes += bytes.length
    total += bytes.length
    if (head.isFile || head.name === undefined) {
      if (partBytes > limits.maxFileBytes) {
        throw tooLarge('file_too_large', `A file part exceeds ${limits.maxFileBytes} bytes`, head.isFile ? (head.fileName ?? '') : null)
      }
    } else {
      textTotal += bytes.length
      if (textTotal > limits.maxTextBytes) throw tooLarge('text_too_large', `Text fields exceed ${limits.maxTextBytes} bytes`)
    }
    if (total > limits.maxTotalBytes) throw tooLarge('total_too_large', `The parts exceed ${limits.maxTotalBytes} bytes`)
    if (head.name === undefined) return
    if (head.isFile) yield { type: 'data', bytes }
    else text.push(Buffer.from(bytes))
  }

  function* endPart(): Generator<MultipartEvent> {
    if (head?.name !== undefined) {
      if (head.isFile) yield { type: 'file-end', bytes: partBytes }
      else yield { type: 'field', name: head.name, value: decodeUtf8(Buffer.concat(text), 'A text field') }
    }
    head = null
    text = []
    partBytes = 0
  }

  /** Runs the state machine over `buffer` from `at`; keeps what cannot be decided yet in `pending`. */
  function* parse(buffer: Buffer, at: number): Generator<MultipartEvent> {
    let i = at
    for (;;) {
      if (machine.state === 'preamble') {
        const found = buffer.indexOf(delimiter, i)
        if (found === -1) {
          const keep = Math.min(D - 1, buffer.length - i)
          skipped += buffer.length - i - keep
          if (skipped > limits.maxHeaderBytes) throw tooLarge('malformed', 'No multipart boundary where the body starts')
          pending = Buffer.from(buffer.subarray(buffer.length - keep))
          return
        }
        skipped += found - i
        if (skipped > limits.maxHeaderBytes) throw tooLarge('malformed', 'No multipart boundary where the body starts')
        i = found + D
        machine.state = 'after-delimiter'
      }
      if (machine.state === 'after-delimiter') {
        if (buffer.length - i < 2) {
          pending = Buffer.from(buffer.subarray(i))
          return
        }
        if (buffer[i] === DASH && buffer[i + 1] === DASH) {
          machine.state = 'done'
          pending = Buffer.alloc(0)
          return
        }
        if (buffer[i] !== CR || buffer[i + 1] !== LF) throw new MultipartError('malformed', 'A multipart boundary is not followed by a line break')
        i += 2
        machine.state = 'head'
      }
      if (machine.state === 'head') {
        // A part without headers has its blank line at once.
        const end = buffer[i] === CR && buffer[i + 1] === LF ? i - 2 : buffer.indexOf(HEADER_END, i)
        if (end === -1 || buffer.length - i < 2) {
          if (buffer.length - i > limits.maxHeaderBytes) throw tooLarge('header_too_large', `A part header exceeds ${limits.maxHeaderBytes} bytes`)
          pending = Buffer.from(buffer.subarray(i))
          return
        }
        if (end - i > limits.maxHeaderBytes) throw tooLarge('header_too_large', `A part header exceeds ${limits.maxHeaderBytes} bytes`)
        head = end < i ? { name: undefined, fileName: undefined, contentType: undefined, isFile: false } : parsePartHead(buffer.subarray(i, end))
        i = end + 4
        if (++parts > limits.maxParts) throw tooLarge('too_many_parts', `More than ${limits.maxParts} parts`)
        if (head.isFile && head.name !== undefined) {
          if (++files > limits.maxFiles) throw tooLarge('too_many_files', `More than ${limits.maxFiles} files`)
          yield { type: 'file', head: { fieldName: head.name, fileName: head.fileName, contentType: head.contentType } }
        }
        machine.state = 'body'
      }
      if (machine.state === 'body') {
        const found = buffer.indexOf(delimiter, i)
        if (found === -1) {
          // The last D - 1 bytes may be the start of a boundary: they wait for the next chunk.
          const keep = Math.min(D - 1, buffer.length - i)
          yield* content(buffer.subarray(i, buffer.length - keep))
          pending = Buffer.from(buffer.subarray(buffer.length - keep))
          return
        }
        yield* content(buffer.subarray(i, found))
        yield* endPart()
        i = found + D
        machine.state = 'after-delimiter'
      }
      if (machine.state === 'done') return
    }
  }

  for await (const raw of chunks) {
    if (raw.byteLength === 0) continue
    const chunk = asBuffer(raw)
    if (machine.state === 'done') {
      // What follows the closing boundary (a line break, usually) is ignored, within the limits.
      total += chunk.length
      if (total > limits.maxTotalBytes) throw tooLarge('total_too_large', `The parts exceed ${limits.maxTotalBytes} bytes`)
      continue
    }
    if (machine.state === 'body' && pending.length && chunk.length >= D) {
      // A boundary that starts in the carried bytes ends within the first D - 1 bytes of this chunk:
      // only that seam is copied, the chunk itself is searched in place.
      const seam = Buffer.concat([pending, chunk.subarray(0, D - 1)])
      const found = seam.indexOf(delimiter)
      const carried = pending
      pending = Buffer.alloc(0)
      if (found !== -1 && found < carried.length) {
        yield* content(carried.subarray(0, found))
        yield* endPart()
        machine.state = 'after-delimiter'
        yield* parse(chunk, found + D - carried.length)
      } else {
        yield* content(carried)
        yield* parse(chunk, 0)
      }
      continue
    }
    const buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk
    pending = Buffer.alloc(0)
    yield* parse(buffer, 0)
  }
  if (machine.state !== 'done') throw new MultipartError('malformed', 'The multipart body ended before its closing boundary')
}
