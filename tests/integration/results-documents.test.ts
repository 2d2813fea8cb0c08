/**
 * Documents over real HTTP: diplomas (PDF text, who may download, verification page, the organiser's
 * ZIP), the jury protocol, and the photos shown with published results.
 */
import path from 'node:path'
import { eq } from 'drizzle-orm'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, firstRow, schema } from '../../db/client.server'
import { makeEntry, makeUser } from '../factories'
import { makePhoto, scoredContest } from '../factories-results'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { pdfText, userIdByEmail } from './results-helpers'

let server: TestServer
let db: DB
let organiser: Client
let resident: Client
let setup: Awaited<ReturnType<typeof scoredContest>>
let photoId: string
let hiddenPhotoId: string

const APP_URL = 'https://konkurs.example.ru'

beforeAll(async () => {
  server = await startServer({ APP_URL })
  db = openDatabase(server.dbPath)
  const residentId = await userIdByEmail(db, DEMO.resident)
  const stranger = await makeUser(db)
  setup = await scoredContest(db, {
    settings: { title: 'Тепло твоих рук — 2027', shortName: 'Тепло твоих рук', numberPrefix: 'ТТР', fullRankingPublic: true },
    nominations: ['Весна в шахтерском крае', 'Экодомик'],
    jurors: 2,
    entries: [
      {
        nomination: 0,
        totals: [90, 88],
        title: 'Терем для скворца',
        ownerId: residentId,
        authors: [
          { fullName: 'Иванова Мария Петровна', userId: residentId },
          { fullName: 'Иванов Ёжик Петрович', age: 9 },
        ],
      },
      { nomination: 0, totals: [70, 72], title: 'Дом на берёзе', ownerId: stranger.id, authors: [{ fullName: 'Сидоров Илья Олегович' }] },
      { nomination: 1, totals: [60, 60], title: 'Экодомик из шишек', ownerId: stranger.id, authors: [{ fullName: 'Петрова Юлия Андреевна' }] },
    ],
  })
  const uploads = path.join(server.dir, 'uploads')
  photoId = await makePhoto(db, { entryId: setup.entries[0].id, ownerId: residentId, uploadsDir: uploads })
  // An entry that is not in the results: its photo must stay private.
  const draft = await makeEntry(db, { contestId: setup.contest.id, ownerId: stranger.id, nominationId: setup.nominations[0].id, status: 'draft', seq: 99 })
  hiddenPhotoId = await makePhoto(db, { entryId: draft.id, ownerId: stranger.id, uploadsDir: uploads })

  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
  resident = new Client(server.url)
  await resident.login(DEMO.resident, DEMO.password)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

/** The number as the printed address has it: ТТР in the Latin letters it looks like. */
const latin = (number: string) => number.replace(/^ТТР/, 'TTP')

const diplomaOf = async (name: string) => (await firstRow(db.select().from(schema.diploma).where(eq(schema.diploma.recipientName, name))))!

describe('before publication', () => {
  it('has no diplomas: the ZIP answers 404 and the protocol is a draft', async () => {
    const zip = await organiser.get(`/resources/contests/${setup.contest.id}/diplomas.zip`)
    expect(zip.status).toBe(404)
    const protocol = await organiser.get(`/resources/contests/${setup.contest.id}/protocol.pdf`)
    expect(protocol.status).toBe(200)
    expect(await pdfText(await protocol.arrayBuffer())).toContain('ПРОЕКТ — итоги ещё не опубликованы')
    expect(pageText(await (await resident.get('/my/diplomas')).text())).toContain('Дипломов пока нет')
  })
})

describe('after publication', () => {
  beforeAll(async () => {
    const res = await organiser.post(`/organiser/contests/${setup.contest.id}/results`, { formId: 'publish', intent: 'publish', method: 'mean', confirm: 'on' })
    expect(res.status).toBe(302)
  })

  it('issues one diploma per author, with the place and nomination', async () => {
    const diplomas = await db.select().from(schema.diploma).where(eq(schema.diploma.contestId, setup.contest.id))
    expect(diplomas.map((d) => [d.recipientName, d.kind, d.place, d.nominationName]).sort()).toEqual(
      [
        ['Иванова Мария Петровна', 'winner', 1, 'Весна в шахтерском крае'],
        ['Иванов Ёжик Петрович', 'winner', 1, 'Весна в шахтерском крае'],
        ['Сидоров Илья Олегович', 'winner', 2, 'Весна в шахтерском крае'],
        ['Петрова Юлия Андреевна', 'winner', 1, 'Экодомик'],
      ].sort(),
    )
    for (const d of diplomas) expect(d.number).toMatch(/^ТТР-2027-\d{6}-[0-9A-HJKMNP-TV-Z]{5}$/)
  })

  it('lets the resident download their own diploma: Cyrillic name, place, nomination, number and the verification address', async () => {
    const page = pageText(await (await resident.get('/my/diplomas')).text())
    expect(page).toContain('Диплом I степени')
    expect(page).toContain('Иванова Мария Петровна')
    expect(page).toContain('Иванов Ёжик Петрович') // the child co-author of her entry
    expect(page).not.toContain('Сидоров Илья Олегович')

    const d = await diplomaOf('Иванова Мария Петровна')
    const res = await resident.get(`/resources/diplomas/${encodeURIComponent(d.number)}.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''")
    const text = await pdfText(await res.arrayBuffer())
    for (const expected of [
      'ДИПЛОМ',
      'I степени',
      'Иванова Мария Петровна',
      'за I место в номинации «Весна в шахтерском крае»',
      'конкурса «Тепло твоих рук — 2027»',
      'ТТР-0001 «Терем для скворца»',
      `Диплом № ${d.number}`,
    ]) {
      expect(text).toContain(expected)
    }
    // The address printed beside the QR code uses the configured public address, in Latin letters that
    // can be typed from paper, and opens the verification page.
    const printed = `${APP_URL}/diplomas/${latin(d.number)}`
    expect(text.replace(/ /g, '')).toContain(printed)
    const check = await new Client(server.url).get(new URL(printed).pathname)
    expect(check.status).toBe(200)
    expect(pageText(await check.text())).toContain('Диплом подлинный')
  })

  it('does not give a diploma to anyone else: another resident gets 404, a guest is sent to log in', async () => {
    const d = await diplomaOf('Сидоров Илья Олегович')
    const own = await resident.get(`/resources/diplomas/${encodeURIComponent(d.number)}.pdf`)
    expect(own.status).toBe(404)
    expect(pageText(await own.text())).toContain('Такого диплома среди ваших нет')
    const guest = await new Client(server.url).get(`/resources/diplomas/${encodeURIComponent(d.number)}.pdf`)
    expect(guest.status).toBe(302)
    expect(guest.headers.get('location')).toMatch(/^\/login/)
    expect((await organiser.get(`/resources/diplomas/${encodeURIComponent(d.number)}.pdf`)).status).toBe(200)
  })

  it('verifies a real number publicly: name, contest, nomination, place', async () => {
    const d = await diplomaOf('Сидоров Илья Олегович')
    const res = await new Client(server.url).get(`/diplomas/${encodeURIComponent(d.number)}`)
    expect(res.status).toBe(200)
    const html = pageText(await res.text())
    for (const text of ['Диплом подлинный', 'Сидоров Илья Олегович', 'Тепло твоих рук — 2027', 'Весна в шахтерском крае', 'II место', 'Диплом II степени']) {
      expect(html).toContain(text)
    }
    // Typed from paper in lower case, it still opens.
    expect((await new Client(server.url).get(`/diplomas/${encodeURIComponent(d.number.toLowerCase())}`)).status).toBe(200)
  })

  it('answers a made-up number with 404 and the check form again, the number in it and a Russian message beside it', async () => {
    const res = await new Client(server.url).get(`/diplomas/${encodeURIComponent('ТТР-2027-999999-ZZZZZ')}`)
    expect(res.status).toBe(404)
    const html = await res.text()
    expect(pageText(html)).toContain('Диплома с таким номером нет')
    expect(pageText(html)).toContain('Проверка диплома')
    expect(pageText(html)).not.toContain('Страница не найдена')
    const form = /<form[^>]*>/.exec(html.slice(html.indexOf('<main')))?.[0] ?? ''
    expect(form).toContain('method="get"')
    expect(form).toContain('action="/diplomas"')
    const input = /<input[^>]*name="number"[^>]*>/.exec(html)?.[0] ?? ''
    expect(input).toContain('value="ТТР-2027-999999-ZZZZZ"')
    expect(input).toContain('aria-invalid="true"')
  })

  it('leads from the check form to the verification page', async () => {
    const d = await diplomaOf('Петрова Юлия Андреевна')
    const res = await new Client(server.url).get(`/diplomas?number=${encodeURIComponent(` ${d.number.toLowerCase()} `)}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/diplomas/${latin(d.number)}`)
    const empty = await new Client(server.url).get('/diplomas?number=')
    expect(pageText(await empty.text())).toContain('Введите номер диплома')
  })

  it('gives the organiser every diploma in one ZIP', async () => {
    const res = await organiser.get(`/resources/contests/${setup.contest.id}/diplomas.zip`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    const names = Object.keys(zip.files).sort()
    expect(names).toHaveLength(4)
    const petrova = names.find((n) => n.includes('Петрова Юлия Андреевна'))!
    expect(petrova).toMatch(/^ТТР-2027-\d{6}-\w{5} Петрова Юлия Андреевна\.pdf$/)
    expect(await pdfText(await zip.file(petrova)!.async('uint8array'))).toContain('за I место в номинации «Экодомик»')
    expect((await resident.get(`/resources/contests/${setup.contest.id}/diplomas.zip`)).status).toBe(403)
  })

  it('writes the jury protocol: contest, date, jury, ranking with scores, winners and signature lines', async () => {
    const res = await organiser.get(`/resources/contests/${setup.contest.id}/protocol.pdf`)
    expect(res.status).toBe(200)
    const text = await pdfText(await res.arrayBuffer())
    expect(text).not.toContain('ПРОЕКТ')
    for (const expected of [
      'ПРОТОКОЛ',
      'заседания жюри',
      'конкурса «Тепло твоих рук — 2027»',
      'Состав жюри:',
      setup.jurors[0].fullName,
      setup.jurors[1].fullName,
      'Номинация «Весна в шахтерском крае»',
      'ТТР-0001',
      'Терем для скворца',
      '89',
      'I место: ТТР-0001 «Терем для скворца»',
      'II место: ТТР-0002 «Дом на берёзе»',
      'Номинация «Экодомик»',
      'Председатель жюри',
      'Секретарь',
    ]) {
      expect(text).toContain(expected)
    }
  })

  it('shows the winners’ photos, the full ranking where allowed, and keeps other photos private', async () => {
    const html = pageText(await (await new Client(server.url).get(`/contests/${setup.contest.slug}/results`)).text())
    expect(html).toContain(`/resources/photos/${photoId}/gallery`)
    expect(html).toContain('alt="Фотография 1 работы «Терем для скворца» (ТТР-0001)"')
    expect(html).toContain('Полный рейтинг номинации «Весна в шахтерском крае»')
    const photo = await new Client(server.url).get(`/resources/photos/${photoId}/thumb`)
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toBe('image/webp')
    expect(photo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await photo.arrayBuffer()).byteLength).toBeGreaterThan(0)
    expect((await new Client(server.url).get(`/resources/photos/${hiddenPhotoId}/thumb`)).status).toBe(404)
    expect((await new Client(server.url).get(`/resources/photos/${photoId}/original`)).status).toBe(404)
  })

  it('lists the documents for the organiser', async () => {
    const html = pageText(await (await organiser.get(`/organiser/contests/${setup.contest.id}/documents`)).text())
    expect(html).toContain('Выдано 4 диплома: победителей — 4, лауреатов — 0, специальных призов — 0, участников — 0.')
    expect(html).toContain(`/resources/contests/${setup.contest.id}/diplomas.zip`)
  })
})
