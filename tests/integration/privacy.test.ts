/**
 * Personal data (152-ФЗ, docs/decisions/023-personal-data.md), over real HTTP against the built server
 * with letters delivered to a real SMTP server: the policy page names the configured operator, the
 * footer links it with the accessibility and contacts pages, registration records the consent with
 * the policy's version and time and is refused without it, «Мои данные» is a ZIP with everything the
 * service holds about the person and their photos' files, and deleting the account erases what it may
 * and keeps what must stay (a published entry and its diploma), withdraws unjudged entries, ends the
 * sessions, stops the log-in and is recorded in the audit log with a Russian label.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRow, schema } from '../../db/client.server'
import { ACTION_LABELS } from '../../app/modules/audit/labels'
import { formatEntryNumber } from '../../app/modules/contests/entry-number'
import { DELETED_PERSON, ERASED } from '../../app/modules/privacy/erase.server'
import { diplomaNumber } from '../../app/modules/results/ranking'
import { makeContest, makeEntry } from '../factories'
import { closeServerDb, serverDb, uploadsDir } from '../factories-entries'
import { makeLoginUser } from '../factories-jury'
import { startMailbox } from '../factories-organiser'
import { makePhoto } from '../factories-results'
import { Client, DEMO, pageText, shownText, startServer, type TestServer } from '../setup/server'

const OPERATOR = 'МКУ «Городской центр конкурсов» города Кемерово'
const PASSWORD = 'Skvorec2027'

let server: TestServer
let mailbox: Awaited<ReturnType<typeof startMailbox>>

beforeAll(async () => {
  mailbox = await startMailbox()
  server = await startServer({ SMTP_URL: mailbox.url, PRIVACY_OPERATOR: OPERATOR, PRIVACY_EMAIL: 'pd@konkurs.example' })
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
  await mailbox?.stop()
})

const db = () => serverDb(server)
const accountByEmail = async (email: string) => firstRow(db().select().from(schema.user).where(eq(schema.user.email, email)))

async function register(fullName: string, email: string, extra: Record<string, string> = { consent: 'on' }) {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName, email, password: PASSWORD, phone: '+7 913 555-44-33', ...extra })
  return { client, res }
}

/** The words of a page as read: its scripts and tags left out. */
const wordsOf = (html: string) => shownText(html).replace(/<[^>]+>/g, '')

/** The policy's version as its page shows it. */
async function policyVersion() {
  const html = shownText(await (await new Client(server.url).get('/privacy')).text())
  return /Редакция ([^.\s]+)\./.exec(html)![1]
}

describe('the privacy policy, accessibility and contacts pages', () => {
  it('are linked in the footer of every page, for guests and the signed-in alike', async () => {
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    for (const [client, page] of [
      [new Client(server.url), '/'],
      [new Client(server.url), '/login'],
      [new Client(server.url), '/diplomas'],
      [resident, '/cabinet'],
      [resident, '/account'],
    ] as const) {
      const res = await client.get(page)
      expect(res.status, page).toBe(200)
      const footer = /<footer[\s\S]*<\/footer>/.exec(await res.text())![0]
      for (const link of ['href="/privacy"', 'href="/accessibility"', 'href="/contacts"']) expect(footer, `${page} ${link}`).toContain(link)
    }
  })

  it('shows the operator of personal data set in the configuration, its address for requests and the version', async () => {
    const res = await new Client(server.url).get('/privacy')
    expect(res.status).toBe(200)
    const text = wordsOf(await res.text())
    expect(text).toContain('Политика обработки персональных данных')
    expect(text).toContain(`Оператор персональных данных: ${OPERATOR}`)
    expect(text).toContain('pd@konkurs.example')
    expect(text).toContain('152-ФЗ')
    expect(await policyVersion()).toMatch(/^[0-9a-f]{12}$/)
  })

  it('has the accessibility statement and the contacts, with the operator', async () => {
    const accessibility = shownText(await (await new Client(server.url).get('/accessibility')).text())
    expect(accessibility).toContain('Заявление о доступности')
    expect(accessibility).toContain(OPERATOR)
    const contacts = shownText(await (await new Client(server.url).get('/contacts')).text())
    expect(contacts).toContain('Контакты')
    expect(contacts).toContain('pd@konkurs.example')
  })

  it('is linked from the registration form, the application form, the account page and the operator’s new-resident form', async () => {
    expect(await (await new Client(server.url).get('/register')).text()).toMatch(/id="consent-text"[\s\S]*href="\/privacy"/)
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    const apply = await firstRow(db().select({ slug: schema.contest.slug }).from(schema.contest).where(eq(schema.contest.status, 'accepting')))
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0]
    expect(main(await (await resident.get(`/contests/${apply!.slug}/apply`)).text())).toContain('href="/privacy"')
    expect(main(await (await resident.get('/account')).text())).toContain('href="/privacy"')
    // The operator's form that makes a resident's account from a paper application.
    const operator = new Client(server.url)
    await operator.login(DEMO.operator, DEMO.password)
    const intake = main(await (await operator.get('/operator/entries/new')).text())
    expect(intake).toMatch(/Новый житель[\s\S]*href="\/privacy"/)
  })
})

describe('consent at registration', () => {
  it('is required: without the box ticked nothing is created and the reason is beside the box', async () => {
    const email = 'no-consent@example.ru'
    const { res } = await register('Несогласная Ольга Петровна', email, {})
    expect(res.status).toBe(400)
    const html = pageText(await res.text())
    expect(html).toContain('Без согласия на обработку персональных данных зарегистрироваться нельзя')
    expect(html).toMatch(/type="checkbox"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*type="checkbox"/)
    expect(await accountByEmail(email)).toBeUndefined()
  })

  it('is recorded with the policy’s version and the time', async () => {
    const email = 'consent@example.ru'
    const before = Date.now()
    const { res } = await register('Согласная Анна Петровна', email)
    expect(res.status).toBe(302)
    const after = Date.now()
    const row = (await accountByEmail(email))!
    expect(row.consentVersion).toBe(await policyVersion())
    expect(row.consentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(row.consentAt!.getTime()).toBeLessThanOrEqual(after + 1000)
    await mailbox.receive(email, /Подтвердите/)
  })
})

describe('«Мои данные» and deleting the account', () => {
  const email = 'snegireva@example.ru'
  const fullName = 'Снегирёва Полина Игоревна'
  let userId: string
  let client: Client
  let elsewhere: Client
  const made = {} as {
    published: { id: number; number: string; photo: string; diploma: string }
    open: { id: number; number: string; photo: string }
    judging: { id: number; stageId: number }
    coAuthored: { id: number; authorId: number }
    other: { email: string }
  }
  const photoFile = (id: string, size: string) => path.join(uploadsDir(server), `photos/${id.slice(0, 2)}/${id}-${size}.webp`)

  beforeAll(async () => {
    ;({ client } = await register(fullName, email))
    userId = (await accountByEmail(email))!.id
    elsewhere = new Client(server.url)
    await elsewhere.login(email, PASSWORD)
    const organiser = (await accountByEmail(DEMO.organiser))!
    const uploads = uploadsDir(server)

    // A published contest: the entry is in the stage whose results are out, and has a diploma.
    const published = await makeContest(db(), { status: 'published', numberPrefix: 'ОПБ' })
    const pEntry = await makeEntry(db(), {
      contestId: published.contest.id,
      ownerId: userId,
      nominationId: published.nominations[0].id,
      title: 'Сквер у дома 12',
      address: 'ул. Весенняя, 12',
      authors: [{ fullName, userId }],
    })
    const pPhoto = await makePhoto(db(), { entryId: pEntry.id, ownerId: userId, uploadsDir: uploads })
    await db().insert(schema.stageEntry).values({ stageId: published.stages[0].id, entryId: pEntry.id })
    const [publication] = await db()
      .insert(schema.resultPublication)
      .values({
        contestId: published.contest.id,
        stageId: published.stages[0].id,
        method: 'mean',
        // What the diploma check reads of the frozen results: the contest's title and the entry's number and title.
        snapshot: {
          contest: { title: published.contest.title },
          nominations: [{ entries: [{ entryId: pEntry.id, number: formatEntryNumber('ОПБ', pEntry.seq), title: pEntry.title }] }],
          earlierEntries: [],
        },
        publishedById: organiser.id,
      })
      .returning()
    const author = (await firstRow(db().select().from(schema.author).where(eq(schema.author.entryId, pEntry.id))))!
    const number = diplomaNumber('ОПБ', 2027, 1, (n) => randomBytes(n))
    await db().insert(schema.diploma).values({
      number,
      publicationId: publication.id,
      contestId: published.contest.id,
      entryId: pEntry.id,
      authorId: author.id,
      recipientName: fullName,
      kind: 'winner',
      place: 1,
      nominationName: published.nominations[0].name,
    })
    made.published = { id: pEntry.id, number: formatEntryNumber('ОПБ', pEntry.seq), photo: pPhoto, diploma: number }

    // A contest taking entries: a submitted entry, not judged.
    const open = await makeContest(db(), { status: 'accepting', numberPrefix: 'ОТК' })
    const oEntry = await makeEntry(db(), {
      contestId: open.contest.id,
      ownerId: userId,
      status: 'submitted',
      nominationId: open.nominations[0].id,
      title: 'Клумба на Весенней',
      description: 'Петунии и бархатцы у подъезда',
      address: 'ул. Весенняя, 14',
      authors: [{ fullName, userId }, { fullName: 'Снегирёв Игорь Павлович', age: 12 }],
    })
    const oPhoto = await makePhoto(db(), { entryId: oEntry.id, ownerId: userId, uploadsDir: uploads })
    made.open = { id: oEntry.id, number: formatEntryNumber('ОТК', oEntry.seq), photo: oPhoto }

    // A contest being judged, results not out: the accepted entry is in the stage.
    const judging = await makeContest(db(), { status: 'judging', numberPrefix: 'ОЖД' })
    const jEntry = await makeEntry(db(), { contestId: judging.contest.id, ownerId: userId, nominationId: judging.nominations[0].id, authors: [{ fullName, userId }] })
    await db().insert(schema.stageEntry).values({ stageId: judging.stages[0].id, entryId: jEntry.id })
    made.judging = { id: jEntry.id, stageId: judging.stages[0].id }

    // Someone else's entry that names her as a co-author.
    const other = await makeLoginUser(db(), { fullName: 'Соседова Мария Ивановна' })
    const cEntry = await makeEntry(db(), {
      contestId: open.contest.id,
      ownerId: other.id,
      status: 'submitted',
      nominationId: open.nominations[0].id,
      authors: [{ fullName: other.fullName }, { fullName, userId }],
    })
    const coAuthor = (await firstRow(db().select().from(schema.author).where(and(eq(schema.author.entryId, cEntry.id), eq(schema.author.userId, userId)))))!
    made.coAuthored = { id: cEntry.id, authorId: coAuthor.id }
    made.other = { email: other.email! }
  })

  it('«Мои данные» is reachable from the account page and is a ZIP with the JSON of everything about her and her photos’ files', async () => {
    // Her confirmation letter went out through SMTP; the archive has it (without its link and code).
    await mailbox.receive(email, /Подтвердите/)
    // A change of her phone: an action of hers in the audit log.
    expect((await client.post('/account', { intent: 'profile', fullName, phone: '+7 913 555-44-00' })).status).toBe(302)
    const page = await client.get('/account')
    expect(await page.text()).toContain('href="/resources/account/data.zip"')

    const res = await client.get('/resources/account/data.zip')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/)
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    const raw = await zip.file('данные.json')!.async('string')
    const data = JSON.parse(raw) as {
      account: { fullName: string; email: string; phone: string; consent: { policyVersion: string; at: string }; roles: { role: string }[] }
      sessions: { userAgent: string | null }[]
      entries: { number: string; title: string; address: string; yours: boolean; status: string; authors: { fullName: string; you: boolean }[]; photos: { file: string }[]; diplomas: { number: string }[] }[]
      letters: { subject: string }[]
      actions: { action: string; label: string }[]
    }
    expect(data.account).toMatchObject({ fullName, email, phone: '+79135554400', consent: { policyVersion: await policyVersion() } })
    expect(data.account.roles.map((r) => r.role)).toEqual(['resident'])
    expect(data.sessions.length).toBe(2)
    const byNumber = new Map(data.entries.map((e) => [e.number, e]))
    expect(byNumber.get(made.published.number)).toMatchObject({ title: 'Сквер у дома 12', address: 'ул. Весенняя, 12', yours: true, diplomas: [{ number: made.published.diploma }] })
    expect(byNumber.get(made.open.number)).toMatchObject({ title: 'Клумба на Весенней', status: 'На модерации' })
    expect(byNumber.get(made.open.number)!.authors.map((a) => a.fullName)).toEqual([fullName, 'Снегирёв Игорь Павлович'])
    // The entry she is named a co-author of, without the photos of its owner.
    const coAuthored = data.entries.find((e) => !e.yours)!
    expect(coAuthored.authors.find((a) => a.you)!.fullName).toBe(fullName)
    expect(coAuthored.photos).toEqual([])
    expect(data.letters.map((l) => l.subject).join(' ')).toMatch(/Подтвердите/)
    expect(data.actions).toContainEqual(expect.objectContaining({ action: 'account.profile', label: 'Изменены ФИО или телефон' }))

    // Each of her photos is in the archive, byte for byte what the service stores.
    for (const [entryNumber, id] of [
      [made.published.number, made.published.photo],
      [made.open.number, made.open.photo],
    ]) {
      const file = byNumber.get(entryNumber)!.photos[0].file
      expect(file).toContain(entryNumber)
      const bytes = await zip.file(file)!.async('nodebuffer')
      expect(bytes.equals(fs.readFileSync(photoFile(id, 'gallery')))).toBe(true)
    }
    expect(Object.keys(zip.files).filter((f) => f.endsWith('.webp'))).toHaveLength(2)

    // Nothing secret and nobody else's data.
    const row = (await accountByEmail(email))!
    const sessions = await db().select({ id: schema.session.id }).from(schema.session).where(eq(schema.session.userId, userId))
    for (const secret of [row.passwordHash!, ...sessions.map((s) => s.id)]) expect(raw).not.toContain(secret)
    expect(raw).not.toContain(made.other.email)
  })

  it('a guest cannot download anyone’s data', async () => {
    const res = await new Client(server.url).get('/resources/account/data.zip')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/login/)
  })

  it('refuses deletion without the confirmation or with a wrong password, and changes nothing', async () => {
    const noBox = await client.post('/account', { intent: 'delete', password: PASSWORD })
    expect(noBox.status).toBe(400)
    expect(pageText(await noBox.text())).toContain('Отметьте, что понимаете: учётную запись нельзя будет восстановить')
    const wrong = await client.post('/account', { intent: 'delete', password: 'Nepravilno-1', confirm: 'on' })
    expect(wrong.status).toBe(400)
    expect(pageText(await wrong.text())).toContain('Неверный пароль')
    expect((await accountByEmail(email))?.deletedAt).toBeNull()
    expect((await client.get('/cabinet')).status).toBe(200)
  })

  it('refuses a juror’s account: their scores are records of the contest', async () => {
    const juror = new Client(server.url)
    await juror.login(DEMO.juror, DEMO.password)
    const res = await juror.post('/account', { intent: 'delete', password: DEMO.password, confirm: 'on' })
    expect(res.status).toBe(403)
    expect(pageText(await res.text())).toContain('Попросите администратора снять роль')
    expect((await accountByEmail(DEMO.juror))?.deletedAt).toBeNull()
  })

  it('erases her data, withdraws the unjudged entries, keeps the published entry and diploma, ends every session and is audited', async () => {
    const res = await client.post('/account', { intent: 'delete', password: PASSWORD, confirm: 'on' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/')
    expect(client.cookies.has('session')).toBe(false)
    expect(pageText(await (await client.get('/')).text())).toContain('Учётная запись удалена, согласие на обработку персональных данных отозвано. Отозвано заявок: 2.')

    // The account: anonymised, no way in, no sessions anywhere.
    const row = (await firstRow(db().select().from(schema.user).where(eq(schema.user.id, userId))))!
    expect(row).toMatchObject({ fullName: DELETED_PERSON, email: null, phone: null, passwordHash: null, emailVerifiedAt: null })
    expect(row.deletedAt).toBeInstanceOf(Date)
    expect(await db().select().from(schema.session).where(eq(schema.session.userId, userId))).toEqual([])
    expect(await db().select().from(schema.userRole).where(eq(schema.userRole.userId, userId))).toEqual([])
    expect((await elsewhere.get('/cabinet')).status).toBe(302)
    expect((await new Client(server.url).post('/login', { email, password: PASSWORD })).status).toBe(400)
    // Her letters are gone from the outbox.
    expect(await db().select().from(schema.outboxMessage).where(eq(schema.outboxMessage.to, email))).toEqual([])

    // The entry not judged: withdrawn, its text, authors and photos erased with the files.
    const open = (await firstRow(db().select().from(schema.entry).where(eq(schema.entry.id, made.open.id))))!
    expect(open).toMatchObject({ status: 'withdrawn', title: ERASED, description: '', address: '' })
    const openAuthors = await db().select().from(schema.author).where(eq(schema.author.entryId, made.open.id))
    expect(openAuthors.map((a) => [a.fullName, a.age, a.userId])).toEqual([
      [ERASED, null, null],
      [ERASED, null, null],
    ])
    expect(await db().select().from(schema.photo).where(eq(schema.photo.id, made.open.photo))).toEqual([])
    expect(fs.existsSync(photoFile(made.open.photo, 'gallery'))).toBe(false)
    // The entry being judged without published results: withdrawn and out of the stage.
    expect((await firstRow(db().select().from(schema.entry).where(eq(schema.entry.id, made.judging.id))))!.status).toBe('withdrawn')
    expect(await db().select().from(schema.stageEntry).where(eq(schema.stageEntry.entryId, made.judging.id))).toEqual([])

    // The published entry and its diploma stay, with her name as published, and the photo with its file.
    const published = (await firstRow(db().select().from(schema.entry).where(eq(schema.entry.id, made.published.id))))!
    expect(published).toMatchObject({ status: 'accepted', title: 'Сквер у дома 12' })
    expect((await firstRow(db().select().from(schema.author).where(eq(schema.author.entryId, made.published.id))))!.fullName).toBe(fullName)
    expect((await firstRow(db().select().from(schema.diploma).where(eq(schema.diploma.number, made.published.diploma))))!.recipientName).toBe(fullName)
    expect(fs.existsSync(photoFile(made.published.photo, 'gallery'))).toBe(true)
    const check = await new Client(server.url).get(`/diplomas/${encodeURIComponent(made.published.diploma)}`)
    expect(check.status).toBe(200)
    expect(shownText(await check.text())).toContain(fullName)

    // Someone else's entry keeps her name as its owner wrote it, without the link to the account.
    const coAuthor = (await firstRow(db().select().from(schema.author).where(eq(schema.author.id, made.coAuthored.authorId))))!
    expect(coAuthor).toMatchObject({ fullName, userId: null })

    // The audit log: the deletion, in Russian, and her account's old records without the old values.
    const { auditLog } = schema
    const records = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)))
    const deletion = records.find((r) => r.action === 'account.delete')!
    expect(deletion.after).toMatchObject({ withdrawn: 2, kept: 1, erased: 2, photos: 1, sessions: 2 })
    expect(ACTION_LABELS['account.delete']).toMatch(/^Учётная запись удалена/)
    expect(records.map((r) => r.action)).toContain('account.profile')
    expect(JSON.stringify(records)).not.toContain('+7913555')
    const withdrawals = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'entry.withdraw'), eq(auditLog.actorId, userId)))
    expect(withdrawals.map((w) => Number(w.entityId)).sort()).toEqual([made.open.id, made.judging.id].sort())
    // The contest's audit log says why, in words.
    expect(withdrawals.map((w) => w.after)).toEqual([
      { status: 'withdrawn', reason: DELETED_PERSON },
      { status: 'withdrawn', reason: DELETED_PERSON },
    ])
  })
})
