/**
 * The S3 storage backend against a real S3-compatible server (s3rver, its own process): the same
 * contract as the local folder and UploadThing.
 */
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer as readAll } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../../../tests/fixtures/generate'
import { expectNoMetadata } from '../../../tests/photo-checks'
import { startS3Server, type S3Server } from '../../../tests/s3-server'
import { createLocalStorage, createS3Storage, type Storage } from '../../utils/storage.server'
import { closeDatabase, openDatabase } from '../../../db/client.server'
import { makeContest, makeEntry, makeUser } from '../../../tests/factories'
import { makePhoto } from '../../../tests/factories-jury'
import { copyStoredPhotos } from './copy-stored.server'
import { storePhoto } from './pipeline.server'

let s3: S3Server
let storage: Storage
let fixtures: GeneratedFixtures

beforeAll(async () => {
  ;[s3, fixtures] = await Promise.all([startS3Server(), generateFixtures()])
  storage = createS3Storage(s3.options)
})
afterAll(() => s3?.close())

/** A stream that does not tell its length, as a request body or a pipe does. */
function chunked(bytes: Buffer, chunkSize: number) {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize)
    })(),
  )
}

describe('S3 storage', () => {
  it('puts, reads, checks and deletes, and deleting twice is fine', async () => {
    await storage.put('photos/ab/one.webp', Buffer.from('первый'), 'image/webp')
    expect(await s3.keys()).toEqual(['photos/ab/one.webp'])
    expect(await storage.exists('photos/ab/one.webp')).toBe(true)
    const object = await storage.get('photos/ab/one.webp')
    expect(object?.size).toBe(Buffer.byteLength('первый'))
    expect((await readAll(object!.stream)).toString()).toBe('первый')

    await storage.put('photos/ab/one.webp', Buffer.from('второй'), 'image/webp')
    expect((await readAll((await storage.get('photos/ab/one.webp'))!.stream)).toString()).toBe('второй')

    await storage.delete('photos/ab/one.webp')
    await storage.delete('photos/ab/one.webp')
    expect(await s3.keys()).toEqual([])
    expect(await storage.exists('photos/ab/one.webp')).toBe(false)
  })

  it('answers null and false for a missing key', async () => {
    expect(await storage.get('photos/ab/missing.webp')).toBeNull()
    expect(await storage.exists('photos/ab/missing.webp')).toBe(false)
  })

  it('stores streams of unknown length, short ones and ones longer than a part', async () => {
    const short = Buffer.from('короткий поток '.repeat(100))
    await storage.put('streams/short.bin', chunked(short, 97), 'application/octet-stream')
    expect((await readAll((await storage.get('streams/short.bin'))!.stream)).equals(short)).toBe(true)

    // Over the 5 MB part size, so it goes as a multipart upload.
    const long = Buffer.alloc(6 * 1024 * 1024 + 123, 'абв')
    await storage.put('streams/long.bin', chunked(long, 64 * 1024), 'application/octet-stream')
    const object = await storage.get('streams/long.bin')
    expect(object?.size).toBe(long.length)
    expect((await readAll(object!.stream)).equals(long)).toBe(true)
    await Promise.all(['streams/short.bin', 'streams/long.bin'].map((k) => storage.delete(k)))
  })

  it('leaves no object when a stream fails midway, before or after its first part went', async () => {
    const failingAfter = (bytes: number) =>
      Readable.from(
        (async function* () {
          yield Buffer.alloc(bytes, 'x')
          throw new Error('клиент оборвал загрузку')
        })(),
      )
    await expect(storage.put('streams/broken.bin', failingAfter(1024), 'application/octet-stream')).rejects.toThrow('клиент оборвал загрузку')
    // Past the 5 MB part size a multipart upload is under way when the stream fails. The SDK then aborts
    // it, which s3rver does not implement (it answers MethodNotAllowed, and that is the error seen here);
    // either way the parts never become an object.
    await expect(storage.put('streams/broken.bin', failingAfter(6 * 1024 * 1024), 'application/octet-stream')).rejects.toThrow()
    expect(await storage.exists('streams/broken.bin')).toBe(false)
  })

  it('lets other errors through: a bucket that does not exist is not a missing photo', async () => {
    const wrong = createS3Storage({ ...s3.options, bucket: 'no-such-bucket' })
    await expect(wrong.get('photos/ab/one.webp')).rejects.toMatchObject({ name: 'NoSuchBucket' })
    await expect(wrong.put('photos/ab/one.webp', Buffer.from('x'), 'image/webp')).rejects.toMatchObject({ name: 'NoSuchBucket' })
  })

  it('refuses keys that are not storage keys before asking the store', async () => {
    await expect(storage.put('../x', Buffer.from('x'), 'text/plain')).rejects.toThrow(/storage key/)
    await expect(storage.get('a//b')).rejects.toThrow(/storage key/)
    await expect(storage.delete('.hidden')).rejects.toThrow(/storage key/)
  })

  it('stores a photo’s three metadata-free variants', async () => {
    const photo = await storePhoto({ filePath: fixtures.gpsXmpP3Jpeg, originalName: 'gps.jpg' }, storage)
    expect(await s3.keys()).toEqual(photo.variants.map((v) => v.key).sort())
    for (const v of photo.variants) {
      const object = await storage.get(v.key)
      expect(object?.size).toBe(v.bytes)
      await expectNoMetadata(await readAll(object!.stream))
    }
    await Promise.all(photo.variants.map((v) => storage.delete(v.key)))
  })
})

describe('S3 storage on a store that stalls', () => {
  it('fails the request after its timeout instead of waiting for ever', async () => {
    // Accepts connections and never answers, as a store that hangs does.
    const sockets: net.Socket[] = []
    const stalled = net.createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve))
    const { port } = stalled.address() as net.AddressInfo
    try {
      const slow = createS3Storage({ ...s3.options, endpoint: `http://127.0.0.1:${port}`, timeouts: { connectMs: 500, requestMs: 300 } })
      await expect(slow.get('photos/ab/one.webp')).rejects.toThrow(/timeout|timed out|socket hang up/i)
      await expect(slow.put('photos/ab/two.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow()
    } finally {
      for (const socket of sockets) socket.destroy()
      stalled.close()
    }
  })
})

describe('moving a deployment from the local folder into the bucket', () => {
  it('copies every variant the database knows of, leaves what is already there, and names what is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-copy-'))
    const db = openDatabase(path.join(dir, 'app.db'))
    try {
      const owner = await makeUser(db)
      const { contest } = await makeContest(db)
      const entry = await makeEntry(db, { contestId: contest.id, ownerId: owner.id })
      const uploads = path.join(dir, 'uploads')
      const photos = [await makePhoto(db, { entryId: entry.id, ownerId: owner.id, uploadsDir: uploads }), await makePhoto(db, { entryId: entry.id, ownerId: owner.id, position: 1, uploadsDir: uploads })]
      const keys = photos.flatMap((p) => p.variants.map((v) => v.key))
      // One variant already in the bucket, one lost from the folder.
      await storage.put(keys[0], Buffer.from('уже есть'), 'image/webp')
      fs.rmSync(path.join(uploads, keys[5]))

      const result = await copyStoredPhotos(createLocalStorage(uploads), storage, db)
      expect(result).toEqual({ copied: 4, present: 1, missing: [keys[5]] })
      for (const key of keys.slice(0, 5)) expect(await storage.exists(key)).toBe(true)
      expect((await readAll((await storage.get(keys[1]))!.stream)).length).toBe(fs.statSync(path.join(uploads, keys[1])).size)
      expect((await readAll((await storage.get(keys[0]))!.stream)).toString()).toBe('уже есть')

      expect(await copyStoredPhotos(createLocalStorage(uploads), storage, db)).toEqual({ copied: 0, present: 5, missing: [keys[5]] })
    } finally {
      await closeDatabase(db)
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
