/**
 * The whole server with UPLOADTHING_TOKEN set, UploadThing's HTTP API answered by a local stand-in:
 * photos go through the pipeline to UploadThing, never to the local folder, are served back
 * through the app's own access checks, and are deleted from UploadThing when removed.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, seededContest, serverDb, uploadsDir, photoJobsDone } from '../factories-entries'
import { Client, pageText, startServer, type TestServer } from '../setup/server'
import { startUploadThingStub, type UploadThingStub } from '../uploadthing-stub'
import { schema } from '../../db/client.server'

let stub: UploadThingStub
let server: TestServer
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>

beforeAll(async () => {
  stub = await startUploadThingStub()
  ;[server, fixtures] = await Promise.all([
    // Seeded by this server, so that the demo photos go to UploadThing too (the run's template keeps them locally).
    startServer({
      UPLOADTHING_TOKEN: stub.token,
      UPLOADTHING_API_URL: stub.url,
      UPLOADTHING_INGEST_URL: stub.url,
      UPLOADTHING_UFS_HOST: stub.ufsHost,
      UPLOADTHING_UFS_APP_ID_LOCATION: 'path',
    }, { seedAtStart: true }),
    generateFixtures(),
  ])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await stub?.close()
})

const form = {
  save: 'submit',
  title: 'Двор в облаке',
  'authors[0].fullName': 'Облакова Вера Ильинична',
  'authors[0].age': '29',
  consent: 'on',
}

describe('photos stored with UploadThing', () => {
  it('sends the variants to UploadThing, keeps none locally, serves them through the app and deletes them there', async () => {
    // The demo entries' photos, stored on the first start, went to UploadThing as well.
    const seeded = stub.files.size
    expect(seeded).toBe(3 * (await serverDb(server).select().from(schema.photo)).length)
    expect(seeded).toBeGreaterThan(0)
    const client = new Client(server.url)
    await client.post('/register', { fullName: 'Облакова Вера Ильинична', email: 'cloud@example.ru', password: 'Skvorec2027', consent: 'on' })
    const res = await client.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart({ ...form, nominationId: String(snow.nominations[0].id) }, [
        { name: 'one.jpg', file: fixtures.large },
        { name: 'two.jpg', file: fixtures.orientation[6] },
      ]),
    )
    const id = entryIdFrom(res)
    await photoJobsDone(server)
    const photos = await serverDb(server).select().from(schema.photo).where(eq(schema.photo.entryId, id))
    expect(photos.map((p) => p.status)).toEqual(['ready', 'ready'])
    expect(stub.files.size).toBe(seeded + 6)
    // Only variants ever reach UploadThing: the uploads, metadata and all, were kept on this machine for their jobs.
    expect([...stub.files.values()].every((f) => f.name.endsWith('.webp') && f.type === 'image/webp')).toBe(true)
    // Nothing of the photos on the local disk once their jobs are done: not the variants, not the uploads.
    expect(await filesUnder(uploadsDir(server))).toEqual([])

    const served = await client.get(`/resources/photos/${photos[0].id}/gallery`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/webp')
    const bytes = Buffer.from(await served.arrayBuffer())
    expect([...stub.files.values()].some((f) => f.bytes.equals(bytes))).toBe(true)
    // A stranger still gets nothing: access is checked by the app before UploadThing is asked.
    expect((await new Client(server.url).get(`/resources/photos/${photos[0].id}/gallery`)).status).toBe(404)

    const edit = await client.post(`/my/entries/${id}`, multipart({ ...form, nominationId: String(snow.nominations[0].id), removePhoto: photos[1].id }))
    expect(edit.status).toBe(302)
    expect(stub.files.size).toBe(seeded + 3)
    expect(stub.log.some((line) => line.startsWith('DELETE '))).toBe(true)
  })

  it('refuses a bad file without sending anything to UploadThing', async () => {
    const client = new Client(server.url)
    await client.post('/register', { fullName: 'Облакова Вера Ильинична', email: 'cloud2@example.ru', password: 'Skvorec2027', consent: 'on' })
    const before = stub.log.length
    const res = await client.post('/resources/photos/upload', multipart({}, [{ name: 'script.svg', file: fixtures.svgWithScript }], 'photo'))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain('«script.svg»: формат SVG не поддерживается')
    expect(stub.log.slice(before).filter((line) => line.startsWith('PUT'))).toEqual([])
    expect(pageText(await (await client.get('/my/entries')).text())).toContain('У вас пока нет заявок')
  })
})
