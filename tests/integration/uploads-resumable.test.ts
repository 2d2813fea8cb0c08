/**
 * Resumable uploads (tus) through the real server: an upload whose connection is cut midway goes on
 * from the offset the server reports, and the photo is then processed and attached to an entry as a
 * photo posted in one piece is; the parts lie in the uploads folder's `.incoming/`, where the sweep
 * of the next start removes an abandoned one; the tus route keeps the plain upload route's rules
 * (signed in, same origin, the size limit, nobody else's upload).
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { closeServerDb, entryIdFrom, multipart, seededContest, serverDb, settledPhoto, uploadsDir } from '../factories-entries'
import { Client, startServer, type TestServer } from '../setup/server'
import { engine, firstRow, schema } from '../../db/client.server'
import { MAX_UPLOAD_BYTES } from '../../app/modules/photos/view'

const TUS = '/resources/photos/tus'
let server: TestServer
let second: TestServer | undefined
let photo: Buffer
let snow: Awaited<ReturnType<typeof seededContest>>

beforeAll(async () => {
  ;[server, photo] = await Promise.all([startServer(), noisyPhoto()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await second?.stop()
  await server?.stop()
})

/** A 3000×2000 JPEG of about 3 MB (noise compresses badly), so that a cut falls well inside it. */
async function noisyPhoto() {
  const width = 3000
  const height = 2000
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 60 })
    .toBuffer()
}

let residents = 0
async function newResident() {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: 'Докачкина Вера Ильинична', email: `tus${++residents}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  expect(res.status).toBe(302)
  return client
}

const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
const b64 = (s: string) => Buffer.from(s).toString('base64')

/** Starts an upload as tus-js-client does; returns the answer. */
function create(client: Client, length: number, headers: Record<string, string> = {}) {
  return fetch(server.url + TUS, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: cookieOf(client),
      origin: server.url,
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': `filename ${b64('двор.jpg')},contest ${b64(String(snow.contest.id))},owner ${b64('someone-else')}`,
      ...headers,
    },
  })
}

const head = (client: Client, location: string) => fetch(server.url + location, { method: 'HEAD', headers: { cookie: cookieOf(client), 'tus-resumable': '1.0.0' } })

const patch = (client: Client, location: string, offset: number, body: Buffer) =>
  fetch(server.url + location, {
    method: 'PATCH',
    headers: { cookie: cookieOf(client), origin: server.url, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(body),
  })

const incoming = () => path.join(uploadsDir(server), '.incoming')
const partSize = (id: string) => (existsSync(path.join(incoming(), id)) ? statSync(path.join(incoming(), id)).size : 0)

/**
 * Sends `bytes` from offset 0 as one PATCH announcing the whole rest of the file, and cuts the
 * connection once the server has written part of them: a phone losing its signal midway.
 */
async function patchCutMidway(client: Client, location: string, bytes: Buffer) {
  const id = path.posix.basename(location)
  const req = request(server.url + location, {
    method: 'PATCH',
    headers: {
      cookie: cookieOf(client),
      origin: server.url,
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
      'content-length': String(photo.length),
    },
  })
  req.on('error', () => {})
  const closed = new Promise((resolve) => req.once('close', resolve))
  req.write(bytes)
  for (let i = 0; i < 400 && partSize(id) < bytes.length; i++) await new Promise((resolve) => setTimeout(resolve, 25))
  expect(partSize(id), 'the server wrote the bytes sent before the cut').toBe(bytes.length)
  req.destroy()
  await closed
}

/** The offset the server reports, once it has let go of the cut request (asking cancels it). */
async function offsetAfterCut(client: Client, location: string) {
  let res = await head(client, location)
  for (let i = 0; i < 100 && res.status === 423; i++) res = await head(client, location)
  expect(res.status).toBe(200)
  return Number(res.headers.get('upload-offset'))
}

describe('a resumable upload', () => {
  it('cut off midway goes on from the offset the server reports; the photo is processed and attached to the entry', async () => {
    const client = await newResident()
    const created = await create(client, photo.length)
    expect(created.status).toBe(201)
    const location = created.headers.get('location')!
    expect(location).toMatch(new RegExp(`^${TUS}/[0-9a-f]{32}$`))
    const id = path.posix.basename(location)
    // The parts lie where the sweep looks: the file and what tus knows of it.
    expect(readdirSync(incoming()).sort()).toEqual([id, `${id}.json`])

    const half = Math.floor(photo.length / 2)
    await patchCutMidway(client, location, photo.subarray(0, half))
    const offset = await offsetAfterCut(client, location)
    expect(offset).toBe(half)

    const finished = await patch(client, location, offset, photo.subarray(offset))
    const body = (await finished.json()) as { photo?: { id: string; width: number; height: number }; duplicate?: boolean; error?: string }
    expect(finished.status, body.error).toBe(200)
    expect(body.photo).toMatchObject({ width: 3000, height: 2000 })
    expect(body.duplicate).toBe(false)
    // Taken into storage: nothing of it is left in `.incoming`.
    expect(readdirSync(incoming())).toEqual([])

    const row = await settledPhoto(server, body.photo!.id)
    expect(row.status, row.failure ?? '').toBe('ready')
    expect(row.originalName).toBe('двор.jpg')
    // The bytes of both halves, in order: the same photo as the file.
    expect(row.sha256).toBe(createHash('sha256').update(photo).digest('hex'))
    expect((await client.get(`/resources/photos/${row.id}/full`)).status).toBe(200)

    const saved = await client.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart({
        save: 'submit',
        nominationId: String(snow.nominations[0].id),
        title: 'Двор после снегопада',
        'authors[0].fullName': 'Докачкина Вера Ильинична',
        'authors[0].age': '52',
        consent: 'on',
        photosManaged: '1',
        photoOrder: [row.id],
      }),
    )
    const entryId = entryIdFrom(saved)
    const attached = await firstRow(serverDb(server).select().from(schema.photo).where(eq(schema.photo.id, row.id)))
    expect(attached?.entryId).toBe(entryId)
  })

  it('keeps the plain upload route’s rules: signed in, same origin, the size limit, nobody else’s upload', async () => {
    const owner = await newResident()
    const guest = new Client(server.url)
    expect((await create(guest, photo.length)).status).toBeGreaterThanOrEqual(300)
    const fromElsewhere = await create(owner, photo.length, { origin: 'https://evil.example' })
    expect(fromElsewhere.status).toBe(403)

    const tooLarge = await create(owner, MAX_UPLOAD_BYTES + 1)
    expect(tooLarge.status).toBe(413)
    expect(((await tooLarge.json()) as { error: string }).error).toMatch(/больше 25 МБ/)

    const created = await create(owner, photo.length)
    const location = created.headers.get('location')!
    const stranger = await newResident()
    expect((await head(stranger, location)).status).toBe(404)
    const intrusion = await patch(stranger, location, 0, photo)
    expect(intrusion.status).toBe(404)
    expect(((await intrusion.json()) as { error: string }).error).toMatch(/выберите фотографию ещё раз/)
    expect(partSize(path.posix.basename(location))).toBe(0)
    // Not a photo: refused with the pipeline's own message once complete, and nothing kept.
    const text = Buffer.from('это не фотография, а текст')
    const fake = await create(owner, text.length)
    const refused = await patch(owner, fake.headers.get('location')!, 0, text)
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: string }).error).toMatch(/JPEG/)
    expect(readdirSync(incoming()).filter((n) => n.startsWith(path.posix.basename(fake.headers.get('location')!)))).toEqual([])
  })

  it('abandoned midway: its parts stay in .incoming until the sweep of the next start removes them once an hour old', async () => {
    const client = await newResident()
    const created = await create(client, photo.length)
    expect(created.status).toBe(201)
    const location = created.headers.get('location')!
    const id = path.posix.basename(location)
    await patchCutMidway(client, location, photo.subarray(0, 64 * 1024))
    expect(await offsetAfterCut(client, location)).toBe(64 * 1024)
    const parts = readdirSync(incoming()).filter((n) => n.startsWith(id))
    expect(parts.sort()).toEqual([id, `${id}.json`])

    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    for (const part of parts) utimesSync(path.join(incoming(), part), longAgo, longAgo)
    second = await startServer({ UPLOADS_DIR: uploadsDir(server), ...(engine === 'postgres' ? { DATABASE_URL: server.dbPath } : { DATABASE_PATH: server.dbPath }) })
    for (let i = 0; i < 600 && !second.output().includes('Уборка загрузок'); i++) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(second.output()).toContain('частей незаконченных загрузок — 2')
    expect(readdirSync(incoming()).filter((n) => n.startsWith(id))).toEqual([])
  })
})
