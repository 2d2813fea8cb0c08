/**
 * One submission, one entry (issue #15, item 7), over real HTTP against the built server: the form
 * page carries a key made when it was rendered, and the same form posted twice at once (a double
 * click, a resent form) makes one entry, with both answers leading to it; a resident's form and an
 * operator's paper application alike, and a form sent again later too. An edit posted twice at once
 * (the plain form, with new photos) is applied once: its photos are attached once.
 */
import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schema } from '../../db/client.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, photoJobsDone, seededContest, serverDb, uploadsDir } from '../factories-entries'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

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
const applyUrl = () => `/contests/${snow.contest.slug}/apply`

let people = 0
async function newResident() {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: 'Лебедева Ольга Павловна', email: `once${++people}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  expect(res.status).toBe(302)
  return client
}

/** The hidden fields of the page's entry form as a browser would post them back: the form's key among them. */
async function formKey(client: Client, pathname: string) {
  const res = await client.get(pathname)
  expect(res.status).toBe(200)
  const key = /<input type="hidden" name="submissionKey" value="([^"]+)"/.exec(await res.text())?.[1]
  expect(key, 'the form carries its key').toBeTruthy()
  return key!
}

function filledForm(key: string, title: string, paper = false) {
  return {
    submissionKey: key,
    save: 'submit',
    nominationId: String(snow.nominations[0].id),
    title,
    'authors[0].fullName': 'Лебедева Ольга Павловна',
    'authors[0].age': '41',
    ...Object.fromEntries(snow.fields.map((f) => [`custom.f${f.id}`, f.kind === 'number' ? '3' : f.kind === 'boolean' ? 'yes' : (f.options[0] ?? 'да')])),
    ...(paper ? { paperConsent: 'on' } : { consent: 'on' }),
  }
}

const photo = () => [{ name: 'dvor.jpg', file: fixtures.orientation[1], type: 'image/jpeg' }]

async function entriesOf(ownerId: string) {
  return await db().select().from(schema.entry).where(eq(schema.entry.ownerId, ownerId)).orderBy(asc(schema.entry.id))
}
async function ownerOf(entryId: number) {
  return (await db().select({ ownerId: schema.entry.ownerId }).from(schema.entry).where(eq(schema.entry.id, entryId)))[0].ownerId
}
const photosOf = async (entryId: number) => await db().select().from(schema.photo).where(eq(schema.photo.entryId, entryId))
const lettersTo = async (to: string, kind: string) => await db().select().from(schema.outboxMessage).where(and(eq(schema.outboxMessage.to, to), eq(schema.outboxMessage.kind, kind)))

describe('one submission, one entry', () => {
  it('a resident’s form posted twice at once makes one entry, and both answers lead to it', async () => {
    const client = await newResident()
    const key = await formKey(client, applyUrl())
    const form = filledForm(key, 'Снежная крепость, нажали дважды')
    const [first, second] = await Promise.all([client.post(applyUrl(), multipart(form, photo())), client.post(applyUrl(), multipart(form, photo()))])
    expect([first.status, second.status]).toEqual([302, 302])
    const entryId = entryIdFrom(first)
    expect(entryIdFrom(second)).toBe(entryId)

    const entries = await entriesOf(await ownerOf(entryId))
    expect(entries.map((e) => e.id)).toEqual([entryId])
    expect(entries[0].status).toBe('submitted')
    expect(entries[0].seq).not.toBeNull()
    // One photo, and the second post's copy of it is not left in storage (the first's original goes once its variants are made).
    expect(await photosOf(entryId)).toHaveLength(1)
    await photoJobsDone(server)
    expect((await filesUnder(uploadsDir(server))).filter((f) => f.startsWith('originals'))).toEqual([])
    // One letter that the entry was received.
    const email = (await db().select({ email: schema.user.email }).from(schema.user).where(eq(schema.user.id, entries[0].ownerId)))[0].email!
    expect(await lettersTo(email, 'entry.received')).toHaveLength(1)

    // The entry's page opens, with the number the resident was told.
    const page = pageText(await (await client.get(`/my/entries/${entryId}`)).text())
    expect(page).toContain(`${snow.contest.numberPrefix}-${String(entries[0].seq).padStart(4, '0')}`)
  })

  it('a form sent again later is answered as the first time: the same entry and its number, nothing changed', async () => {
    const client = await newResident()
    const key = await formKey(client, applyUrl())
    const first = await client.post(applyUrl(), multipart(filledForm(key, 'Горка у школы'), photo()))
    const entryId = entryIdFrom(first)
    const number = pageText(await (await client.get(`/my/entries/${entryId}`)).text()).match(new RegExp(`Заявка ${snow.contest.numberPrefix}-\\d{4} сохранена`))?.[0]
    expect(number).toBeTruthy()

    const again = await client.post(applyUrl(), multipart(filledForm(key, 'Горка у школы'), photo()))
    expect(entryIdFrom(again)).toBe(entryId)
    expect(pageText(await (await client.get(`/my/entries/${entryId}`)).text())).toContain(number)
    expect(await entriesOf(await ownerOf(entryId))).toHaveLength(1)
    expect(await photosOf(entryId)).toHaveLength(1)

    // A fresh page is a new form: a second entry is made as before.
    const next = await client.post(applyUrl(), multipart(filledForm(await formKey(client, applyUrl()), 'Ледяная горка'), photo()))
    expect(entryIdFrom(next)).not.toBe(entryId)
    expect(await entriesOf(await ownerOf(entryId))).toHaveLength(2)
  })

  it('an operator’s paper application posted twice at once makes one entry and one claim letter', async () => {
    const operator = new Client(server.url)
    await operator.login(DEMO.operator, DEMO.password)
    const email = `paper-once-${Date.now()}@example.ru`
    const created = await operator.post(`/operator/entries/new?contest=${snow.contest.slug}`, { fullName: 'Кузнецова Мария Ивановна', email })
    expect(created.status).toBe(302)
    const residentId = new URL(created.headers.get('location')!, server.url).searchParams.get('resident')!
    const url = `/operator/entries/new?contest=${snow.contest.slug}&resident=${residentId}`
    const form = filledForm(await formKey(operator, url), 'Снеговик у ЦРН', true)
    const [first, second] = await Promise.all([operator.post(url, multipart(form, photo())), operator.post(url, multipart(form, photo()))])
    expect([first.status, second.status]).toEqual([302, 302])
    expect(entryIdFrom(second)).toBe(entryIdFrom(first))
    expect((await entriesOf(residentId)).map((e) => e.id)).toEqual([entryIdFrom(first)])
    expect(await lettersTo(email, 'account_claim')).toHaveLength(1)
  })

  it('an edit with a new photo posted twice at once attaches the photo once; a fresh page’s edit is applied again', async () => {
    const client = await newResident()
    const entryId = entryIdFrom(await client.post(applyUrl(), multipart(filledForm(await formKey(client, applyUrl()), 'Каток во дворе'), photo())))
    const [kept] = await photosOf(entryId)
    const editUrl = `/my/entries/${entryId}`
    const edit = { ...filledForm(await formKey(client, editUrl), 'Каток во дворе, с горкой'), [`photoPosition.${kept.id}`]: '1' }
    const more = [{ name: 'gorka.jpg', file: fixtures.orientation[3], type: 'image/jpeg' }]
    const [first, second] = await Promise.all([client.post(editUrl, multipart(edit, more)), client.post(editUrl, multipart(edit, more))])
    expect([first.status, second.status]).toEqual([302, 302])
    expect([entryIdFrom(first), entryIdFrom(second)]).toEqual([entryId, entryId])
    const photos = await photosOf(entryId)
    expect(photos.map((p) => p.originalName).sort()).toEqual(['dvor.jpg', 'gorka.jpg'])
    expect((await entriesOf(await ownerOf(entryId)))[0].title).toBe('Каток во дворе, с горкой')
    // The second post's copy is not left in storage either.
    await photoJobsDone(server)
    expect((await filesUnder(uploadsDir(server))).filter((f) => f.startsWith('originals'))).toEqual([])

    // The same page sent again later changes nothing; the page opened again is a new edit, applied.
    expect(entryIdFrom(await client.post(editUrl, multipart({ ...edit, title: 'Другое название' }, more)))).toBe(entryId)
    expect(await photosOf(entryId)).toHaveLength(2)
    const again = await client.post(editUrl, multipart({ ...filledForm(await formKey(client, editUrl), 'Каток, третий раз'), removePhoto: kept.id }, more))
    expect(entryIdFrom(again)).toBe(entryId)
    expect((await photosOf(entryId)).map((p) => p.originalName).sort()).toEqual(['gorka.jpg', 'gorka.jpg'])
  })
})
