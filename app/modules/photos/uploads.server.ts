/**
 * Receiving photos from a form post: the multipart body is read as it streams in, and each file is
 * written to a temporary file chunk by chunk as it arrives, so a request holds no more of its files
 * in memory than the chunk being written. Every way a request can fail leaves neither a temporary
 * file nor a stored variant behind.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { FormDataParseError, MaxPartsExceededError, MaxTotalSizeExceededError, parseFormData } from '@remix-run/form-data-parser'
import { getEnv } from '../../utils/env.server'
import { getStorage, type Storage } from '../../utils/storage.server'
import { MultipartError, multipartBoundary, readMultipart, type MultipartLimits } from './multipart.server'
import { MAX_UPLOAD_BYTES, storePhoto, type StoredPhoto } from './pipeline.server'

/** A file of the request, waiting on disk for the form to be validated. */
export type IncomingFile = { path: string; originalName: string; bytes: number }

/** A refusal of the whole request, with the Russian message to show beside the photos. */
export class UploadRefusedError extends Error {
  override readonly name = 'UploadRefusedError'
}

// Files beyond the contest's limit are counted (to say how many were chosen) but never written;
// past this many extra files the request is cut short.
const SPARE_FILES = 10
// Text fields are few and short; a form with thousands of parts is not a person's.
const MAX_PARTS = 300
// The headers of one part: its name, file name and type.
const MAX_HEADER_BYTES = 8 * 1024
// Text fields are the only part of a request kept in memory. The longest form (a description of
// 5,000 letters, a team of authors, the contest's own fields) comes to a few tens of kilobytes.
const MAX_TEXT_BYTES = 1024 * 1024
// After a refusal the rest of the body is read and dropped, so that the browser gets the answer
// instead of a reset connection; a body larger than this is not worth reading.
const DRAIN_LIMIT = 300 * 1024 * 1024
// A file's chunks are gathered up to this size before each write, so that a photo takes a few dozen
// writes rather than hundreds.
const WRITE_BATCH = 256 * 1024

const megabytes = MAX_UPLOAD_BYTES / 1024 / 1024

function incomingDir() {
  // Beside the stored files, on the same disk; a dot-name can never be a storage key.
  return path.resolve(process.cwd(), getEnv().UPLOADS_DIR, '.incoming')
}

function multipartLimits(maxFiles: number): MultipartLimits {
  const files = maxFiles + SPARE_FILES
  return {
    maxHeaderBytes: MAX_HEADER_BYTES,
    maxFileBytes: MAX_UPLOAD_BYTES,
    maxTextBytes: MAX_TEXT_BYTES,
    maxParts: MAX_PARTS,
    maxFiles: files,
    maxTotalBytes: files * MAX_UPLOAD_BYTES + MAX_TEXT_BYTES,
  }
}

/** The body's chunks, read without cancelling the body when the reading stops early: it is drained then. */
async function* chunksOf(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>
    try {
      result = await reader.read()
    } catch (error) {
      throw new MultipartError('malformed', 'The request body could not be read', null, { cause: error })
    }
    if (result.done) return
    yield result.value
  }
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  let read = 0
  try {
    while (read < DRAIN_LIMIT) {
      const { done, value } = await reader.read()
      if (done) return
      read += value.byteLength
    }
    await reader.cancel()
  } catch {
    // The client went away: nothing left to answer.
  } finally {
    reader.releaseLock()
  }
}

async function writeAll(handle: FileHandle, chunks: Buffer[], bytes: number) {
  let written = (await handle.writev(chunks)).bytesWritten
  if (written < bytes) {
    const rest = Buffer.concat(chunks, bytes)
    while (written < bytes) written += (await handle.write(rest, written, bytes - written)).bytesWritten
  }
}

/** The file being written, its handle opened on the first byte, and chunks waiting to be written. */
class TempFile {
  private handle: FileHandle | null = null
  private batch: Buffer[] = []
  private batched = 0
  private constructor(readonly file: IncomingFile) {}

  static async create(file: IncomingFile) {
    const temp = new TempFile(file)
    temp.handle = await open(file.path, 'wx')
    return temp
  }

  async write(bytes: Buffer) {
    this.batch.push(bytes)
    this.batched += bytes.length
    this.file.bytes += bytes.length
    if (this.batched >= WRITE_BATCH) await this.flush()
  }

  private async flush() {
    if (!this.batched) return
    const chunks = this.batch
    const bytes = this.batched
    this.batch = []
    this.batched = 0
    await writeAll(this.handle!, chunks, bytes)
  }

  async close() {
    await this.flush()
    await this.closeQuietly()
  }

  async closeQuietly() {
    const handle = this.handle
    this.handle = null
    this.batch = []
    await handle?.close().catch(() => {})
  }
}

function refusal(error: unknown, maxFiles: number): UploadRefusedError | null {
  const tooBigForm = () => new UploadRefusedError('Слишком большая форма: выберите меньше фотографий и отправьте её ещё раз.')
  const tooLongText = () => new UploadRefusedError('Слишком длинный текст в форме: сократите его и отправьте форму ещё раз.')
  const broken = () => new UploadRefusedError('Форма пришла не полностью: проверьте соединение и отправьте её ещё раз.')
  if (error instanceof MultipartError) {
    switch (error.reason) {
      case 'file_too_large': {
        const named = error.fileName ? `Файл «${error.fileName}»` : 'Один из файлов'
        return new UploadRefusedError(`${named} больше ${megabytes} МБ. Уменьшите его или выберите другой и отправьте форму ещё раз.`)
      }
      case 'too_many_files':
        return new UploadRefusedError(`Выбрано слишком много файлов: можно приложить не больше ${maxFiles}.`)
      case 'text_too_large':
        return tooLongText()
      case 'too_many_parts':
      case 'header_too_large':
      case 'total_too_large':
        return tooBigForm()
      case 'malformed':
        return broken()
    }
  }
  // A form without files, read by @remix-run/form-data-parser.
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
  /** Removes the temporary files; safe to call more than once. */
  discard(): Promise<void>
}

/**
 * Parses a form post (multipart or not). Files of `fileField` are streamed to temporary files,
 * up to `maxFiles` of them; other file fields are ignored. Throws UploadRefusedError with a
 * message for the person when a limit is exceeded or the body is broken.
 */
export async function receiveForm(request: Request, options: { fileField: string; maxFiles: number }): Promise<ReceivedForm> {
  const files: IncomingFile[] = []
  let extraFiles = 0
  const discard = async () => {
    const paths = files.splice(0).map((f) => f.path)
    await Promise.all(paths.map((p) => rm(p, { force: true })))
  }

  const contentType = request.headers.get('content-type')
  if (!contentType?.toLowerCase().startsWith('multipart/')) {
    // No files: the body is read whole, within the text limit.
    try {
      const formData = await parseFormData(request, { maxParts: MAX_PARTS, maxTotalSize: MAX_TEXT_BYTES, maxFiles: 0 })
      return { formData, files, extraFiles, discard }
    } catch (error) {
      throw refusal(error, options.maxFiles) ?? error
    }
  }

  const boundary = multipartBoundary(contentType)
  if (!boundary || !request.body) throw refusal(new MultipartError('malformed', 'A multipart form without a boundary or a body'), options.maxFiles)!
  const dir = incomingDir()
  await mkdir(dir, { recursive: true })
  const reader = request.body.getReader()
  const formData = new FormData()
  /** The file part being read: written when it is of `fileField` and within `maxFiles`, else only counted. */
  let part: { name: string; temp: TempFile | null; extra: boolean } | null = null
  try {
    for await (const event of readMultipart(chunksOf(reader), boundary, multipartLimits(options.maxFiles))) {
      if (event.type === 'field') {
        formData.append(event.name, event.value)
      } else if (event.type === 'file') {
        part = event.head.fieldName === options.fileField ? { name: event.head.fileName ?? 'file-upload', temp: null, extra: false } : null
      } else if (event.type === 'data') {
        if (!part || part.extra) continue
        // The file is created on its first byte: an empty file input still sends a part, and no photo is empty.
        if (!part.temp) {
          if (files.length >= options.maxFiles) {
            part.extra = true
            continue
          }
          const file: IncomingFile = { path: path.join(dir, `${randomUUID()}.part`), originalName: part.name, bytes: 0 }
          files.push(file)
          part.temp = await TempFile.create(file)
        }
        await part.temp.write(event.bytes)
      } else {
        if (part?.extra) extraFiles++
        if (part?.temp) {
          const temp = part.temp
          part.temp = null
          await temp.close()
          formData.append(options.fileField, `upload:${files.indexOf(temp.file)}`)
        }
        part = null
      }
    }
    reader.releaseLock()
    return { formData, files, extraFiles, discard }
  } catch (error) {
    await part?.temp?.closeQuietly()
    await discard()
    const refused = refusal(error, options.maxFiles)
    if (!refused) throw error
    await drain(reader)
    throw refused
  }
}

/**
 * One photo is decoded at a time, whatever the number of requests: its three variants already run
 * in parallel, so a second job adds little speed on two cores but a few hundred megabytes of memory.
 */
const PHOTO_JOBS = 1
let running = 0
const waiting: (() => void)[] = []

async function inPhotoSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= PHOTO_JOBS) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await job()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

export type StoredUpload = StoredPhoto & { originalName: string }

/** Removes the variants of photos that will not be kept; never throws, so it can run in any cleanup. */
export async function removeStoredVariants(photos: { variants: { key: string }[] }[], storage: Storage = getStorage()) {
  const results = await Promise.allSettled(photos.flatMap((p) => p.variants.map((v) => storage.delete(v.key))))
  for (const r of results) if (r.status === 'rejected') console.error('Could not delete a photo variant', r.reason)
}

/**
 * Runs every file through the pipeline, one after another. All or nothing: when one file is
 * refused, the variants already written for the others are deleted and the PhotoError is thrown.
 */
export async function storeUploads(files: IncomingFile[], storage: Storage = getStorage()): Promise<StoredUpload[]> {
  const stored: StoredUpload[] = []
  try {
    for (const file of files) {
      const photo = await inPhotoSlot(() => storePhoto({ filePath: file.path, originalName: file.originalName }, storage))
      stored.push({ ...photo, originalName: file.originalName })
    }
    return stored
  } catch (error) {
    await removeStoredVariants(stored, storage)
    throw error
  }
}

/** One uploaded file through the pipeline (the photo upload resource route takes them one by one). */
export function storeUpload(file: IncomingFile, storage: Storage = getStorage()): Promise<StoredUpload> {
  return storeUploads([file], storage).then(([photo]) => photo)
}

