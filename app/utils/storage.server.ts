/**
 * One storage interface for uploaded files. Only the local backend exists today; a cloud backend
 * (UploadThing) is meant to be added in `createStorage` behind the same interface.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { getEnv, type Env } from './env.server'

export interface Storage {
  /** Replaces whatever was stored under the key; readers never see a half-written object. */
  put(key: string, data: Buffer | Readable, contentType: string): Promise<void>
  get(key: string): Promise<{ stream: Readable; size: number } | null>
  /** Deleting a missing key is not an error, so cleanup after a failure can be blind. */
  delete(key: string): Promise<void>
  exists(key: string): Promise<boolean>
}

// Every segment must start with a letter, digit, '_' or '-': this rules out '.', '..' and hidden
// names, so a key can neither leave the root nor reach the temp folder below.
const KEY_PATTERN = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/
const MAX_KEY_LENGTH = 512
const TEMP_DIR = '.tmp'

export function createLocalStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir)

  function fileFor(key: string) {
    if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`)
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
      await mkdir(tempDir, { recursive: true })
      try {
        if (Buffer.isBuffer(data)) await writeFile(temp, data, { flag: 'wx' })
        else await pipeline(data, createWriteStream(temp, { flags: 'wx' }))
        await mkdir(path.dirname(file), { recursive: true })
        await rename(temp, file)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
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

function createStorage(env: Env): Storage {
  if (env.UPLOADTHING_TOKEN) {
    // Failing loudly beats silently keeping files on a disk the operator believes is not used.
    throw new Error('UPLOADTHING_TOKEN is set, but the UploadThing storage backend is not implemented yet; unset it to use UPLOADS_DIR')
  }
  return createLocalStorage(path.resolve(process.cwd(), env.UPLOADS_DIR))
}

let storage: Storage | undefined

export function getStorage(): Storage {
  storage ??= createStorage(getEnv())
  return storage
}
