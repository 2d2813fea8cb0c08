/**
 * Receiving photos from a form post: the multipart body is parsed as it streams in, each file goes
 * to a temporary file on disk (the parser holds at most one file in memory, never the request), and
 * every way a request can fail leaves neither a temporary file nor a stored variant behind.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import {
  FormDataParseError,
  MaxFilesExceededError,
  MaxFileSizeExceededError,
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  parseFormData,
  type FileUpload,
} from '@remix-run/form-data-parser'
import { getEnv } from '../../utils/env.server'
import { getStorage, type Storage } from '../../utils/storage.server'
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
// After a refusal the rest of the body is read and dropped, so that the browser gets the answer
// instead of a reset connection; a body larger than this is not worth reading.
const DRAIN_LIMIT = 300 * 1024 * 1024

const megabytes = MAX_UPLOAD_BYTES / 1024 / 1024

function incomingDir() {
  // Beside the stored files, on the same disk; a dot-name can never be a storage key.
  return path.resolve(process.cwd(), getEnv().UPLOADS_DIR, '.incoming')
}

/**
 * The name of the file part being read, taken from the raw multipart headers: when the parser
 * refuses a file for its size it has not told anyone the file's name yet.
 */
const SEAM = 1024

function watchFileNames(body: ReadableStream<Uint8Array>) {
  const seen = { last: null as string | null }
  const marker = Buffer.from('filename="', 'latin1')
  let carry: Buffer = Buffer.alloc(0)
  const find = (bytes: Buffer) => {
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + marker.length)) {
      const end = bytes.indexOf(0x22, at + marker.length)
      if (end === -1 || end - at > SEAM) break
      seen.last = bytes.toString('utf8', at + marker.length, end)
    }
  }
  const reader = body.getReader()
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) {
        controller.close()
        return
      }
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      // Only the seam between chunks is copied: a name split across two chunks is found there, the rest in place.
      if (carry.length) find(Buffer.concat([carry, chunk.subarray(0, SEAM)]))
      find(chunk)
      carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - SEAM)))
      controller.enqueue(value)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
  return { stream, seen }
}

async function drain(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader()
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

function refusal(error: unknown, fileName: string | null, maxFiles: number): UploadRefusedError | null {
  const named = fileName ? `Файл «${fileName}»` : 'Один из файлов'
  if (error instanceof MaxFileSizeExceededError) {
    return new UploadRefusedError(`${named} больше ${megabytes} МБ. Уменьшите его или выберите другой и отправьте форму ещё раз.`)
  }
  if (error instanceof MaxFilesExceededError) {
    return new UploadRefusedError(`Выбрано слишком много файлов: можно приложить не больше ${maxFiles}.`)
  }
  if (error instanceof MaxTotalSizeExceededError || error instanceof MaxPartsExceededError || error instanceof MaxHeaderSizeExceededError) {
    return new UploadRefusedError('Слишком большая форма: выберите меньше фотографий и отправьте её ещё раз.')
  }
  if (error instanceof FormDataParseError) {
    return new UploadRefusedError('Форма пришла не полностью: проверьте соединение и отправьте её ещё раз.')
  }
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

  const multipart = request.headers.get('content-type')?.startsWith('multipart/') && request.body
  const watched = multipart ? watchFileNames(request.body!) : null
  const input = watched
    ? new Request(request.url, { method: request.method, headers: request.headers, body: watched.stream, duplex: 'half' } as RequestInit)
    : request
  const dir = incomingDir()
  if (multipart) await mkdir(dir, { recursive: true })

  async function toTempFile(upload: FileUpload) {
    if (upload.fieldName !== options.fileField) return null
    // An empty file input still sends a part, with no bytes; no photo is empty either.
    if (upload.size === 0) return null
    if (files.length >= options.maxFiles) {
      extraFiles++
      return null
    }
    const file = path.join(dir, `${randomUUID()}.part`)
    files.push({ path: file, originalName: upload.name, bytes: upload.size })
    await pipeline(Readable.fromWeb(upload.stream() as NodeReadableStream<Uint8Array>), createWriteStream(file, { flags: 'wx' }))
    return `upload:${files.length - 1}`
  }

  try {
    const formData = await parseFormData(
      input,
      { maxFileSize: MAX_UPLOAD_BYTES, maxFiles: options.maxFiles + SPARE_FILES, maxParts: MAX_PARTS },
      toTempFile,
    )
    return { formData, files, extraFiles, discard }
  } catch (error) {
    await discard()
    const refused = refusal(error, watched?.seen.last ?? null, options.maxFiles)
    if (!refused) throw error
    if (watched) await drain(watched.stream)
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

