/**
 * What happens to entries after they are sent: the organiser's moderation queue (accept one or many,
 * reject with a reason the entrant reads, audit log, e-mail), the operator's paper applications, and
 * the public gallery with its entry pages.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, makeAcceptedEntries, multipart, seededContest, serverDb, photoJobsDone } from '../factories-entries'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { firstRow, schema } from '../../db/client.server'

let server: TestServer
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>
let organiser: Client

beforeAll(async () => {
  ;[server, fixtures] = await Promise.all([startServer(), generateFixtures()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

const db = () => serverDb(server)
const moderationUrl = (status = 'submitted') => `/organiser/contests/${snow.contest.id}/moderation?status=${status}`
let residents = 0

async function newResident(fullName = 'Морозова Елена Андреевна') {
  const client = new Client(server.url)
  const email = `moderation${++residents}-${Date.now()}@example.ru`
  await client.post('/register', { fullName, email, password: 'Skvorec2027', consent: 'on', phone: `+7 913 ${String(1_000_000 + residents).slice(-7)}` })
  return { client, email }
}

async function submitEntry(client: Client, title: string, nomination = 0, file = fixtures.large) {
  const res = await client.post(
    `/contests/${snow.contest.slug}/apply`,
    multipart(
      { save: 'submit', nominationId: String(snow.nominations[nomination].id), title, 'authors[0].fullName': 'Морозова Елена Андреевна', 'authors[0].age': '52', consent: 'on' },
      [{ name: 'dvor.jpg', file }],
    ),
  )
  return entryIdFrom(res)
}

const entry = async (id: number) => (await firstRow(db().select().from(schema.entry).where(eq(schema.entry.id, id))))!
const number = async (id: number) => `СК-${String((await entry(id)).seq).padStart(4, '0')}`
const audit = async (id: number) =>
  await db().select().from(schema.auditLog).where(and(eq(schema.auditLog.entityType, 'entry'), eq(schema.auditLog.entityId, String(id)))).orderBy(asc(schema.auditLog.id))
const mail = async (to: string) => await db().select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, to)).orderBy(asc(schema.outboxMessage.id))

describe('moderation', () => {
  it('lists submitted entries with what the organiser judges them by, and accepts several at once', async () => {
    const a = await newResident()
    const b = await newResident()
    const first = await submitEntry(a.client, 'Ледяная горка')
    const second = await submitEntry(b.client, 'Снеговики у подъезда', 1)
    const queue = pageText(await (await organiser.get(moderationUrl())).text())
    for (const text of [await number(first), await number(second), 'Ледяная горка', 'Снеговики у подъезда', 'Морозова Елена Андреевна, 52 года', snow.nominations[1].name]) {
      expect(queue).toContain(text)
    }
    // Entrants' contacts are not part of moderation.
    expect(queue).not.toContain(a.email)

    const res = await organiser.post(moderationUrl(), new URLSearchParams([['_action', 'accept'], ['entryId', String(first)], ['entryId', String(second)]]))
    expect(res.status).toBe(302)
    expect(pageText(await (await organiser.get(res.headers.get('location')!)).text())).toMatch(/Принято: 2 заявки/)
    for (const id of [first, second]) {
      expect(await entry(id)).toMatchObject({ status: 'accepted', moderatedAt: expect.any(Date) })
      expect((await audit(id)).map((r) => [r.action, r.before, r.after])).toEqual([['entry.accept', { status: 'submitted' }, { status: 'accepted' }]])
    }
    // Accepted entries go to the contest's first stage for judging.
    const stage = (await firstRow(db().select().from(schema.stage).where(eq(schema.stage.contestId, snow.contest.id))))!
    expect(await db().select().from(schema.stageEntry).where(and(eq(schema.stageEntry.stageId, stage.id), inArray(schema.stageEntry.entryId, [first, second])))).toHaveLength(2)

    const message = (await mail(a.email)).at(-1)!
    expect(message.subject).toBe(`Заявка ${await number(first)} принята`)
    expect(message.text).toContain('передана жюри')
    expect(message.text).toMatch(new RegExp(`/my/entries/${first}$`, 'm'))
    expect(pageText(await (await a.client.get('/my/entries')).text())).toContain('Принята')
  })

  it('refuses a rejection without a reason, beside that entry’s field, and records a reason the entrant then reads', async () => {
    const { client, email } = await newResident()
    const id = await submitEntry(client, 'Гирлянды на окнах')
    const missing = await organiser.post(moderationUrl(), { _action: 'reject', entryId: String(id), reason: '   ' })
    expect(missing.status).toBe(400)
    const html = pageText(await missing.text())
    expect(html).toContain('Укажите причину отклонения: участник её увидит')
    // The message is tied to that entry's reason field.
    const errorId = new RegExp(`<textarea[^>]*aria-describedby="([^"]*reject-${id}[^"]*)"`).exec(html)?.[1]
    expect(errorId).toContain(`reject-${id}`)
    expect(html).toContain(`id="${errorId}" class="field__error">Укажите причину отклонения`)
    expect((await entry(id)).status).toBe('submitted')

    const reason = 'На фотографиях не видно оформления подъезда'
    expect((await organiser.post(moderationUrl(), { _action: 'reject', entryId: String(id), reason })).status).toBe(302)
    expect(await entry(id)).toMatchObject({ status: 'rejected', rejectionReason: reason })
    expect((await audit(id)).at(-1)).toMatchObject({ action: 'entry.reject', after: { status: 'rejected', reason } })
    expect((await mail(email)).at(-1)!.text).toContain(`Причина: ${reason}`)

    const mine = pageText(await (await client.get('/my/entries')).text())
    expect(mine).toContain('Отклонена')
    expect(mine).toContain(reason)
    // Moderated: no longer editable by the entrant.
    expect((await client.post(`/my/entries/${id}`, multipart({ save: 'submit', title: 'Исправила' }))).status).toBe(403)
  })

  it('lets the organiser reconsider: a rejected entry accepted, an accepted one rejected', async () => {
    const { client } = await newResident()
    const id = await submitEntry(client, 'Сказочный двор')
    await organiser.post(moderationUrl(), { _action: 'reject', entryId: String(id), reason: 'Нет подписи автора' })
    expect((await organiser.post(moderationUrl('rejected'), { _action: 'accept', entryId: String(id) })).status).toBe(302)
    expect(await entry(id)).toMatchObject({ status: 'accepted', rejectionReason: null })
    expect((await organiser.post(moderationUrl('accepted'), { _action: 'reject', entryId: String(id), reason: 'Работа прошлого года' })).status).toBe(302)
    expect((await entry(id)).status).toBe('rejected')
    expect(await db().select().from(schema.stageEntry).where(eq(schema.stageEntry.entryId, id))).toEqual([])
  })

  it('flags a photo that is already in another entry of the contest', async () => {
    const a = await newResident()
    const b = await newResident()
    const first = await submitEntry(a.client, 'Оригинал', 0, fixtures.orientation[5])
    const copy = await submitEntry(b.client, 'Копия', 0, fixtures.orientation[5])
    const queue = pageText(await (await organiser.get(moderationUrl())).text())
    expect(queue).toContain(`Такая же фотография в заявке ${await number(first)}<`)
    expect(queue).toContain(`Такая же фотография в заявке ${await number(copy)}<`)
  })
})

describe('operator intake of a paper application', () => {
  let operator: Client
  beforeAll(async () => {
    operator = new Client(server.url)
    await operator.login(DEMO.operator, DEMO.password)
  })

  it('is for operators only', async () => {
    const { client } = await newResident()
    expect((await client.get('/operator/entries/new')).status).toBe(403)
  })

  it('finds a resident by e-mail or by phone, exactly, and never by name', async () => {
    const { email } = await newResident('Гусева Нина Петровна')
    const byEmail = pageText(await (await operator.get(`/operator/entries/new?q=${encodeURIComponent(email.toUpperCase())}`)).text())
    expect(byEmail).toContain('Гусева Нина Петровна')
    const byPhone = pageText(await (await operator.get(`/operator/entries/new?q=${encodeURIComponent('8 (900) 111-00-01')}`)).text())
    expect(byPhone).toContain('Иванова Мария Петровна')
    const byName = pageText(await (await operator.get(`/operator/entries/new?q=${encodeURIComponent('Гусева')}`)).text())
    expect(byName).toContain('Введите адрес электронной почты')
    expect(byName).not.toContain('Гусева Нина Петровна')
  })

  it('creates a resident without a password, enters the application with signed consent, and both see who entered it', async () => {
    const created = await operator.post(`/operator/entries/new?contest=${snow.contest.slug}`, { fullName: 'Белова Антонина Ивановна', phone: '+7 905 222-33-44' })
    expect(created.status).toBe(302)
    const residentId = new URL(created.headers.get('location')!, server.url).searchParams.get('resident')!
    expect(await firstRow(db().select().from(schema.user).where(eq(schema.user.id, residentId)))).toMatchObject({ passwordHash: null, email: null, phone: '+79052223344' })

    const again = await operator.post(`/operator/entries/new?contest=${snow.contest.slug}`, { fullName: 'Белова Антонина Ивановна', phone: '89052223344' })
    expect(again.status).toBe(400)
    expect(pageText(await again.text())).toContain('Житель с этим телефоном уже зарегистрирован')

    const formUrl = `/operator/entries/new?contest=${snow.contest.slug}&resident=${residentId}`
    const page = pageText(await (await operator.get(formUrl)).text())
    expect(page).toMatch(/Участник: <strong>Белова Антонина Ивановна<\/strong>/)
    expect(page).toContain('Подписанное жителем согласие на обработку персональных данных получено')

    const form = { save: 'submit', nominationId: String(snow.nominations[2].id), title: 'Двор на Тухачевского', 'authors[0].fullName': 'Белова Антонина Ивановна', 'authors[0].age': '77' }
    const withoutConsent = await operator.post(formUrl, multipart(form, [{ name: 'scan.jpg', file: fixtures.large }]))
    expect(withoutConsent.status).toBe(400)
    expect(pageText(await withoutConsent.text())).toContain('Отметьте, что подписанное согласие получено')

    const res = await operator.post(formUrl, multipart({ ...form, paperConsent: 'on' }, [{ name: 'scan.jpg', file: fixtures.large }]))
    const id = entryIdFrom(res)
    const operatorId = (await firstRow(db().select().from(schema.user).where(eq(schema.user.email, DEMO.operator))))!.id
    const centre = (await firstRow(db().select().from(schema.centre).where(eq(schema.centre.name, 'ЦРН Центрального района'))))!
    expect(await entry(id)).toMatchObject({ ownerId: residentId, enteredById: operatorId, centreId: centre.id, paperConsentReceived: true, status: 'submitted', consentAt: expect.any(Date) })
    expect((await audit(id))[0]).toMatchObject({ action: 'entry.paper_intake', actorId: operatorId })

    const view = pageText(await (await operator.get(`/my/entries/${id}`)).text())
    expect(view).toContain('Заявка внесена оператором ЦРН Соколова Анна Викторовна по бумажной заявке участника Белова Антонина Ивановна; подписанное согласие')
    const list = pageText(await (await operator.get('/my/entries')).text())
    expect(list).toContain('Участник: Белова Антонина Ивановна (внесена вами по бумажной заявке)')
    // The operator may see the photos of the entry they entered; the organiser sees who entered it.
    await photoJobsDone(server)
    const photo = (await firstRow(db().select().from(schema.photo).where(eq(schema.photo.entryId, id))))!
    expect((await operator.get(`/resources/photos/${photo.id}/thumb`)).status).toBe(200)
    expect(pageText(await (await organiser.get(moderationUrl())).text())).toContain('оператором ЦРН Соколова Анна Викторовна (ЦРН Центрального района), подписанное согласие получено')
  })
})

describe('the public gallery', () => {
  let tos: Awaited<ReturnType<typeof seededContest>>
  beforeAll(async () => {
    // «Лучший комитет ТОС» gets 100 accepted entries, a rejected and a submitted one.
    tos = await seededContest(db(), 'luchshij-komitet-tos')
    const owner = (await firstRow(db().select().from(schema.user).where(eq(schema.user.email, DEMO.resident))))!
    await makeAcceptedEntries(db(), { contestId: tos.contest.id, ownerId: owner.id, nominationIds: tos.nominations.map((n) => n.id), count: 100 })
    await db().insert(schema.entry).values({ contestId: tos.contest.id, ownerId: owner.id, seq: 101, title: 'Отклонённый комитет', status: 'rejected', nominationId: tos.nominations[0].id })
    await db().insert(schema.entry).values({ contestId: tos.contest.id, ownerId: owner.id, seq: 102, title: 'Комитет на модерации', status: 'submitted', nominationId: tos.nominations[0].id })
  })
  const gallery = (query = '') => `/contests/${tos.contest.slug}/gallery${query}`

  it('shows 48 accepted entries a page, with thumbnails in srcset, lazily, with their sizes', async () => {
    const html = pageText(await (await new Client(server.url).get(gallery())).text())
    // A long Cyrillic page crosses React's 2 KB write buffer many times: no NUL byte may slip out.
    expect(html.includes('\0')).toBe(false)
    expect(html).toContain('100 работ, страница 1 из 3')
    expect(html.match(/class="gallery__item"/g)).toHaveLength(48)
    expect(html).toContain('ТОС-0001')
    expect(html).not.toContain('ТОС-0049')
    const images = [...html.matchAll(/<img [^>]*class="gallery__image"[^>]*>/g)].map((m) => m[0])
    expect(images).toHaveLength(48)
    for (const img of images) {
      expect(img).toMatch(/srcSet="\/resources\/photos\/[^"]+\/thumb 400w, [^"]+\/gallery 1200w, [^"]+\/full 2400w"/i)
      expect(img).toMatch(/sizes="/)
      expect(img).toContain('loading="lazy"')
      expect(img).toMatch(/width="400" height="300"/)
    }
    const last = pageText(await (await new Client(server.url).get(gallery('?page=3'))).text())
    expect(last.match(/class="gallery__item"/g)).toHaveLength(4)
    expect(last).toContain('ТОС-0100')
    expect(last).not.toContain('Отклонённый комитет')
    expect(last).not.toContain('Комитет на модерации')
  })

  it('filters by nomination, and shows no author names or contacts where the contest keeps them private', async () => {
    const nomination = tos.nominations[1]
    const html = pageText(await (await new Client(server.url).get(gallery(`?nomination=${nomination.id}`))).text())
    expect(html).toContain('33 работы')
    expect(html).toContain('ТОС-0002')
    expect(html).not.toContain('/entries/ТОС-0001"')
    expect(html).not.toContain('Автор Работы')
    expect(html).not.toContain(DEMO.resident)
    expect(html).not.toContain('+7900')
  })

  it('shows an entry’s page with its photos and a lightbox that works without JavaScript; authors when public and the results are out', async () => {
    const { status } = (await firstRow(db().select({ status: schema.contest.status }).from(schema.contest).where(eq(schema.contest.id, tos.contest.id))))!
    await db().update(schema.contest).set({ authorsPublic: true }).where(eq(schema.contest.id, tos.contest.id))
    try {
      const before = pageText(await (await new Client(server.url).get(`/contests/${tos.contest.slug}/entries/${encodeURIComponent('ТОС-0007')}`)).text())
      expect(before).toContain('Снежный городок № 7')
      expect(before).not.toContain('Автор Работы 7')
      await db().update(schema.contest).set({ status: 'published' }).where(eq(schema.contest.id, tos.contest.id))
      const res = await new Client(server.url).get(`/contests/${tos.contest.slug}/entries/${encodeURIComponent('ТОС-0007')}`)
      expect(res.status).toBe(200)
      const html = pageText(await res.text())
      expect(html).toContain('Снежный городок № 7')
      expect(html).toContain('Автор Работы 7')
      expect(html).toContain('href="#photo-1"')
      expect(html).toMatch(/id="photo-1" class="lightbox" role="dialog"/)
      expect(html).toContain('href="#photo-thumb-1"')
    } finally {
      await db().update(schema.contest).set({ authorsPublic: false, status }).where(eq(schema.contest.id, tos.contest.id))
    }
    const hidden = pageText(await (await new Client(server.url).get(`/contests/${tos.contest.slug}/entries/ТОС-0007`)).text())
    expect(hidden).not.toContain('Автор Работы 7')
    for (const n of ['ТОС-0101', 'ТОС-0102', 'ТОС-9999', 'СК-0007']) {
      expect((await new Client(server.url).get(`/contests/${tos.contest.slug}/entries/${encodeURIComponent(n)}`)).status).toBe(404)
    }
  })

  it('has the tags a shared link is shown by (its title, contest, address and first photo, which a guest can fetch) and the link to share', async () => {
    const { client } = await newResident()
    const id = await submitEntry(client, 'Снежная крепость', 1)
    await photoJobsDone(server)
    await db().update(schema.entry).set({ status: 'accepted' }).where(eq(schema.entry.id, id))
    const path = `/contests/${snow.contest.slug}/entries/${encodeURIComponent(await number(id))}`
    const html = pageText(await (await new Client(server.url).get(path)).text())
    const tag = (attribute: 'property' | 'name', key: string) => new RegExp(`<meta ${attribute}="${key}" content="([^"]*)"`).exec(html)?.[1]
    expect(tag('property', 'og:title')).toBe(`«Снежная крепость», работа ${await number(id)}`)
    expect(tag('property', 'og:description')).toBe(`${snow.contest.title}, номинация «${snow.nominations[1].name}»`)
    expect(tag('property', 'og:url')).toBe(server.url + path)
    const image = tag('property', 'og:image')!
    expect(image).toMatch(new RegExp(`^${server.url}/resources/photos/[^/]+/gallery$`))
    expect(tag('name', 'twitter:card')).toBe('summary_large_image')
    expect(tag('name', 'twitter:image')).toBe(image)
    const picture = await fetch(image)
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/webp')
    expect(html).toMatch(new RegExp(`<input id="[^"]+" type="url" readonly="" value="${server.url + path}"`))
  })

  it('stays closed during the contest when the organiser says so: no items, no photos for guests', async () => {
    await db().update(schema.contest).set({ galleryOpenDuringContest: false }).where(eq(schema.contest.id, tos.contest.id))
    try {
      const html = pageText(await (await new Client(server.url).get(gallery())).text())
      expect(html).toContain('Галерея работ откроется после подведения итогов')
      expect(html).not.toContain('ТОС-0001')
      expect((await new Client(server.url).get(`/contests/${tos.contest.slug}/entries/ТОС-0001`)).status).toBe(404)
      // Past judging it opens whatever the setting.
      await db().update(schema.contest).set({ status: 'published' }).where(eq(schema.contest.id, tos.contest.id))
      expect(pageText(await (await new Client(server.url).get(gallery())).text())).toContain('ТОС-0001')
    } finally {
      await db().update(schema.contest).set({ galleryOpenDuringContest: true, status: 'accepting' }).where(eq(schema.contest.id, tos.contest.id))
    }
  })

  it('answers 404 for a contest that is not public', async () => {
    expect((await new Client(server.url).get('/contests/no-such-contest/gallery')).status).toBe(404)
  })
})
