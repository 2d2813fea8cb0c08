/**
 * Photos through the real server: every upload path (one file at a time from the page with
 * JavaScript, several in the plain form), what is stored and served, what is refused, and that a
 * refused request leaves nothing behind. The answer comes before the variants exist (their job runs
 * in the server's own worker here): what needs them waits for the job with a bounded number of looks
 * (`settledPhoto`, `photoJobsDone`). A file refused only once decoded fails in its job, with its
 * message on the entry and nothing in storage. The shared real photos are used where present; the
 * generated fixtures prove the same behaviour on a fresh clone.
 */
import { readdirSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { eq, inArray } from 'drizzle-orm'
import exifr from 'exifr'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORNER_COLOURS, generateFixtures, ORIENTATIONS, TEST_PICTURE, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, photoJobsDone, seededContest, serverDb, settledPhoto, uploadsDir } from '../factories-entries'
import { EXIFR_EVERYTHING, expectNoMetadata, meanDifference, rawPixels } from '../photo-checks'
import { fixturePath, fixturesAvailable } from '../setup/fixtures'
import { Client, DEMO, pageText, shownText, startServer, type TestServer } from '../setup/server'
import { firstRow, schema } from '../../db/client.server'

const SHARED = fixturesAvailable('images')
const sharedImages = (sub: string) => (SHARED ? readdirSync(fixturePath('images', sub)).filter((f) => f !== 'LICENSE').sort() : [])
const SIZES = ['thumb', 'gallery', 'full'] as const

let server: TestServer
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>

beforeAll(async () => {
  ;[server, fixtures] = await Promise.all([startServer(), generateFixtures()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

const db = () => serverDb(server)
let residents = 0
async function newResident() {
  const client = new Client(server.url)
  await client.post('/register', { fullName: 'Фотографова Анна Сергеевна', email: `photos${++residents}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  return client
}

type Uploaded = { status: number; body: { photo?: { id: string; width: number; height: number }; duplicate?: boolean; error?: string } }

async function upload(client: Client, file: string, name = path.basename(file)): Promise<Uploaded> {
  const res = await client.post(`/resources/photos/upload?contest=${snow.contest.id}`, multipart({}, [{ name, file }], 'photo'))
  return { status: res.status, body: (await res.json()) as Uploaded['body'] }
}

/** Uploaded, accepted at once, and once its job has run, ready. */
async function uploadReady(client: Client, file: string, name = path.basename(file)) {
  const uploaded = await upload(client, file, name)
  expect(uploaded.status, uploaded.body.error).toBe(200)
  const row = await settledPhoto(server, uploaded.body.photo!.id)
  expect(row.status, row.failure ?? '').toBe('ready')
  return { ...uploaded, row }
}

/** Files refused only once decoded, in their job: their headers are whole, their data cut short. */
const FAILS_IN_JOB = new Set(['truncated_first10000bytes.jpg', 'truncated_progressive.jpg'])

async function fetchVariant(client: Client, id: string, size: (typeof SIZES)[number]) {
  const res = await client.get(`/resources/photos/${id}/${size}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('image/webp')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  const bytes = Buffer.from(await res.arrayBuffer())
  expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
  return bytes
}

/** What is on disk and how many photo rows there are, once every job has run. */
async function snapshot() {
  await photoJobsDone(server)
  return { files: await filesUnder(uploadsDir(server)), photos: (await db().select({ id: schema.photo.id }).from(schema.photo)).length }
}

function applyForm() {
  return {
    save: 'submit',
    nominationId: String(snow.nominations[0].id),
    title: 'Двор с фотографиями',
    'authors[0].fullName': 'Фотографова Анна Сергеевна',
    'authors[0].age': '35',
    consent: 'on',
  }
}

describe.skipIf(!SHARED)('the shared real photos', () => {
  describe('orientation/: all 18 are stored upright and unmirrored in every variant', () => {
    const THUMB = { Landscape: [400, 267], Portrait: [267, 400] } as const
    const references = new Map<string, Buffer>()
    let client: Client

    beforeAll(async () => {
      client = await newResident()
      for (const kind of ['Landscape', 'Portrait'] as const) {
        const { body } = await uploadReady(client, fixturePath('images', 'orientation', `${kind}_1.jpg`))
        references.set(kind, await rawPixels(await fetchVariant(client, body.photo!.id, 'thumb'), THUMB[kind]))
      }
    })

    it('has 18 files to check', () => {
      expect(sharedImages('orientation')).toHaveLength(18)
    })

    it.each(sharedImages('orientation'))('%s', async (file) => {
      const kind = file.startsWith('Landscape') ? 'Landscape' : 'Portrait'
      const { status, body } = await uploadReady(client, fixturePath('images', 'orientation', file))
      expect(status).toBe(200)
      // Known from the header as the upload is answered, before the job.
      expect([body.photo!.width, body.photo!.height]).toEqual(kind === 'Landscape' ? [1800, 1200] : [1200, 1800])
      for (const size of SIZES) {
        const variant = await fetchVariant(client, body.photo!.id, size)
        const meta = await sharp(variant).metadata()
        if (kind === 'Landscape') expect(meta.width).toBeGreaterThan(meta.height!)
        else expect(meta.height).toBeGreaterThan(meta.width!)
        // The 18 files differ only by the digit in the middle; a mirror or a flip differs by more than 30.
        expect(meanDifference(await rawPixels(variant, THUMB[kind]), references.get(kind)!)).toBeLessThan(6)
      }
    })
  })

  describe('gps/ and formats/: every file is accepted, and no stored or served file carries EXIF, GPS, XMP or ICC', () => {
    const files = [...sharedImages('gps').map((f) => ['gps', f]), ...sharedImages('formats').map((f) => ['formats', f])]
    let client: Client
    beforeAll(async () => {
      client = await newResident()
    })

    it.each(files)('%s/%s', async (dir, file) => {
      const original = fixturePath('images', dir, file)
      if (dir === 'gps') expect(await exifr.gps(await readFile(original)), 'the fixture itself has GPS').toBeTruthy()
      const { row } = await uploadReady(client, original)
      expect(row.variants.map((v) => v.size).sort()).toEqual(['full', 'gallery', 'thumb'])
      for (const variant of row.variants) {
        const onDisk = await readFile(path.join(uploadsDir(server), variant.key))
        await expectNoMetadata(onDisk)
        expect(await fetchVariant(client, row.id, variant.size)).toEqual(onDisk)
      }
    })

    it('the EXIF reader used for the check does find metadata where there is some', async () => {
      const parsed = await exifr.parse(await readFile(fixturePath('images', 'gps', sharedImages('gps')[0])), EXIFR_EVERYTHING)
      expect(parsed.latitude).toEqual(expect.any(Number))
    })
  })

  describe('hostile/: every file is refused with a message naming it (at once, or by its job once decoded), and nothing of it is left in uploads/', () => {
    let client: Client
    beforeAll(async () => {
      client = await newResident()
    })

    it('has files refused by their job as well as at once', () => {
      expect(sharedImages('hostile').filter((f) => FAILS_IN_JOB.has(f))).toEqual([...FAILS_IN_JOB].sort())
    })

    it.each(sharedImages('hostile'))('%s, sent alone from the page with JavaScript', async (file) => {
      const before = await snapshot()
      const { status, body } = await upload(client, fixturePath('images', 'hostile', file))
      if (FAILS_IN_JOB.has(file)) {
        expect(status).toBe(200)
        const row = await settledPhoto(server, body.photo!.id)
        expect(row).toMatchObject({ status: 'failed', variants: [], originalKey: null })
        expect(row.failure).toContain(`«${file}»`)
        expect(row.failure).toMatch(/[А-Яа-яЁё]{4}/)
        expect((await snapshot()).files).toEqual(before.files)
        // The resident removes it, as the page offers.
        expect((await client.post(`/resources/photos/upload?discard=${row.id}`, {})).status).toBe(204)
      } else {
        expect(status).toBeGreaterThanOrEqual(400)
        expect(body.error).toContain(`«${file}»`)
        expect(body.error).toMatch(/[А-Яа-яЁё]{4}/)
      }
      expect(await snapshot()).toEqual(before)
    })

    it.each(sharedImages('hostile').filter((f) => !FAILS_IN_JOB.has(f)))('%s, sent with a good photo in the plain form', async (file) => {
      const before = await snapshot()
      const entries = (await db().select().from(schema.entry)).length
      const res = await client.post(
        `/contests/${snow.contest.slug}/apply`,
        multipart(applyForm(), [{ name: 'good.jpg', file: fixtures.large }, { name: file, file: fixturePath('images', 'hostile', file) }]),
      )
      expect(res.status).toBe(400)
      const raw = await res.text()
      expect(pageText(raw)).toContain(`«${file}»`)
      // The good photo comes back with the form, kept for it; removed, as the page offers, nothing of either is left.
      const kept = [...raw.matchAll(/<input type="hidden" name="pendingPhoto" value="([^"]+)"/g)].map((m) => m[1])
      expect((await db().select({ name: schema.photo.originalName }).from(schema.photo).where(inArray(schema.photo.id, kept))).map((r) => r.name)).toEqual(['good.jpg'])
      await photoJobsDone(server)
      expect((await client.post(`/resources/photos/upload?discard=${kept[0]}`, {})).status).toBe(204)
      expect(await snapshot()).toEqual(before)
      expect((await db().select().from(schema.entry)).length).toBe(entries)
    })
  })
})

describe('generated fixtures (the same behaviour on a fresh clone)', () => {
  let client: Client
  beforeAll(async () => {
    client = await newResident()
  })

  it.each(ORIENTATIONS)('EXIF orientation %i is stored upright and unmirrored', async (n) => {
    const { status, body } = await uploadReady(client, fixtures.orientation[n])
    expect(status).toBe(200)
    expect([body.photo!.width, body.photo!.height]).toEqual([TEST_PICTURE.width, TEST_PICTURE.height])
    const full = await fetchVariant(client, body.photo!.id, 'full')
    const { data, info } = await sharp(full).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const at = (x: number, y: number) => {
      const i = (Math.floor(y * info.height) * info.width + Math.floor(x * info.width)) * 3
      return [data[i], data[i + 1], data[i + 2]]
    }
    const inset = TEST_PICTURE.block / 2
    const corners = {
      topLeft: at(inset / TEST_PICTURE.width, inset / TEST_PICTURE.height),
      topRight: at(1 - inset / TEST_PICTURE.width, inset / TEST_PICTURE.height),
      bottomRight: at(1 - inset / TEST_PICTURE.width, 1 - inset / TEST_PICTURE.height),
    }
    for (const [corner, colour] of Object.entries(corners)) {
      colour.forEach((c, i) => expect(Math.abs(c - CORNER_COLOURS[corner as keyof typeof corners][i]), corner).toBeLessThanOrEqual(24))
    }
  })

  it.each(['gpsXmpP3Jpeg', 'exifPng', 'exifRotatedWebp', 'avif'] as const)('%s is accepted and stored without any metadata', async (key) => {
    const { status, body } = await uploadReady(client, fixtures[key])
    expect(status).toBe(200)
    for (const size of SIZES) await expectNoMetadata(await fetchVariant(client, body.photo!.id, size))
  })

  it.each([
    ['phpScriptAsJpeg', 'не является изображением'],
    ['mvgTextAsJpeg', 'не является изображением'],
    ['svgWithScript', 'формат SVG не поддерживается'],
    ['gif', 'формат GIF не поддерживается'],
    ['pixelBombPng', 'слишком большое'],
    ['phpInExifJpeg', 'программный код'],
    ['tinyJpeg', 'слишком маленькое'],
    ['oversizedJpeg', 'больше 25 МБ'],
  ] as const)('%s is refused (%s), naming the file, leaving nothing', async (key, message) => {
    const before = await snapshot()
    const name = path.basename(fixtures[key])
    const { status, body } = await upload(client, fixtures[key])
    expect(status).toBeGreaterThanOrEqual(400)
    expect(body.error).toContain(`«${name}»`)
    expect(body.error).toContain(message)
    expect(await snapshot()).toEqual(before)
  })

  it('a file over 25 MB in the plain form is refused by the parser, naming the file, and the server still answers', async () => {
    const before = await snapshot()
    const res = await client.post(`/contests/${snow.contest.slug}/apply`, multipart(applyForm(), [{ name: 'огромная.jpg', file: fixtures.oversizedJpeg }]))
    expect(res.status).toBe(413)
    expect(pageText(await res.text())).toContain('Файл «огромная.jpg» больше 25 МБ')
    expect(await snapshot()).toEqual(before)
  })

  it('when one photo of the plain form is refused, the form comes back with the others kept for it, attached to no entry', async () => {
    const before = await snapshot()
    const res = await client.post(
      `/contests/${snow.contest.slug}/apply`,
      multipart(applyForm(), [
        { name: 'first.jpg', file: fixtures.large },
        { name: 'second.jpg', file: fixtures.orientation[6] },
        { name: 'broken.jpg', file: fixtures.phpScriptAsJpeg },
      ]),
    )
    expect(res.status).toBe(400)
    const raw = await res.text()
    const html = pageText(raw)
    expect(html).toContain('Файл «broken.jpg» не является изображением')
    expect(html).not.toContain('не сохранены')
    const kept = [...raw.matchAll(/<input type="hidden" name="pendingPhoto" value="([^"]+)"/g)].map((m) => m[1])
    expect(kept).toHaveLength(2)
    const rows = await db().select().from(schema.photo).where(inArray(schema.photo.id, kept))
    expect(rows.map((r) => [r.originalName, r.entryId]).sort()).toEqual([
      ['first.jpg', null],
      ['second.jpg', null],
    ])
    expect((await snapshot()).photos).toBe(before.photos + 2)
  })

  it('a photo found broken by its job: the entry is saved with its other photos, the entry says why, nothing of it is stored, and it can be replaced', async () => {
    const before = await snapshot()
    const owner = await newResident()
    const id = entryIdFrom(
      await owner.post(`/contests/${snow.contest.slug}/apply`, multipart(applyForm(), [{ name: 'first.jpg', file: fixtures.large }, { name: 'обрыв.jpg', file: fixtures.truncatedJpeg }])),
    )
    await photoJobsDone(server)
    const [good, broken] = await db().select().from(schema.photo).where(eq(schema.photo.entryId, id)).orderBy(schema.photo.position)
    expect(good.status).toBe('ready')
    expect(broken).toMatchObject({ status: 'failed', variants: [], originalKey: null, failure: 'Файл «обрыв.jpg» повреждён или загружен не полностью, загрузите его ещё раз' })
    const page = shownText(await (await owner.get(`/my/entries/${id}`)).text())
    expect(page).toContain('Фото не обработано')
    expect(page).toContain('Файл «обрыв.jpg» повреждён или загружен не полностью, загрузите его ещё раз')
    expect((await owner.get(`/resources/photos/${broken.id}/thumb`)).status).toBe(404)
    // In storage: the good photo's three variants, nothing of the broken one.
    const added = (await filesUnder(uploadsDir(server))).filter((f) => !before.files.includes(f))
    expect(added.sort()).toEqual(good.variants.map((v) => v.key).sort())

    // Replaced without JavaScript: removed with its box, another file sent with the form.
    const fields = { ...applyForm(), removePhoto: broken.id }
    const saved = await owner.post(`/my/entries/${id}`, multipart(fields, [{ name: 'замена.jpg', file: fixtures.orientation[1] }]))
    expect(saved.status).toBe(302)
    await photoJobsDone(server)
    const after = await db().select().from(schema.photo).where(eq(schema.photo.entryId, id)).orderBy(schema.photo.position)
    expect(after.map((p) => [p.originalName, p.status])).toEqual([
      ['first.jpg', 'ready'],
      ['замена.jpg', 'ready'],
    ])
    expect(shownText(await (await owner.get(`/my/entries/${id}`)).text())).not.toContain('Фото не обработано')
  })
})

describe('the upload address and serving', () => {
  it('asks a guest to log in, and has no page of its own', async () => {
    const guest = new Client(server.url)
    const res = await guest.post('/resources/photos/upload', multipart({}, [{ name: 'a.jpg', file: fixtures.large }], 'photo'))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/login/)
    expect((await guest.get('/resources/photos/upload')).headers.get('location')).toMatch(/^\/login/)
    expect((await (await newResident()).get('/resources/photos/upload')).status).toBe(404)
  })

  it('writes a photo to disk as it arrives: 20 MB of it are in a temporary file before the request has ended', async () => {
    const owner = await newResident()
    const boundary = 'konkurs-streaming-test'
    // A valid JPEG followed by zeros, 22 MB in all: well past what a server holding the part in memory would show on disk.
    const photo = (await readFile(fixtures.oversizedJpeg)).subarray(0, 22 * 1024 * 1024)
    let finish!: () => void
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="поток.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`))
        for (let at = 0; at < photo.length; at += 1024 * 1024) controller.enqueue(photo.subarray(at, at + 1024 * 1024))
        // The part and the request stay open until the file is seen on disk.
        await finished
        controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`))
        controller.close()
      },
    })
    const response = fetch(`${server.url}/resources/photos/upload?contest=${snow.contest.id}`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: {
        cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: server.url,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    } as RequestInit)
    const incoming = path.join(uploadsDir(server), '.incoming')
    const largestIncoming = async () => Math.max(0, ...(await Promise.all((await filesUnder(incoming)).map(async (f) => (await stat(path.join(incoming, f))).size))))
    await expect.poll(largestIncoming, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(20 * 1024 * 1024)
    finish()
    const res = await response
    expect(res.status).toBe(200)
    expect(await filesUnder(incoming)).toEqual([])
  })

  it('discards an upload that was never used, and only the uploader can', async () => {
    const owner = await newResident()
    const { row } = await uploadReady(owner, fixtures.large)
    const other = await newResident()
    const refused = await other.post(`/resources/photos/upload?discard=${row.id}`, {})
    expect(refused.status).toBe(404)
    expect(await refused.json()).toEqual({ error: 'Такой фотографии нет: возможно, она уже удалена.' })
    expect((await owner.post(`/resources/photos/upload?discard=${row.id}`, {})).status).toBe(204)
    expect(await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, row.id)))).toBeUndefined()
    expect(row.variants).toHaveLength(3)
    expect((await filesUnder(uploadsDir(server))).filter((f) => f.includes(row.id))).toEqual([])
  })

  it('sweeps uploads that were never used once they are a day old, files included, and keeps contests’ covers', async () => {
    const owner = await newResident()
    const dayOld = new Date(Date.now() - 25 * 3600_000)
    const [cover] = await db()
      .insert(schema.photo)
      .values({ id: `cover-${Date.now()}`, ownerId: (await firstRow(db().select({ id: schema.user.id }).from(schema.user)))!.id, sha256: 'c0', width: 800, height: 600, variants: [], originalName: 'cover.jpg', createdAt: dayOld })
      .returning()
    const contestId = (await firstRow(db().select({ id: schema.contest.id }).from(schema.contest)))!.id
    await db().update(schema.contest).set({ coverPhotoId: cover.id }).where(eq(schema.contest.id, contestId))
    const { row: orphan } = await uploadReady(owner, fixtures.large)
    expect(orphan.variants).toHaveLength(3)
    await db().update(schema.photo).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(schema.photo.id, orphan.id))
    const { body: fresh } = await upload(owner, fixtures.orientation[1])
    await expect.poll(async () => await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, orphan.id)))).toBeUndefined()
    await expect.poll(async () => (await filesUnder(uploadsDir(server))).filter((f) => orphan.variants.some((v) => v.key === f))).toEqual([])
    expect(await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, fresh.photo!.id)))).toBeDefined()
    expect(await firstRow(db().select().from(schema.photo).where(eq(schema.photo.id, cover.id)))).toBeDefined()
  })

  it('caches an accepted entry’s photos for a year for everyone, and a rejected one’s only privately for its owner', async () => {
    const owner = await newResident()
    const id = entryIdFrom(await owner.post(`/contests/${snow.contest.slug}/apply`, multipart(applyForm(), [{ name: 'dvor.jpg', file: fixtures.large }])))
    await photoJobsDone(server)
    const photo = (await firstRow(db().select().from(schema.photo).where(eq(schema.photo.entryId, id))))!
    const url = `/resources/photos/${photo.id}/gallery`
    const guest = new Client(server.url)
    expect((await guest.get(url)).status).toBe(404)

    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    expect((await organiser.post(`/organiser/contests/${snow.contest.id}/moderation`, { _action: 'accept', entryId: String(id) })).status).toBe(302)
    const open = await guest.get(url)
    expect(open.status).toBe(200)
    expect(open.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(open.headers.get('content-type')).toBe('image/webp')
    const etag = open.headers.get('etag')!
    expect((await guest.get(url, { 'if-none-match': etag })).status).toBe(304)

    await organiser.post(`/organiser/contests/${snow.contest.id}/moderation?status=accepted`, { _action: 'reject', entryId: String(id), reason: 'Фотографии не того двора' })
    expect((await guest.get(url)).status).toBe(404)
    const own = await owner.get(url)
    expect(own.status).toBe(200)
    expect(own.headers.get('cache-control')).toBe('private, no-cache')
  })

  it('never lets a shared cache keep the photos of an entry withdrawn, rejected, disqualified or not yet public', async () => {
    const owner = await newResident()
    const id = entryIdFrom(await owner.post(`/contests/${snow.contest.slug}/apply`, multipart(applyForm(), [{ name: 'dvor.jpg', file: fixtures.large }])))
    await photoJobsDone(server)
    const photo = (await firstRow(db().select().from(schema.photo).where(eq(schema.photo.entryId, id))))!
    const url = `/resources/photos/${photo.id}/thumb`
    // A co-author whose account is linked to the entry sees it as its owner does; another resident does not.
    const coAuthor = new Client(server.url)
    const coAuthorEmail = `co-author-${Date.now()}@example.ru`
    await coAuthor.post('/register', { fullName: 'Соавторова Мария Петровна', email: coAuthorEmail, password: 'Skvorec2027', consent: 'on' })
    const linked = (await firstRow(db().select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, coAuthorEmail))))!
    await db().update(schema.author).set({ userId: linked.id }).where(eq(schema.author.entryId, id))
    const stranger = await newResident()
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    const guest = new Client(server.url)
    const setStatus = async (status: typeof schema.entry.$inferSelect.status) => await db().update(schema.entry).set({ status }).where(eq(schema.entry.id, id))
    const galleryOpen = async (open: boolean) => await db().update(schema.contest).set({ galleryOpenDuringContest: open }).where(eq(schema.contest.id, snow.contest.id))

    const cases: [string, () => Promise<unknown>][] = [
      ['submitted', async () => await setStatus('submitted')],
      ['accepted, gallery closed', async () => (await setStatus('accepted'), await galleryOpen(false))],
      ['rejected', async () => (await galleryOpen(true), await setStatus('rejected'))],
      ['withdrawn', async () => await setStatus('withdrawn')],
      ['disqualified', async () => await setStatus('disqualified')],
    ]
    const wasOpen = (await firstRow(db().select().from(schema.contest).where(eq(schema.contest.id, snow.contest.id))))!.galleryOpenDuringContest
    try {
      for (const [state, arrange] of cases) {
        await arrange()
        for (const [who, client] of [['guest', guest], ['another resident', stranger]] as const) {
          const res = await client.get(url)
          expect(res.status, `${state}: ${who}`).toBe(404)
          expect(res.headers.get('cache-control'), `${state}: ${who}`).toBe('no-store')
        }
        for (const [who, client] of [['owner', owner], ['linked co-author', coAuthor], ['organiser', organiser]] as const) {
          const res = await client.get(url)
          expect(res.status, `${state}: ${who}`).toBe(200)
          expect(res.headers.get('cache-control'), `${state}: ${who}`).toBe('private, no-cache')
          // Checked again on every use, without sending the bytes again.
          expect((await client.get(url, { 'if-none-match': res.headers.get('etag')! })).status, `${state}: ${who}`).toBe(304)
        }
      }
    } finally {
      await galleryOpen(wasOpen)
    }
  })

  it('answers 404 for an unknown photo or size', async () => {
    const client = await newResident()
    expect((await client.get('/resources/photos/00000000-0000-4000-8000-000000000000/thumb')).status).toBe(404)
    const { body } = await upload(client, fixtures.large)
    expect((await client.get(`/resources/photos/${body.photo!.id}/original`)).status).toBe(404)
  })
})
