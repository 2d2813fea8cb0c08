/**
 * The UploadThing storage backend against a local stand-in for UploadThing's HTTP API (ingest,
 * REST API and file CDN, with their signature checks): the same contract as the local folder.
 */
import { readFile } from 'node:fs/promises'
import { buffer as readAll } from 'node:stream/consumers'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../../../tests/fixtures/generate'
import { expectNoMetadata } from '../../../tests/photo-checks'
import { startUploadThingStub, type UploadThingStub } from '../../../tests/uploadthing-stub'
import { createUploadThingStorage, type Storage } from '../../utils/storage.server'
import { Refusal } from '../../utils/refusal'
import { storePhoto } from './pipeline.server'

let stub: UploadThingStub
let storage: Storage
let fixtures: GeneratedFixtures

beforeAll(async () => {
  ;[stub, fixtures] = await Promise.all([startUploadThingStub(), generateFixtures()])
  storage = createUploadThingStorage({ token: stub.token, apiUrl: stub.url, ingestUrl: stub.url, ufsHost: stub.ufsHost, ufsAppIdLocation: 'path' })
})
afterAll(() => stub?.close())
beforeEach(() => {
  stub.files.clear()
  stub.failUploads(null)
})

describe('UploadThing storage', () => {
  it('puts, reads, checks and deletes, through signed requests', async () => {
    await storage.put('photos/ab/one.webp', Buffer.from('первый'), 'image/webp')
    expect(stub.files.size).toBe(1)
    const [stored] = stub.files.values()
    expect(stored).toMatchObject({ name: 'one.webp', type: 'image/webp' })
    expect(await storage.exists('photos/ab/one.webp')).toBe(true)
    const object = await storage.get('photos/ab/one.webp')
    expect(object?.size).toBe(Buffer.byteLength('первый'))
    expect((await readAll(object!.stream)).toString()).toBe('первый')

    expect(await storage.get('photos/ab/missing.webp')).toBeNull()
    expect(await storage.exists('photos/ab/missing.webp')).toBe(false)
    await storage.delete('photos/ab/one.webp')
    await storage.delete('photos/ab/one.webp')
    expect(stub.files.size).toBe(0)
    expect(await storage.exists('photos/ab/one.webp')).toBe(false)
  })

  it('keeps every key apart: the custom id is derived from the whole key', async () => {
    await storage.put('photos/ab/x.webp', Buffer.from('a'), 'image/webp')
    await storage.put('photos/cd/x.webp', Buffer.from('b'), 'image/webp')
    expect(stub.files.size).toBe(2)
    expect((await readAll((await storage.get('photos/cd/x.webp'))!.stream)).toString()).toBe('b')
  })

  it('refuses keys that are not storage keys before calling UploadThing', async () => {
    const calls = stub.log.length
    await expect(storage.put('../x', Buffer.from('x'), 'text/plain')).rejects.toThrow(/storage key/)
    await expect(storage.get('a//b')).rejects.toThrow(/storage key/)
    expect(stub.log.length).toBe(calls)
  })

  it('stores a photo’s three metadata-free variants', async () => {
    const photo = await storePhoto({ filePath: fixtures.gpsXmpP3Jpeg, originalName: 'gps.jpg' }, storage)
    expect(stub.files.size).toBe(3)
    for (const v of photo.variants) {
      const object = await storage.get(v.key)
      expect(object?.size).toBe(v.bytes)
      await expectNoMetadata(await readAll(object!.stream))
    }
  })

  it('leaves nothing in UploadThing when an upload fails or the photo is refused', async () => {
    stub.failUploads(500)
    await expect(storePhoto({ filePath: fixtures.large, originalName: 'large.jpg' }, storage)).rejects.toThrow(/UploadThing refused/)
    expect(stub.files.size).toBe(0)
    stub.failUploads(null)
    await expect(storePhoto({ buffer: await readFile(fixtures.svgWithScript), originalName: 'x.svg' }, storage)).rejects.toBeInstanceOf(Refusal)
    expect(stub.files.size).toBe(0)
  })
})
