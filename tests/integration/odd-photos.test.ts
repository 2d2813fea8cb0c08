/**
 * Odd photos from outside (issue «Residents never lose what they submit…», item 6), posted to the
 * built server: a 20000×100 strip, a TIFF, an empty file (and the shared fixtures' GIF «bomb», where
 * present) sent with the plain entry form, ahead of it by the page's script, and as a contest's cover.
 * Each is refused with a 4xx and its Russian message, and nothing is stored. The cover takes the entry
 * photos' path: streamed to disk as it arrives, within the same 25 MB, kept as received and made into
 * variants by a photo job («Фото обрабатывается» until then). The server runs without its photo worker,
 * so that what the job has not done yet can be seen.
 */
import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeServerDb, filesUnder, multipart, seededContest, serverDb, uploadsDir } from '../factories-entries'
import { createContest, organiserClient } from '../factories-organiser'
import { fixturePath, fixturesAvailable } from '../setup/fixtures'
import { Client, pageText, shownText, startServer, type TestServer } from '../setup/server'
import { firstRow, schema } from '../../db/client.server'

let server: TestServer
let snow: Awaited<ReturnType<typeof seededContest>>
let resident: Client
let organiser: Client
let contestId: number

type Odd = { name: string; bytes: Buffer; type: string; message: string }
const ODD: Odd[] = []

beforeAll(async () => {
  server = await startServer({ PHOTO_WORKER: 'off' })
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  resident = new Client(server.url)
  await resident.post('/register', { fullName: 'Странных Олег Ильич', email: `odd-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  organiser = await organiserClient(server.url)
  contestId = await createContest(organiser, { title: 'Странные обложки', slug: 'strannye-oblozhki' })
  const plain = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#5a9' } })
  ODD.push(
    {
      name: 'лента.jpg',
      bytes: await plain(20000, 100).jpeg().toBuffer(),
      type: 'image/jpeg',
      message: 'Изображение «лента.jpg» слишком вытянутое: 20000×100 пикселей, а длинная сторона может быть больше короткой не более чем в 10 раз',
    },
    {
      name: 'скан.tiff',
      bytes: await plain(800, 600).tiff().toBuffer(),
      type: 'image/tiff',
      message: 'Файл «скан.tiff»: формат TIFF не поддерживается, допустимы JPEG, PNG, WebP, HEIC и AVIF.',
    },
    { name: 'пусто.jpg', bytes: Buffer.alloc(0), type: 'image/jpeg', message: 'Файл «пусто.jpg» пустой (0 байт): выберите фотографию ещё раз' },
  )
  if (fixturesAvailable('images')) {
    const name = 'bomb_frame_65535x1321.gif'
    ODD.push({ name, bytes: readFileSync(fixturePath('images', 'hostile', name)), type: 'image/gif', message: `Файл «${name}»: формат GIF не поддерживается` })
  }
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

const db = () => serverDb(server)
const cover = async () => (await firstRow(db().select({ id: schema.contest.coverPhotoId }).from(schema.contest).where(eq(schema.contest.id, contestId))))!.id
const overview = () => `/organiser/contests/${contestId}?index`

/** Everything a request could have left: files in the uploads folder (temporary ones included), photo rows, jobs, the cover. */
async function snapshot() {
  return {
    files: (await filesUnder(uploadsDir(server))).sort(),
    photos: (await firstRow(db().select({ n: count() }).from(schema.photo)))!.n,
    jobs: (await firstRow(db().select({ n: count() }).from(schema.photoJob)))!.n,
    cover: await cover(),
  }
}

function applyForm() {
  return {
    save: 'submit',
    nominationId: String(snow.nominations[0].id),
    title: 'Длинный двор',
    'authors[0].fullName': 'Странных Олег Ильич',
    'authors[0].age': '40',
    consent: 'on',
  }
}

const sent = (odd: Odd) => [{ name: odd.name, bytes: odd.bytes, type: odd.type }]

describe('odd files are refused with their message, leaving nothing', () => {
  it('has the generated odd files to send', () => {
    expect(ODD.map((o) => o.name).slice(0, 3)).toEqual(['лента.jpg', 'скан.tiff', 'пусто.jpg'])
  })

  it.each([0, 1, 2, 3])('odd file %i, sent with the plain entry form', async (i) => {
    const odd = ODD[i]
    if (!odd) return // the shared fixture is absent
    const before = await snapshot()
    const res = await resident.post(`/contests/${snow.contest.slug}/apply`, multipart(applyForm(), sent(odd)))
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain(odd.message)
    expect(await snapshot()).toEqual(before)
  })

  it.each([0, 1, 2, 3])('odd file %i, sent ahead of its form by the page', async (i) => {
    const odd = ODD[i]
    if (!odd) return
    const before = await snapshot()
    const res = await resident.post(`/resources/photos/upload?contest=${snow.contest.id}`, multipart({}, sent(odd), 'photo'))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(odd.message)
    expect(await snapshot()).toEqual(before)
  })

  it.each([0, 1, 2, 3])('odd file %i, sent as a contest’s cover', async (i) => {
    const odd = ODD[i]
    if (!odd) return
    const before = await snapshot()
    const res = await organiser.post(overview(), multipart({}, sent(odd), 'cover'))
    expect(res.status).toBe(400)
    const page = pageText(await res.text())
    expect(page).toContain(odd.message)
    // Said beside the cover's field.
    expect(page).toMatch(/id="cover"[^>]*aria-invalid="true"/)
    expect(await snapshot()).toEqual(before)
  })
})

describe('the contest cover takes the entry photos’ path', () => {
  it('the page lists the accepted formats, AVIF among them, and lets the file input take it', async () => {
    const page = shownText(await (await organiser.get(`/organiser/contests/${contestId}`)).text())
    expect(page).toContain('Фотография (JPEG, PNG, WebP, HEIC или AVIF, до 25 МБ)')
    expect(page).toMatch(/accept="[^"]*image\/avif/)
  })

  it('is kept as received and made by a photo job: «Фото обрабатывается» on the page until then, nothing served yet', async () => {
    const before = await snapshot()
    const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#38a' } }).jpeg().toBuffer()
    const res = await organiser.post(overview(), multipart({}, [{ name: 'обложка.jpg', bytes: jpeg, type: 'image/jpeg' }], 'cover'))
    expect(res.status).toBe(302)
    const id = await cover()
    expect(id).toBeTruthy()
    expect(id).not.toBe(before.cover)
    const row = (await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, id!))))!
    expect(row).toMatchObject({ status: 'processing', width: 1600, height: 900, variants: [], entryId: null })
    expect(await db().select({ photoId: schema.photoJob.photoId }).from(schema.photoJob).where(eq(schema.photoJob.photoId, id!))).toEqual([{ photoId: id }])
    // The upload kept byte for byte under its own key, never served; no temporary file left.
    const added = (await filesUnder(uploadsDir(server))).filter((f) => !before.files.includes(f))
    expect(added).toEqual([path.join('originals', id!.slice(0, 2), id!)])
    expect(readFileSync(path.join(uploadsDir(server), added[0]))).toEqual(jpeg)
    expect((await organiser.get(`/resources/photos/${id}/gallery`)).status).toBe(404)
    const page = shownText(await (await organiser.get(`/organiser/contests/${contestId}`)).text())
    expect(page).toContain('Фото обрабатывается')
    expect(page).not.toContain('alt="Обложка конкурса"')
  })

  it('is written to disk as it arrives: 20 MB of it are in a temporary file before the request has ended', async () => {
    const boundary = 'konkurs-cover-streaming'
    // A valid JPEG header followed by zeros, 22 MB in all: a server holding the part in memory would show nothing on disk.
    const head = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#a53' } }).jpeg().toBuffer()
    const photo = Buffer.concat([head, Buffer.alloc(22 * 1024 * 1024 - head.length)])
    let finish!: () => void
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="cover"; filename="поток.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`))
        for (let at = 0; at < photo.length; at += 1024 * 1024) controller.enqueue(photo.subarray(at, at + 1024 * 1024))
        await finished
        controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`))
        controller.close()
      },
    })
    const response = fetch(`${server.url}${overview()}`, {
      method: 'POST',
      body,
      duplex: 'half',
      redirect: 'manual',
      headers: { cookie: [...organiser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), origin: server.url, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit)
    const incoming = path.join(uploadsDir(server), '.incoming')
    const largestIncoming = async () => Math.max(0, ...(await Promise.all((await filesUnder(incoming)).map(async (f) => (await stat(path.join(incoming, f))).size))))
    await expect.poll(largestIncoming, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(20 * 1024 * 1024)
    finish()
    expect((await response).status).toBe(302)
    expect(await filesUnder(incoming)).toEqual([])
  })

  it('is held to the same 25 MB, by the file’s name, leaving nothing', async () => {
    const before = await snapshot()
    const res = await organiser.post(overview(), multipart({}, [{ name: 'огромная.jpg', bytes: Buffer.alloc(25 * 1024 * 1024 + 1), type: 'image/jpeg' }], 'cover'))
    expect(res.status).toBe(413)
    expect(pageText(await res.text())).toContain('Файл «огромная.jpg» больше 25 МБ')
    expect(await snapshot()).toEqual(before)
  })

  it('without a file chosen (an empty input), asks for one', async () => {
    const before = await snapshot()
    const form = new FormData()
    form.append('cover', new File([], ''), '')
    const res = await organiser.post(overview(), form)
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('Выберите фотографию для обложки.')
    expect(await snapshot()).toEqual(before)
  })
})
