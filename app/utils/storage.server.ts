/**
 * One storage interface for uploaded files: the local folder by default, UploadThing or an
 * S3-compatible object store by configuration (STORAGE, see env.server.ts). Callers never see which
 * one is in use.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer as readAll } from 'node:stream/consumers'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import type { UTApi } from 'uploadthing/server'
import { getEnv, type Env } from './env.server'
import { Refusal } from './refusal'

export interface Storage {
  /** Replaces whatever was stored under the key; readers never see a half-written object. */
  put(key: string, data: Buffer | Readable, contentType: string): Promise<void>
  get(key: string): Promise<{ stream: Readable; size: number } | null>
  /** Deleting a missing key is not an error, so cleanup after a failure can be blind. */
  delete(key: string): Promise<void>
  exists(key: string): Promise<boolean>
}

/** The disk's errors that mean «nothing can be written there now», not a bug: full, read-only, or not the server's to write. */
const WRITE_REFUSED: Record<string, string> = {
  ENOSPC: 'на сервере закончилось место',
  EDQUOT: 'на сервере закончилось место',
  EROFS: 'хранилище на сервере сейчас закрыто для записи',
  EACCES: 'хранилище на сервере сейчас закрыто для записи',
  EPERM: 'хранилище на сервере сейчас закрыто для записи',
}

/**
 * A failed write of uploaded files as the person reads it (a 503: the server's trouble, to be tried
 * again later), when the disk said it is full or closed for writing; null for any other error. Every
 * place that writes an upload to disk passes its error through this (the local storage below,
 * the request's files in app/modules/photos/uploads.server.ts).
 */
export function writeRefusal(error: unknown): Refusal | null {
  if (error instanceof Refusal) return error.kind === 'unavailable' ? error : null
  const code = (error as NodeJS.ErrnoException | null)?.code
  const reason = code ? WRITE_REFUSED[code] : undefined
  if (!reason) return null
  return new Refusal(
    'unavailable',
    `Не удалось сохранить фотографии: ${reason}. Попробуйте ещё раз немного позже — фотографии придётся выбрать заново.`,
    null,
    { cause: error },
  )
}

// Every segment must start with a letter, digit, '_' or '-': this rules out '.', '..' and hidden
// names, so a key can neither leave the root nor reach the temp folder below.
const KEY_PATTERN = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/
const MAX_KEY_LENGTH = 512
/** Where the local storage writes a file before renaming it to its key. */
export const TEMP_DIR = '.tmp'

function checkKey(key: string) {
  if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`)
}

export function createLocalStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir)

  function fileFor(key: string) {
    checkKey(key)
    const file = path.resolve(root, key)
    // Belt and braces on top of the pattern, in case path semantics differ on some platform.
    if (!file.startsWith(root + path.sep)) throw new Error(`Storage key escapes the root: ${JSON.stringify(key)}`)
    return file
  }

  return {
    // Local files are served with the type implied by the key's extension, so contentType only matters to cloud backends.
    async put(key, data, _contentType) {
      const file = fileFor(key)
      // The temp file lives under the same root so that rename() stays on one filesystem and is atomic.
      const tempDir = path.join(root, TEMP_DIR)
      const temp = path.join(tempDir, `${randomUUID()}.part`)
      try {
        await mkdir(tempDir, { recursive: true })
        if (Buffer.isBuffer(data)) await writeFile(temp, data, { flag: 'wx' })
        else await pipeline(data, createWriteStream(temp, { flags: 'wx' }))
        await mkdir(path.dirname(file), { recursive: true })
        await rename(temp, file)
      } catch (error) {
        await rm(temp, { force: true })
        // A full or read-only disk is said to the person; a temp file a killed process left is swept
        // on the next start (app/modules/photos/sweep.server.ts).
        throw writeRefusal(error) ?? error
      }
    },

    async get(key) {
      const file = fileFor(key)
      // Open first and stat the handle, so size and content come from the same file even if the key is replaced meanwhile.
      const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'EISDIR') return null
        throw error
      })
      if (!handle) return null
      try {
        const info = await handle.stat()
        if (!info.isFile()) {
          await handle.close()
          return null
        }
        return { stream: handle.createReadStream(), size: info.size }
      } catch (error) {
        await handle.close()
        throw error
      }
    },

    async delete(key) {
      await rm(fileFor(key), { force: true })
    },

    async exists(key) {
      const info = await stat(fileFor(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null
        throw error
      })
      return info?.isFile() ?? false
    },
  }
}

export type UploadThingOptions = {
  token: string
  /** The network edge: tests hand in a fetch that reaches a local stand-in for UploadThing. */
  fetch?: typeof fetch
  apiUrl?: string
  ingestUrl?: string
  ufsHost?: string
  ufsAppIdLocation?: 'subdomain' | 'path'
}

/** A signed file address stays valid this long: long enough for one read, too short to share. */
const SIGNED_URL_SECONDS = 60

/**
 * Objects in UploadThing, named by a custom id derived from the key. Reads go through the server
 * (the photo route streams them after its own access check) with short-lived signed addresses, so
 * the same code works whether the UploadThing app keeps files public or private. Keys are written
 * once by the app (photo variants get fresh ids); rewriting a key is refused by UploadThing, which
 * allows one file per custom id.
 */
export function createUploadThingStorage(options: UploadThingOptions): Storage {
  const fetchFn = options.fetch ?? globalThis.fetch
  const { fetch: _fetch, ...settings } = options
  // Only the settings given: a key present with no value would hide UploadThing's own environment variables.
  const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))
  // The SDK (with the effect library under it) is loaded on first use: about 30 MB that a server
  // keeping its photos on its own disk never needs.
  let sdk: Promise<{ api: UTApi; UTFile: typeof import('uploadthing/server').UTFile }> | undefined
  const load = () =>
    (sdk ??= import('uploadthing/server').then(({ UTApi, UTFile }) => ({
      api: new UTApi({ ...given, fetch: fetchFn, defaultKeyType: 'customId', logLevel: 'Error' }),
      UTFile,
    })))
  // Custom ids are limited to 128 characters and appear in URLs: a hash of the key fits both.
  const customId = (key: string) => {
    checkKey(key)
    return createHash('sha256').update(key).digest('base64url')
  }
  async function signedUrl(key: string) {
    const { api } = await load()
    return (await api.generateSignedURL(customId(key), { expiresIn: SIGNED_URL_SECONDS })).ufsUrl
  }

  return {
    async put(key, data, contentType) {
      const bytes = Buffer.isBuffer(data) ? data : await readAll(data)
      const { api, UTFile } = await load()
      const result = await api.uploadFiles(new UTFile([new Uint8Array(bytes)], path.posix.basename(key), { customId: customId(key), type: contentType }))
      if (result.error) throw new Error(`UploadThing refused ${key}: ${result.error.code} ${result.error.message}`)
    },

    async get(key) {
      const res = await fetchFn(await signedUrl(key))
      if (res.status === 404) return null
      if (!res.ok || !res.body) throw new Error(`UploadThing answered ${res.status} for ${key}`)
      const length = Number(res.headers.get('content-length'))
      if (Number.isInteger(length) && length >= 0 && !res.headers.get('content-encoding')) {
        return { stream: Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>), size: length }
      }
      // Without a length the size is only known once read; variants are small enough for that.
      const bytes = Buffer.from(await res.arrayBuffer())
      return { stream: Readable.from([bytes]), size: bytes.length }
    },

    async delete(key) {
      const { api } = await load()
      await api.deleteFiles(customId(key))
    },

    async exists(key) {
      const res = await fetchFn(await signedUrl(key), { method: 'HEAD' })
      if (res.status === 404) return false
      if (!res.ok) throw new Error(`UploadThing answered ${res.status} for ${key}`)
      return true
    },
  }
}

export type S3Options = {
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** Without one, Amazon S3 itself. */
  endpoint?: string
  forcePathStyle?: boolean
  /**
   * How long a request may wait for the store to connect and to answer before it fails (5 s and 30 s):
   * a stalled store must end in an error page, not in requests that hang and pile up.
   */
  timeouts?: { connectMs: number; requestMs: number }
}

const S3_TIMEOUTS = { connectMs: 5_000, requestMs: 30_000 }

/**
 * Objects in a bucket of an S3-compatible store (Amazon S3, Yandex Object Storage, Selectel, MinIO,
 * Ceph RGW), under the storage keys as they are. Objects are put with no ACL, so they are only as
 * public as the bucket, which must be private: people get them only through the photo route, which
 * checks access and streams them from here.
 */
export function createS3Storage(options: S3Options): Storage {
  // Loaded on first use, as UploadThing's SDK is: a server that keeps photos on its own disk never needs it.
  let sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3'); Upload: typeof import('@aws-sdk/lib-storage').Upload }> | undefined
  const load = () =>
    (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, { Upload }]) => ({
      s3,
      Upload,
      client: new s3.S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle ?? false,
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
        // The SDK's default adds CRC checksums to every upload, streams in aws-chunked framing, which
        // many S3-compatible stores refuse; checksums only where S3 requires them works everywhere.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // The handler only warns about a request past its time unless told to fail it.
        requestHandler: {
          connectionTimeout: (options.timeouts ?? S3_TIMEOUTS).connectMs,
          requestTimeout: (options.timeouts ?? S3_TIMEOUTS).requestMs,
          throwOnRequestTimeout: true,
        },
        maxAttempts: 2,
      }),
    })))
  const Bucket = options.bucket
  const isNotFound = (error: unknown) => {
    const name = (error as Partial<S3ServiceException> | null)?.name
    // NotFound is HEAD's answer, which has no body to say more: a missing bucket reads as a missing key there.
    return name === 'NoSuchKey' || name === 'NotFound'
  }

  return {
    async put(key, data, contentType) {
      checkKey(key)
      const { client, Upload } = await load()
      // A stream's length is not known ahead, which PutObject needs: Upload reads it in parts of 5 MB,
      // one part at a time (a bounded amount of memory per upload, whatever the size), sends a short
      // stream as one PutObject and a long one as a multipart upload, which no reader sees until it is
      // complete and which is aborted if any part fails. Either way the key never shows half an object.
      await new Upload({ client, params: { Bucket, Key: key, Body: data, ContentType: contentType }, queueSize: 1 }).done()
    },

    async get(key) {
      checkKey(key)
      const { client, s3 } = await load()
      const object = await client.send(new s3.GetObjectCommand({ Bucket, Key: key })).catch((error: unknown) => {
        if (isNotFound(error)) return null
        throw error
      })
      if (!object) return null
      if (!(object.Body instanceof Readable) || object.ContentLength === undefined) {
        // An unread answer would hold its connection out of the SDK's pool.
        ;(object.Body as Readable | undefined)?.destroy?.()
        throw new Error(`Object store answered ${key} without a body stream and a length`)
      }
      return { stream: object.Body, size: object.ContentLength }
    },

    async delete(key) {
      checkKey(key)
      const { client, s3 } = await load()
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: key }))
    },

    async exists(key) {
      checkKey(key)
      const { client, s3 } = await load()
      return client.send(new s3.HeadObjectCommand({ Bucket, Key: key })).then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) return false
          throw error
        },
      )
    },
  }
}

/** Which backend the configuration asks for: STORAGE when set, else UploadThing if there is a token, as before STORAGE existed. */
export function storageKind(env: Pick<Env, 'STORAGE' | 'UPLOADTHING_TOKEN'>): NonNullable<Env['STORAGE']> {
  return env.STORAGE ?? (env.UPLOADTHING_TOKEN ? 'uploadthing' : 'local')
}

/** The local uploads folder (UPLOADS_DIR): the local storage's root, and where files wait while they are written, whatever the storage. */
export function uploadsRoot() {
  return path.resolve(process.cwd(), getEnv().UPLOADS_DIR)
}

function createStorage(env: Env): Storage {
  switch (storageKind(env)) {
    // UploadThing's own variables (UPLOADTHING_API_URL, UPLOADTHING_INGEST_URL, UPLOADTHING_UFS_HOST,
    // UPLOADTHING_UFS_APP_ID_LOCATION) are read by its SDK when set; the token alone is enough otherwise.
    case 'uploadthing':
      return createUploadThingStorage({ token: env.UPLOADTHING_TOKEN! })
    // The environment schema has refused STORAGE=s3 without these.
    case 's3':
      return createS3Storage({
        bucket: env.S3_BUCKET!,
        region: env.S3_REGION!,
        accessKeyId: env.S3_ACCESS_KEY_ID!,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
        endpoint: env.S3_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
      })
    case 'local':
      return createLocalStorage(uploadsRoot())
  }
}

let storage: Storage | undefined

export function getStorage(): Storage {
  storage ??= createStorage(getEnv())
  return storage
}

let originals: Storage | undefined

/**
 * Where uploads are kept as received until their photo job has made the variants (docs/decisions/020-…):
 * the configured storage, except UploadThing, whose cloud must never receive an upload with its
 * metadata (docs/decisions/007-…): with it, the local folder, which separate workers must then share.
 */
export function getOriginalsStorage(): Storage {
  const env = getEnv()
  originals ??= storageKind(env) === 'uploadthing' ? createLocalStorage(uploadsRoot()) : getStorage()
  return originals
}
