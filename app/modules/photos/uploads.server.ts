/**
 * Receiving photos from a form post: busboy reads the multipart body as it streams in, and each
 * file is piped to a temporary file as it arrives, so a request holds no more of its files in memory
 * than the chunks on their way to disk; files that pass the cheap checks are then kept in storage as
 * received, for their jobs. Every way a request can fail leaves neither a temporary file nor a kept
 * upload behind.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rm, writeFile as writeFileOnDisk } from 'node:fs/promises'
import path from 'node:path'
import { finished, Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { FormDataParseError, MaxPartsExceededError, MaxTotalSizeExceededError, parseFormData } from '@remix-run/form-data-parser'
import busboy from 'busboy'
import { getOriginalsStorage, uploadsRoot, writeRefusal, type Storage } from '../../utils/storage.server'
import { Refusal } from '../../utils/refusal'
import { inspectPhoto, originalKey, type InspectedPhoto } from './pipeline.server'
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_MB } from './view'

/** A file of the request, waiting on disk for the form to be validated. */
export type IncomingFile = { path: string; originalName: string; bytes: number }

// Files beyond the contest's limit are counted (to say how many were chosen) but never written;
// past this many extra files the request is cut short.
const SPARE_FILES = 10
// Text fields are few and short; a form with thousands of parts is not a person's.
const MAX_PARTS = 300
// Text fields are the only part of a request kept in memory. The longest form (a description of
// 5,000 letters, a team of authors, the contest's own fields) comes to a few tens of kilobytes.
const MAX_TEXT_BYTES = 1024 * 1024
// After a refusal the rest of the body is read and dropped, so that the browser gets the answer
// instead of a reset connection; a body larger than this is not worth reading.
const DRAIN_LIMIT = 300 * 1024 * 1024


/** Where a request's files wait while it is read; parts a killed process left are swept (sweep.server.ts). */
export function incomingDir() {
  // Beside the stored files, on the same disk; a dot-name can never be a storage key.
  return path.join(uploadsRoot(), '.incoming')
}

/** A photo job's copy of the upload it processes (libvips reads a file as it decodes): a folder of the jobs' own. */
export function jobsDir() {
  return path.join(uploadsRoot(), '.jobs')
}

/** A refusal of the whole request (413, as every limit of the body), with the Russian message to show beside the photos. */
const tooLarge = (message: string) => new Refusal('too_large', message)
const tooBigForm = () => tooLarge('Слишком большая форма: выберите меньше фотографий и отправьте её ещё раз.')
const tooLongText = () => tooLarge('Слишком длинный текст в форме: сократите его и отправьте форму ещё раз.')
const broken = () => tooLarge('Форма пришла не полностью: проверьте соединение и отправьте её ещё раз.')
export const fileTooLarge = (fileName: string | undefined) =>
  tooLarge(`${fileName ? `Файл «${fileName}»` : 'Один из файлов'} больше ${MAX_UPLOAD_MB} МБ. Уменьшите его или выберите другой и отправьте форму ещё раз.`)
const tooManyFiles = (maxFiles: number) => tooLarge(`Выбрано слишком много файлов: можно приложить не больше ${maxFiles}.`)

/** A form without files, as @remix-run/form-data-parser refuses it. */
function plainFormRefusal(error: unknown): Refusal | null {
  if (error instanceof MaxTotalSizeExceededError) return tooLongText()
  if (error instanceof MaxPartsExceededError) return tooBigForm()
  if (error instanceof FormDataParseError) return broken()
  return null
}

export type ReceivedForm = {
  formData: FormData
  files: IncomingFile[]
  /** Files chosen beyond `maxFiles`: not written anywhere, only counted for the message. */
  extraFiles: number
  /**
   * The files could not be written (a full or read-only disk, `writeRefusal`): the body was still read
   * to its end, so the text fields came through and the form can come back filled in; no file did.
   */
  writeFailure: Refusal | null
  /** Removes the temporary files; safe to call more than once. */
  discard(): Promise<void>
}

/**
 * Parses a form post (multipart or not). Files of `fileField` are streamed to temporary files,
 * up to `maxFiles` of them; other file fields are ignored. Throws a Refusal (too_large) with a
 * message for the person when a limit is exceeded or the body is broken.
 */
export async function receiveForm(request: Request, options: { fileField: string; maxFiles: number }): Promise<ReceivedForm> {
  const files: IncomingFile[] = []
  const discard = async () => {
    const paths = files.splice(0).map((f) => f.path)
    await Promise.all(paths.map((p) => rm(p, { force: true })))
  }

  const contentType = request.headers.get('content-type')
  if (!contentType?.toLowerCase().startsWith('multipart/')) {
    // No files: the body is read whole, within the text limit.
    try {
      const formData = await parseFormData(request, { maxParts: MAX_PARTS, maxTotalSize: MAX_TEXT_BYTES, maxFiles: 0 })
      return { formData, files, extraFiles: 0, writeFailure: null, discard }
    } catch (error) {
      throw plainFormRefusal(error) ?? error
    }
  }
  if (!request.body) throw broken()
  return readMultipart(request.body, contentType, incomingDir(), options, files, discard)
}

async function readMultipart(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  dir: string,
  options: { fileField: string; maxFiles: number },
  files: IncomingFile[],
  discard: () => Promise<void>,
): Promise<ReceivedForm> {
  const maxFiles = options.maxFiles + SPARE_FILES
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // File names are sent as UTF-8 by browsers (busboy reads them as latin1 otherwise).
      defParamCharset: 'utf8',
      // busboy reports a limit when a part reaches it, so each is one past what is allowed. A part's
      // header block is capped by busboy itself (16 KB, 2,000 pairs: a `headerPairs` limit is not
      // applied to multipart bodies by busboy 1.6).
      limits: {
        fileSize: MAX_UPLOAD_BYTES + 1,
        files: maxFiles,
        fields: MAX_PARTS,
        parts: MAX_PARTS + 1,
        fieldSize: MAX_TEXT_BYTES + 1,
      },
    })
  } catch {
    // No boundary, or not multipart/form-data.
    throw broken()
  }

  const formData = new FormData()
  /** Files of `fileField` within `maxFiles`, in order; a part that turns out empty gives its place back. */
  const kept: (IncomingFile | null)[] = []
  const writes: Promise<void>[] = []
  let extraFiles = 0
  let textBytes = 0
  // The first thing that went wrong: a refusal, a broken body, or an error of the server's own (a full disk).
  let failure: Error | null = null
  // The disk refused a file: the files are dropped from then on, the text fields still read.
  let writeFailure: Refusal | null = null
  let wake: () => void = () => {}
  const fail = (error: Error) => {
    if (failure) return
    failure = error
    wake()
    // Not from inside busboy's own event: it carries on with the chunk it is parsing.
    setImmediate(() => parser.destroy())
  }

  parser.on('error', () => fail(broken()))
  parser.on('filesLimit', () => fail(tooManyFiles(options.maxFiles)))
  parser.on('partsLimit', () => fail(tooBigForm()))
  parser.on('fieldsLimit', () => fail(tooBigForm()))
  parser.on('field', (name: string | undefined, value: string, info: busboy.FieldInfo) => {
    textBytes += Buffer.byteLength(value)
    if (info.valueTruncated || textBytes > MAX_TEXT_BYTES) return fail(tooLongText())
    if (name !== undefined) formData.append(name, value)
  })
  parser.on('file', (name: string | undefined, stream: Readable, info: busboy.FileInfo) => {
    // A file of any field over the size limit refuses the request, by the file's name.
    stream.on('limit', () => fail(fileTooLarge(info.filename)))
    const taken = kept.filter((f) => f !== null).length
    if (failure || writeFailure || name !== options.fileField || taken >= options.maxFiles) {
      // Read and dropped; a file of the photo field beyond the limit is counted if it has any bytes.
      let any = false
      stream.on('error', () => {})
      stream.on('data', () => (any = true))
      stream.on('end', () => {
        if (any && name === options.fileField) extraFiles++
      })
      return
    }
    const file: IncomingFile = { path: path.join(dir, `${randomUUID()}.part`), originalName: info.filename ?? 'file-upload', bytes: 0 }
    files.push(file)
    const slot = kept.push(file) - 1
    writes.push(
      writeFile(stream, file, dir)
        // An empty file input still sends a part, without a file name, and never touches the disk: it is
        // no file at all. An empty file that has a name was chosen: it is kept, as an empty file, for the
        // pipeline to say that it is empty.
        .then(() => (file.bytes === 0 && info.filename ? writeEmpty(dir, file.path) : undefined))
        .then(
          () => {
            if (file.bytes === 0 && !info.filename) {
              kept[slot] = null
              files.splice(files.indexOf(file), 1)
            }
          },
          (error: unknown) => {
            // A full or read-only disk: said beside the photos, with the form's text kept.
            const refused = writeRefusal(error)
            if (refused) {
              writeFailure ??= refused
              return
            }
            // The disk's other errors are the server's; a file cut short by busboy is a broken body.
            fail(error instanceof Error && 'syscall' in error ? error : broken())
          },
        ),
    )
  })

  // The body is fed to busboy by hand rather than piped, so that after a refusal it is still read
  // to its end (the browser then gets the answer, not a reset connection).
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>)
  const maxBodyBytes = maxFiles * MAX_UPLOAD_BYTES + MAX_TEXT_BYTES + MAX_PARTS * 1024
  let read = 0
  let drained = 0
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (failure) {
        drained += chunk.length
        if (drained > DRAIN_LIMIT) break
        continue
      }
      read += chunk.length
      // Bytes busboy skips (parts without a name, the epilogue) count too.
      if (read > maxBodyBytes) {
        fail(tooBigForm())
        continue
      }
      if (!parser.write(chunk)) await until(parser, 'drain', (w) => (wake = w))
    }
  } catch {
    // The client went away or the body could not be read.
    fail(broken())
  }
  if (!failure) {
    parser.end()
    await until(parser, 'close', (w) => (wake = w))
  }
  await Promise.all(writes)
  if (failure) {
    parser.destroy()
    await discard()
    throw failure
  }
  if (writeFailure) {
    await discard()
    return { formData, files, extraFiles, writeFailure, discard }
  }
  kept.forEach((file) => file && formData.append(options.fileField, `upload:${files.indexOf(file)}`))
  return { formData, files, extraFiles, writeFailure: null, discard }
}

/** Resolves on the stream's event, or when `failure` wakes it up (given the callback to do so). */
function until(stream: NodeJS.EventEmitter, event: string, setWake: (wake: () => void) => void) {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off(event, done)
      setWake(() => {})
      resolve()
    }
    stream.on(event, done)
    setWake(done)
  })
}

/**
 * One file part to its temporary file in `dir`; `file.bytes` is what was written. The file (and the
 * folder) is only created once the part has a byte, so an empty file input never touches the disk.
 * When the disk fails, the rest of the part is still read and dropped (busboy waits for a part to be
 * read before it goes on), so that the form's later fields come through; the rejection comes once the
 * file is closed and removed.
 */
async function writeEmpty(dir: string, filePath: string) {
  await mkdir(dir, { recursive: true })
  await writeFileOnDisk(filePath, '', { flag: 'wx' })
}

function writeFile(stream: Readable, file: IncomingFile, dir: string) {
  return new Promise<void>((resolve, reject) => {
    let started = false
    let ended = false
    let out: WriteStream | null = null
    let error: Error | null = null
    const failed = (cause: Error) => {
      if (error) return
      error = cause
      if (out) stream.unpipe(out)
      stream.resume()
      if (!out) return reject(cause)
      out.destroy()
    }
    // An error, or a part cut off when the request is given up (busboy destroys it), or its end (which
    // comes even while the stream is paused, once its last chunk has been taken).
    finished(stream, (cause) => {
      if (cause) return failed(cause)
      ended = true
      if (!started) resolve()
    })
    stream.once('data', (first: Buffer) => {
      started = true
      stream.pause()
      mkdir(dir, { recursive: true }).then(
        () => {
          if (error) return
          const opened = createWriteStream(file.path, { flags: 'wx' })
          out = opened
          opened.on('error', failed)
          opened.once('close', () => {
            file.bytes = opened.bytesWritten
            if (!error) return resolve()
            rm(file.path, { force: true }).then(() => reject(error!), reject)
          })
          opened.write(first)
          if (ended) opened.end()
          else stream.pipe(opened)
        },
        (cause: Error) => failed(cause),
      )
    })
  })
}

/** A file of the request that passed the cheap checks and is kept as received until its job makes the variants. */
export type AcceptedUpload = InspectedPhoto & { id: string; originalName: string; originalKey: string }

/**
 * Takes the request's photo files for processing (docs/decisions/020-…): each must pass the cheap
 * checks (`inspectPhoto`: nothing is decoded), then each is stored as received under a key of its own
 * in the originals' storage (`getOriginalsStorage`), never served; its job makes the variants. All or nothing: when one file is refused, none is stored,
 * and the refusal is thrown.
 */
export async function acceptUploads(files: IncomingFile[], storage: Storage = getOriginalsStorage()): Promise<AcceptedUpload[]> {
  const inspected: AcceptedUpload[] = []
  for (const file of files) {
    const id = randomUUID()
    inspected.push({ ...(await inspectPhoto({ filePath: file.path, originalName: file.originalName })), id, originalName: file.originalName, originalKey: originalKey(id) })
  }
  const stored: AcceptedUpload[] = []
  try {
    for (const [i, upload] of inspected.entries()) {
      await storage.put(upload.originalKey, createReadStream(files[i].path), 'application/octet-stream')
      stored.push(upload)
    }
    return stored
  } catch (error) {
    await discardAccepted(inspected, storage)
    throw error
  }
}

/**
 * Takes each file on its own (a form that comes back for correction keeps what it can): the files that
 * pass the cheap checks are stored as `acceptUploads` stores them, the others' refusals are returned.
 */
export async function acceptEach(files: IncomingFile[], storage: Storage = getOriginalsStorage()) {
  const accepted: AcceptedUpload[] = []
  const refusals: Refusal[] = []
  for (const file of files) {
    try {
      accepted.push(...(await acceptUploads([file], storage)))
    } catch (error) {
      if (!(error instanceof Refusal)) {
        await discardAccepted(accepted, storage)
        throw error
      }
      refusals.push(error)
    }
  }
  return { accepted, refusals }
}

/** Removes the kept uploads of a request that failed after accepting them (no photo row, no job, no variant yet). Never throws. */
export async function discardAccepted(uploads: AcceptedUpload[], storage: Storage = getOriginalsStorage()) {
  const results = await Promise.allSettled(uploads.map((upload) => storage.delete(upload.originalKey)))
  for (const r of results) if (r.status === 'rejected') console.error('Could not delete a kept upload', r.reason)
}

/** The photo row of an accepted upload, waiting for its job (the caller adds the owner, the entry and the position). */
export function processingPhoto(upload: AcceptedUpload) {
  return {
    id: upload.id,
    sha256: upload.sha256,
    width: upload.width,
    height: upload.height,
    variants: [],
    status: 'processing' as const,
    originalKey: upload.originalKey,
    originalName: upload.originalName.slice(0, 255),
  }
}
