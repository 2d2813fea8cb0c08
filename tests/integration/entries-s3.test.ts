/**
 * The whole server with STORAGE=s3, pointed at a real S3-compatible server (s3rver, its own
 * process): uploads are kept in the bucket as received, their jobs put the variants there and remove
 * the uploads, nothing stays in the local folder; variants are served back through the app's own
 * access checks, and are deleted from the bucket when removed.
 */
import { eq } from 'drizzle-orm'
import { buffer as readAll } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createS3Storage } from '../../app/utils/storage.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, photoJobsDone, seededContest, serverDb, settledPhoto, uploadsDir } from '../factories-entries'
import { startS3Server, type S3Server } from '../s3-server'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'
import { schema } from '../../db/client.server'

let s3: S3Server
let server: TestServer
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>

beforeAll(async () => {
  s3 = await startS3Server()
  ;[server, fixtures] = await Promise.all([startServer(s3.env), generateFixtures()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await s3?.close()
})

const form = {
  save: 'submit',
  title: 'Двор в бакете',
  'authors[0].fullName': 'Ведёркина Ольга Павловна',
  'authors[0].age': '41',
  consent: 'on',
}

let residents = 0
async function newResident() {
  const client = new Client(server.url)
  await client.post('/register', { fullName: 'Ведёркина Ольга Павловна', email: `s3-${++residents}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  return client
}

const variantKeys = (photos: { variants: { key: string }[] }[]) => photos.flatMap((p) => p.variants.map((v) => v.key)).sort()

describe('photos stored in S3-compatible object storage', () => {
  it('puts the variants in the bucket, none in the local folder, serves them to those allowed only, and deletes them there', async () => {
    const localBefore = await filesUnder(uploadsDir(server))
    const keysBefore = await s3.keys()
    const owner = await newResident()
    const res = await owner.post(
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
    // The variants, and no longer the uploads their jobs read.
    expect(await s3.keys()).toEqual([...keysBefore, ...variantKeys(photos)].sort())
    // Nothing new on the local disk: not the variants, not the uploads on their way, not the jobs' copies.
    expect(await filesUnder(uploadsDir(server))).toEqual(localBefore)

    const url = `/resources/photos/${photos[0].id}/gallery`
    const served = await owner.get(url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/webp')
    const bytes = Buffer.from(await served.arrayBuffer())
    const key = photos[0].variants.find((v) => v.size === 'gallery')!.key
    expect(bytes.equals(await readAll((await createS3Storage(s3.options).get(key))!.stream))).toBe(true)

    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    expect((await organiser.get(url)).status).toBe(200)
    // Access is checked by the app before the bucket is asked: a stranger learns nothing.
    expect((await new Client(server.url).get(url)).status).toBe(404)
    expect((await (await newResident()).get(url)).status).toBe(404)

    const edit = await owner.post(`/my/entries/${id}`, multipart({ ...form, nominationId: String(snow.nominations[0].id), removePhoto: photos[1].id }))
    expect(edit.status).toBe(302)
    expect(await s3.keys()).toEqual([...keysBefore, ...variantKeys([photos[0]])].sort())
  })

  it('deletes an upload discarded before its form was saved from the bucket', async () => {
    const owner = await newResident()
    const uploaded = await owner.post(`/resources/photos/upload?contest=${snow.contest.id}`, multipart({}, [{ name: 'draft.jpg', file: fixtures.large }], 'photo'))
    expect(uploaded.status).toBe(200)
    const { photo } = (await uploaded.json()) as { photo: { id: string } }
    const row = await settledPhoto(server, photo.id)
    const keys = variantKeys([row])
    expect(keys).toHaveLength(3)
    for (const key of keys) expect(await s3.keys()).toContain(key)
    expect((await owner.get(`/resources/photos/${photo.id}/thumb`)).status).toBe(200)

    expect((await owner.post(`/resources/photos/upload?discard=${photo.id}`, {})).status).toBe(204)
    expect((await s3.keys()).filter((k) => keys.includes(k))).toEqual([])
  })

  it('refuses to start with STORAGE=s3 and a setting missing, naming it', async () => {
    const failure = await startServer({ ...s3.env, S3_BUCKET: undefined, S3_SECRET_ACCESS_KEY: undefined }).then(
      async (started) => {
        await started.stop()
        return null
      },
      (error: Error) => error.message,
    )
    expect(failure).toContain('S3_BUCKET: required when STORAGE=s3')
    expect(failure).toContain('S3_SECRET_ACCESS_KEY: required when STORAGE=s3')
  })
})
