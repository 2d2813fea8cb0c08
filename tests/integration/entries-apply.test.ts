/**
 * The application form over real HTTP, as a phone without JavaScript posts it: drafts, submission
 * and numbering, the contest's own fields, authors and consents, limits, editing, withdrawing, the
 * deadline, and that one resident never reaches another's entry.
 */
import { readFile } from 'node:fs/promises'
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, seededContest, serverDb, uploadsDir, photoJobsDone } from '../factories-entries'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { firstRow, schema } from '../../db/client.server'

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

let residents = 0
async function newResident(name = 'Лебедева Ольга Павловна') {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: name, email: `resident${++residents}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  expect(res.status).toBe(302)
  return client
}

const db = () => serverDb(server)
const field = (key: string) => `custom.f${snow.fields.find((f) => f.key === key)!.id}`
const applyUrl = () => `/contests/${snow.contest.slug}/apply`

function validForm(overrides: Record<string, string | string[] | undefined> = {}) {
  return {
    save: 'submit',
    nominationId: String(snow.nominations[1].id),
    title: 'Снежная крепость во дворе',
    description: 'Всем двором строили три дня.',
    address: 'ул. Весенняя, 20',
    'authors[0].fullName': 'Лебедева Ольга Павловна',
    'authors[0].age': '41',
    [field('snow_figures')]: '12',
    [field('snow_towns')]: '1,5',
    consent: 'on',
    ...overrides,
  }
}

const photo = (name = 'dvor.jpg', file = fixtures.orientation[1]) => ({ name, file, type: 'image/jpeg' })

async function entryRow(id: number) {
  return (await firstRow(db().select().from(schema.entry).where(eq(schema.entry.id, id))))!
}
async function photoRows(entryId: number) {
  return await db().select().from(schema.photo).where(eq(schema.photo.entryId, entryId)).orderBy(asc(schema.photo.position))
}
/** Entries, and photos attached to one (a refused plain form keeps its photos waiting for the form, attached to none). */
const countRows = async () => ({
  entries: (await db().select().from(schema.entry)).length,
  photos: (await db().select().from(schema.photo).where(isNotNull(schema.photo.entryId))).length,
})

describe('the application form', () => {
  it('asks a guest to log in first', async () => {
    const res = await new Client(server.url).get(applyUrl())
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })

  it('shows the nominations, the contest’s own fields, the consent text and the photo input', async () => {
    const client = await newResident()
    const res = await client.get(applyUrl())
    expect(res.status).toBe(200)
    const html = pageText(await res.text())
    for (const n of snow.nominations) expect(html).toContain(n.name)
    for (const f of snow.fields) expect(html).toContain(f.label)
    expect(html).toContain('152-ФЗ')
    expect(html).toMatch(/<input[^>]+type="file"[^>]+name="photos"[^>]+multiple/)
    expect(html).toMatch(/enctype="multipart\/form-data"/i)
    // The resident's own name is offered as the first author.
    expect(html).toContain('value="Лебедева Ольга Павловна"')
  })

  it('submits an entry with photos: numbered, stored as three variants each, field values typed', async () => {
    const client = await newResident()
    const res = await client.post(applyUrl(), multipart(validForm(), [photo('dvor.jpg'), photo('gorka.jpg', fixtures.large)]))
    expect(res.status).toBe(302)
    const id = entryIdFrom(res)
    const entry = await entryRow(id)
    expect(entry.status).toBe('submitted')
    expect(entry.seq).toBeGreaterThan(0)
    expect(entry.consentAt).toBeInstanceOf(Date)
    expect(entry.submittedAt).toBeInstanceOf(Date)

    const page = pageText(await (await client.get(`/my/entries/${id}`)).text())
    const number = `СК-${String(entry.seq).padStart(4, '0')}`
    expect(page).toContain(`Заявка ${number}`)
    expect(page).toContain(`Заявка ${number} сохранена и отправлена на модерацию`)

    await photoJobsDone(server)
    const photos = await photoRows(id)
    expect(photos.map((p) => p.originalName)).toEqual(['dvor.jpg', 'gorka.jpg'])
    expect(photos[1]).toMatchObject({ width: 2600, height: 1300, status: 'ready' })
    const stored = await filesUnder(uploadsDir(server))
    for (const p of photos) {
      expect(p.variants.map((v) => v.size)).toEqual(['thumb', 'gallery', 'full'])
      for (const v of p.variants) expect(stored).toContain(v.key)
    }

    const values = await db().select().from(schema.entryFieldValue).where(eq(schema.entryFieldValue.entryId, id))
    const byField = (key: string) => values.find((v) => v.fieldId === snow.fields.find((f) => f.key === key)!.id)
    expect(byField('snow_figures')).toMatchObject({ value: '12', numberValue: 12 })
    expect(byField('snow_towns')).toMatchObject({ value: '1.5', numberValue: 1.5 })
    expect(byField('entrances')).toBeUndefined()

    const list = pageText(await (await client.get('/my/entries')).text())
    expect(list).toContain(number)
    expect(list).toContain('На модерации')
    expect(list).toContain('2 фотографии')
  })

  it('offers no nomination awarded only by the jury’s decision, and refuses an entry into one', async () => {
    const [special] = await db()
      .insert(schema.nomination)
      .values({ contestId: snow.contest.id, name: 'Приз жюри «Снежная сказка»', description: 'Решением жюри.', position: 99, isSpecialPrize: true })
      .returning()
    try {
      const client = await newResident()
      expect(pageText(await (await client.get(applyUrl())).text())).not.toContain('Снежная сказка')
      const before = await countRows()
      const res = await client.post(applyUrl(), multipart(validForm({ nominationId: String(special.id) }), [photo()]))
      expect(res.status).toBe(400)
      expect(pageText(await res.text())).toContain('Выберите номинацию из списка')
      expect(await countRows()).toEqual(before)
    } finally {
      await db().delete(schema.nomination).where(eq(schema.nomination.id, special.id))
    }
  })

  it('numbers entries in the order of submission, not of creation: a draft gets its number when sent', async () => {
    const first = await newResident()
    const draft = await first.post(applyUrl(), multipart(validForm({ save: 'draft', title: 'Черновик двора' })))
    const draftId = entryIdFrom(draft)
    expect(await entryRow(draftId)).toMatchObject({ status: 'draft', seq: null, consentAt: null })
    expect(pageText(await (await first.get('/my/entries')).text())).toContain('Черновик')

    const second = await newResident()
    const sent = entryIdFrom(await second.post(applyUrl(), multipart(validForm(), [photo()])))
    const sentSeq = (await entryRow(sent)).seq!

    const submit = await first.post(`/my/entries/${draftId}`, multipart(validForm(), [photo()]))
    expect(submit.status).toBe(302)
    expect(await entryRow(draftId)).toMatchObject({ status: 'submitted', seq: sentSeq + 1 })
  })

  it('refuses an incomplete submission with every message beside its field, and keeps what was typed and the photo chosen', async () => {
    const client = await newResident()
    const before = await countRows()
    const res = await client.post(
      applyUrl(),
      multipart(
        validForm({ nominationId: undefined, title: '', consent: undefined, 'authors[0].age': 'сорок', [field('snow_figures')]: '-3' }),
        [photo()],
      ),
    )
    expect(res.status).toBe(400)
    const raw = await res.text()
    const html = pageText(raw)
    for (const message of [
      'Выберите номинацию',
      'Укажите название работы',
      'Без согласия на обработку персональных данных заявку отправить нельзя',
      'Укажите возраст числом',
      'Укажите неотрицательное число',
    ]) {
      expect(html).toContain(message)
    }
    expect(html).not.toContain('Фотографии не сохранены')
    expect(html).toContain('Всем двором строили три дня.')
    expect(html).toContain('ул. Весенняя, 20')
    expect(html).toMatch(/aria-invalid="true"/)
    expect(await countRows()).toEqual(before)
    expect((await filesUnder(uploadsDir(server))).filter((f) => f.startsWith('.incoming'))).toEqual([])

    // The photo came back with the form, listed by its name, its id in a hidden field: sent with the corrected form, it is the entry's.
    expect(html).toContain('dvor.jpg')
    const kept = /<input type="hidden" name="pendingPhoto" value="([^"]+)"/.exec(raw)?.[1]
    expect(kept, 'the form carries the photo kept').toBeTruthy()
    const fixed = await client.post(applyUrl(), multipart(validForm({ pendingPhoto: kept })))
    const id = entryIdFrom(fixed)
    expect((await photoRows(id)).map((p) => [p.id, p.originalName])).toEqual([[kept, 'dvor.jpg']])
  })

  it('asks for the district and the address, and takes only the organisations, that the contest’s settings say', async () => {
    const contest = schema.contest
    const [tos, school] = await Promise.all(
      (['tos_committee', 'school'] as const).map(async (kind) => (await firstRow(db().select().from(schema.organisation).where(eq(schema.organisation.kind, kind))))!),
    )
    await db().update(contest).set({ requireDistrict: true, requireAddress: true, organisationKinds: ['school'] }).where(eq(contest.id, snow.contest.id))
    try {
      const client = await newResident()
      const form = await client.get(applyUrl())
      const html = pageText(await form.text())
      expect(html).toContain('Район *')
      expect(html).toContain('Адрес *')
      // The organisation is typed, with suggestions of the kinds the contest takes: no list of them in the page.
      expect(html).toContain('name="organisation"')
      expect(html).toContain('(школы)')
      expect(html).not.toContain(school.name)

      const before = await countRows()
      const refused = await client.post(applyUrl(), multipart(validForm({ address: '', organisationId: String(tos.id) }), [photo()]))
      expect(refused.status).toBe(400)
      const text = pageText(await refused.text())
      for (const message of ['Выберите район', 'Укажите адрес', 'Выберите организацию из списка']) expect(text).toContain(message)
      expect(await countRows()).toEqual(before)

      const district = (await firstRow(db().select().from(schema.district)))!
      const saved = await client.post(applyUrl(), multipart(validForm({ districtId: String(district.id), organisationId: String(school.id) }), [photo()]))
      expect(saved.status).toBe(302)
      expect(await entryRow(entryIdFrom(saved))).toMatchObject({ districtId: district.id, address: 'ул. Весенняя, 20', organisationId: school.id })
      await photoJobsDone(server)
    } finally {
      await db().update(contest).set({ requireDistrict: false, requireAddress: false, organisationKinds: ['tos_committee', 'management_company', 'school', 'other'] }).where(eq(contest.id, snow.contest.id))
    }
  })

  it('keeps the form page small with the city’s 7,779 ТОС bodies in the directory, and suggests a few of them as one types', async () => {
    const district = (await firstRow(db().select().from(schema.district)))!
    const names = Array.from({ length: 7779 }, (_, i) => `Старший дома ул. Реестровая, ${i + 1}`)
    const added: number[] = []
    for (let i = 0; i < names.length; i += 500) {
      const rows = names.slice(i, i + 500).map((name) => ({ name, kind: 'tos_committee' as const, tosLevel: 'house' as const, districtId: district.id }))
      added.push(...(await db().insert(schema.organisation).values(rows).returning({ id: schema.organisation.id })).map((r) => r.id))
    }
    try {
      const client = await newResident()
      const res = await client.get(applyUrl())
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('name="organisation"')
      expect(html).not.toContain('Реестровая')
      // The whole page, scripts' data included; the register as options would be about 600 KB more.
      expect(Buffer.byteLength(html)).toBeLessThan(60_000)
      const suggested = await client.get(`/resources/contests/${snow.contest.slug}/organisations?q=${encodeURIComponent('Реестровая, 77')}`)
      expect(((await suggested.json()) as { options: string[] }).options).toHaveLength(10)
    } finally {
      await db().delete(schema.organisation).where(inArray(schema.organisation.id, added))
    }
  })

  it('needs a parent’s consent for an author under 18, and takes a team up to the contest’s limit', async () => {
    const client = await newResident()
    const form = validForm({ 'authors[1].fullName': 'Лебедев Иван Олегович', 'authors[1].age': '12' })
    const refused = await client.post(applyUrl(), multipart(form, [photo()]))
    expect(refused.status).toBe(400)
    expect(pageText(await refused.text())).toContain('Автору младше 18 лет нужно согласие родителя')

    const accepted = await client.post(applyUrl(), multipart({ ...form, 'authors[1].parentConsent': 'on' }, [photo()]))
    const authors = await db().select().from(schema.author).where(eq(schema.author.entryId, entryIdFrom(accepted))).orderBy(asc(schema.author.position))
    expect(authors.map((a) => [a.fullName, a.age, a.parentConsent])).toEqual([
      ['Лебедева Ольга Павловна', 41, false],
      ['Лебедев Иван Олегович', 12, true],
    ])
  })

  it('adds an author row without JavaScript and gives the same form back, with the photo chosen kept; a kept photo ticked «remove» is deleted', async () => {
    const client = await newResident()
    const addAuthor = JSON.stringify({ type: 'insert', payload: { name: 'authors' } })
    const res = await client.post(applyUrl(), multipart({ ...validForm(), __intent__: addAuthor }, [photo()]))
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('name="authors[1].fullName"')
    expect(html).toContain('value="Снежная крепость во дворе"')
    const kept = /<input type="hidden" name="pendingPhoto" value="([^"]+)"/.exec(html)?.[1]
    expect(kept, 'the form carries the photo chosen').toBeTruthy()
    expect(pageText(html)).not.toContain('не сохранены')

    // Pressed again with the photo's «remove» box ticked: not carried on, and its row is gone.
    const again = await client.post(applyUrl(), multipart({ ...validForm(), __intent__: addAuthor, pendingPhoto: kept, removePhoto: kept }))
    expect(again.status).toBe(200)
    expect(await again.text()).not.toContain('name="pendingPhoto"')
    expect(await db().select().from(schema.photo).where(eq(schema.photo.id, kept!))).toEqual([])
  })

  it('requires the district in a contest judged by district commissions, and its required fields', async () => {
    const tos = await seededContest(db(), 'luchshij-komitet-tos')
    const client = await newResident()
    const res = await client.post(
      `/contests/${tos.contest.slug}/apply`,
      multipart({ save: 'submit', nominationId: String(tos.nominations[0].id), title: 'Комитет «Южный»', 'authors[0].fullName': 'Лебедева Ольга Павловна', 'authors[0].age': '41', consent: 'on' }, [photo()]),
    )
    expect(res.status).toBe(400)
    expect(pageText(await res.text())).toContain('Выберите район: работы оценивают районные комиссии')
  })

  it('refuses more photos than the contest allows before processing any, and a submission without photos', async () => {
    const client = await newResident()
    await db().update(schema.contest).set({ maxPhotos: 2 }).where(eq(schema.contest.id, snow.contest.id))
    try {
      const before = await countRows()
      const tooMany = await client.post(applyUrl(), multipart(validForm(), [photo('1.jpg'), photo('2.jpg'), photo('3.jpg')]))
      expect(tooMany.status).toBe(400)
      expect(pageText(await tooMany.text())).toContain('К заявке можно приложить не больше 2 фото, а выбрано 3')
      expect(await countRows()).toEqual(before)

      const none = await client.post(applyUrl(), multipart(validForm()))
      expect(none.status).toBe(400)
      expect(pageText(await none.text())).toContain('Приложите хотя бы одну фотографию')
    } finally {
      await db().update(schema.contest).set({ maxPhotos: 10 }).where(eq(schema.contest.id, snow.contest.id))
    }
  })

  it('stops a resident at the contest’s number of entries, counting neither withdrawn nor rejected ones', async () => {
    const client = await newResident()
    const ids: number[] = []
    for (let i = 0; i < snow.contest.maxEntriesPerUser; i++) ids.push(entryIdFrom(await client.post(applyUrl(), multipart(validForm({ save: 'draft' })))))
    const fourth = await client.post(applyUrl(), multipart(validForm({ save: 'draft' })))
    expect(fourth.status).toBe(403)
    expect(pageText(await fourth.text())).toContain('Вы уже подали наибольшее число заявок')

    const withdrawn = await client.post(`/my/entries/${ids[0]}`, { _action: 'withdraw', confirm: 'on' })
    expect(withdrawn.status).toBe(302)
    expect((await entryRow(ids[0])).status).toBe('withdrawn')
    expect((await client.post(applyUrl(), multipart(validForm({ save: 'draft' })))).status).toBe(302)
  })

  it('warns, without refusing, when the same photo is already in another entry of the contest', async () => {
    const bytes = await readFile(fixtures.orientation[3])
    const first = await newResident()
    await first.post(applyUrl(), multipart(validForm(), [{ name: 'same.jpg', bytes }]))
    const second = await newResident()
    const res = await second.post(applyUrl(), multipart(validForm(), [{ name: 'copy.jpg', bytes }]))
    expect(res.status).toBe(302)
    expect(pageText(await (await second.get(res.headers.get('location')!)).text())).toContain('такая же фотография уже есть в другой заявке этого конкурса')
  })
})

describe('editing an entry', () => {
  it('reorders and removes photos without JavaScript; removed variants leave the disk', async () => {
    const client = await newResident()
    const id = entryIdFrom(await client.post(applyUrl(), multipart(validForm(), [photo('a.jpg'), photo('b.jpg', fixtures.orientation[2]), photo('c.jpg', fixtures.large)])))
    const [a, b, c] = await photoRows(id)
    const edit = await client.post(
      `/my/entries/${id}`,
      multipart(validForm({ title: 'Крепость, вторая очередь', removePhoto: b.id, [`photoPosition.${a.id}`]: '3', [`photoPosition.${c.id}`]: '1' }), [photo('d.jpg')]),
    )
    expect(edit.status).toBe(302)
    expect((await entryRow(id)).title).toBe('Крепость, вторая очередь')
    expect((await photoRows(id)).map((p) => p.originalName)).toEqual(['c.jpg', 'a.jpg', 'd.jpg'])
    const stored = await filesUnder(uploadsDir(server))
    for (const v of b.variants) expect(stored).not.toContain(v.key)
    for (const v of c.variants) expect(stored).toContain(v.key)
  })

  it('takes photos uploaded ahead (the page with JavaScript) in the order the page sends', async () => {
    const client = await newResident()
    const upload = async (name: string, file: string) => {
      const res = await client.post('/resources/photos/upload', multipart({}, [{ name, file, type: 'image/jpeg' }], 'photo'))
      expect(res.status).toBe(200)
      return ((await res.json()) as { photo: { id: string } }).photo.id
    }
    const one = await upload('one.jpg', fixtures.orientation[1])
    const two = await upload('two.jpg', fixtures.large)
    const res = await client.post(applyUrl(), multipart(validForm({ photosManaged: '1', photoOrder: [two, one] })))
    const id = entryIdFrom(res)
    expect((await photoRows(id)).map((p) => p.id)).toEqual([two, one])

    // Someone else's upload cannot be attached.
    const other = await newResident()
    const theirs = await (await other.post('/resources/photos/upload', multipart({}, [photo('x.jpg')], 'photo'))).json()
    const stolen = await client.post(`/my/entries/${id}`, multipart(validForm({ photosManaged: '1', photoOrder: [two, (theirs as { photo: { id: string } }).photo.id] })))
    expect(stolen.status).toBe(400)
    expect(pageText(await stolen.text())).toContain('Одна из фотографий не найдена')
    expect((await photoRows(id)).map((p) => p.id)).toEqual([two, one])
  })
})

describe('another resident', () => {
  it('cannot see, edit or withdraw a draft, nor fetch its photos: every answer is 404', async () => {
    const owner = await newResident()
    const id = entryIdFrom(await owner.post(applyUrl(), multipart(validForm({ save: 'draft', title: 'Секретный черновик' }), [photo()])))
    await photoJobsDone(server)
    const [p] = await photoRows(id)
    const stranger = await newResident('Чужой Пётр Петрович')

    const page = await stranger.get(`/my/entries/${id}`)
    expect(page.status).toBe(404)
    expect(await page.text()).not.toContain('Секретный черновик')
    expect((await stranger.get(`/my/entries/${id}.data`)).status).toBe(404)
    expect((await stranger.post(`/my/entries/${id}`, multipart(validForm({ title: 'Взломано' })))).status).toBe(404)
    expect((await stranger.post(`/my/entries/${id}`, { _action: 'withdraw', confirm: 'on' })).status).toBe(404)
    for (const size of ['thumb', 'gallery', 'full']) {
      expect((await stranger.get(`/resources/photos/${p.id}/${size}`)).status).toBe(404)
      expect((await new Client(server.url).get(`/resources/photos/${p.id}/${size}`)).status).toBe(404)
    }
    expect(pageText(await (await stranger.get('/my/entries')).text())).not.toContain('Секретный черновик')
    expect(await entryRow(id)).toMatchObject({ title: 'Секретный черновик', status: 'draft' })

    // The owner and organisers see it, privately.
    const own = await owner.get(`/resources/photos/${p.id}/thumb`)
    expect(own.status).toBe(200)
    expect(own.headers.get('cache-control')).toBe('private, no-cache')
    const organiser = new Client(server.url)
    await organiser.login(DEMO.organiser, DEMO.password)
    expect((await organiser.get(`/resources/photos/${p.id}/thumb`)).status).toBe(200)
  })
})

describe('after the deadline', () => {
  it('refuses submitting, editing and new entries on the server, and changes nothing', async () => {
    const client = await newResident()
    const draftId = entryIdFrom(await client.post(applyUrl(), multipart(validForm({ save: 'draft', title: 'Не успели' }), [photo()])))
    const sentId = entryIdFrom(await client.post(applyUrl(), multipart(validForm({ title: 'Успели' }), [photo()])))
    const closesAt = snow.contest.closesAt
    await db().update(schema.contest).set({ closesAt: new Date(Date.now() - 60_000) }).where(eq(schema.contest.id, snow.contest.id))
    try {
      await photoJobsDone(server)
      const before = await countRows()
      const filesBefore = await filesUnder(uploadsDir(server))

      const submit = await client.post(`/my/entries/${draftId}`, multipart(validForm(), [photo()]))
      expect(submit.status).toBe(403)
      expect(pageText(await submit.text())).toContain('Приём заявок завершён: последний день приёма был')
      const edit = await client.post(`/my/entries/${sentId}`, multipart(validForm({ title: 'Исправлено после срока' })))
      expect(edit.status).toBe(403)
      const fresh = await client.post(applyUrl(), multipart(validForm(), [photo()]))
      expect(fresh.status).toBe(403)
      expect(pageText(await fresh.text())).toContain('Приём заявок завершён')

      expect(await entryRow(draftId)).toMatchObject({ status: 'draft', seq: null })
      expect((await entryRow(sentId)).title).toBe('Успели')
      expect(await countRows()).toEqual(before)
      expect(await filesUnder(uploadsDir(server))).toEqual(filesBefore)
      // The page no longer offers the form, and says why.
      expect(pageText(await (await client.get(`/my/entries/${sentId}`)).text())).not.toContain('Сохранить заявку')
    } finally {
      await db().update(schema.contest).set({ closesAt }).where(eq(schema.contest.id, snow.contest.id))
    }
  })

  it('still lets the entrant withdraw until the jury starts, but not afterwards', async () => {
    const client = await newResident()
    const id = entryIdFrom(await client.post(applyUrl(), multipart(validForm(), [photo()])))
    const unconfirmed = await client.post(`/my/entries/${id}`, { _action: 'withdraw' })
    expect(unconfirmed.status).toBe(400)
    expect(pageText(await unconfirmed.text())).toContain('Подтвердите, что хотите отозвать заявку')

    await db().update(schema.contest).set({ status: 'judging' }).where(eq(schema.contest.id, snow.contest.id))
    try {
      const late = await client.post(`/my/entries/${id}`, { _action: 'withdraw', confirm: 'on' })
      expect(late.status).toBe(403)
      expect((await entryRow(id)).status).toBe('submitted')
    } finally {
      await db().update(schema.contest).set({ status: 'accepting' }).where(and(eq(schema.contest.id, snow.contest.id)))
    }
    expect((await client.post(`/my/entries/${id}`, { _action: 'withdraw', confirm: 'on' })).status).toBe(302)
    expect((await entryRow(id)).status).toBe('withdrawn')
    expect(pageText(await (await client.get('/my/entries')).text())).toContain('Отозвана')
  })
})
