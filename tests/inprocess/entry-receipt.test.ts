/**
 * The resident's application form, asked of its action and the receipt's loader (issue #15, items 2
 * and 3): every problem of a refused form in one answer, the missing photo with the rest; after
 * submitting, the receipt with the entry's number and what happens next, with the contest's dates;
 * a repeated photo told as a warning of its own. The browser's side (summary, focus, axe) is in
 * tests/e2e/entries.test.ts.
 */
import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import { schema } from '../../db/client.server'
import * as applyPage from '../../app/routes/contests.$slug_.apply'
import * as entryPage from '../../app/routes/my.entries.$entryId'
import * as receiptPage from '../../app/routes/my.entries.$entryId_.receipt'
import { readToast } from '../../app/utils/toast.server'
import { formatDate } from '../../app/utils/format'
import { makeContest, makeUser } from '../factories'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'

let db: DB
let scene: Awaited<ReturnType<typeof makeContest>>
let fixtures: GeneratedFixtures
let districtId: number
const districtCloses = new Date('2027-04-10T12:00:00Z')
const cityCloses = new Date('2027-04-25T12:00:00Z')

beforeAll(async () => {
  db = openAppDatabase()
  fixtures = await generateFixtures()
  scene = await makeContest(db, { title: 'Снежный калейдоскоп', numberPrefix: 'СК', stages: ['district', 'city'], maxEntriesPerUser: 10 })
  await db.update(schema.stage).set({ judgingClosesAt: districtCloses }).where(eq(schema.stage.id, scene.stages[0].id))
  await db.update(schema.stage).set({ judgingClosesAt: cityCloses }).where(eq(schema.stage.id, scene.stages[1].id))
  districtId = (await db.insert(schema.district).values({ name: 'Центральный', kind: 'district' }).returning())[0].id
})

async function resident() {
  const user = await makeUser(db, { fullName: 'Лебедева Ольга Павловна' })
  return { user, cookie: await sessionCookie(user.id) }
}

const apply = () => ({ path: `/contests/${scene.contest.slug}/apply`, params: { slug: scene.contest.slug } })

function form(overrides: Record<string, string> = {}) {
  return {
    save: 'submit',
    nominationId: String(scene.nominations[0].id),
    title: 'Снежная крепость во дворе',
    districtId: String(districtId),
    'authors[0].fullName': 'Лебедева Ольга Павловна',
    'authors[0].age': '41',
    consent: 'on',
    ...overrides,
  }
}

/** Posts the form with photos as a browser does (multipart), straight to the apply action. */
async function applyWithPhotos(cookie: string, fields: Record<string, string>, photos: Buffer[]) {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  for (const [i, bytes] of photos.entries()) body.append('photos', new File([new Uint8Array(bytes)], `dvor-${i}.jpg`, { type: 'image/jpeg' }))
  return await act(applyPage, { ...apply(), cookie, form: body })
}

/** The messages a redirect's toast cookie carries, with their kinds. */
async function toastsOf(answer: Answer) {
  const cookie = answer.setCookies.find((c) => c.startsWith('toast='))!
  return (await readToast(new Request('http://konkurs.test/', { headers: { cookie: cookie.split(';')[0] } }))).toasts
}

const errorsOf = (answer: Answer) => (answer.data as { error?: Record<string, string[]> }).error ?? {}

describe('every problem in one answer', () => {
  it('tells a missing title and a missing photo together, and keeps what was typed', async () => {
    const { cookie } = await resident()
    const answer = await act(applyPage, { ...apply(), cookie, form: form({ title: '' }) })
    expect(answer.status).toBe(400)
    const errors = errorsOf(answer)
    expect(errors.title).toEqual(['Укажите название работы'])
    expect(errors.photos).toEqual(['Приложите хотя бы одну фотографию.'])
    expect((answer.data as { initialValue: Record<string, unknown> }).initialValue.authors).toEqual([{ fullName: 'Лебедева Ольга Павловна', age: '41' }])
    expect(await db.select().from(schema.entry)).toHaveLength(0)
  })

  it('tells too many photos with the other answers, and keeps a draft without photos', async () => {
    const { cookie } = await resident()
    await db.update(schema.contest).set({ maxPhotos: 1 }).where(eq(schema.contest.id, scene.contest.id))
    try {
      const bytes = readFileSync(fixtures.orientation[1])
      const res = await applyWithPhotos(cookie, form({ nominationId: '' }), [bytes, bytes])
      expect(res.status).toBe(400)
      const reply = { error: errorsOf(res) }
      expect(reply.error.nominationId).toEqual(['Выберите номинацию'])
      expect(reply.error.photos?.[0]).toBe('К заявке можно приложить не больше 1 фото, а выбрано 2. Уберите лишние и отправьте форму ещё раз.')
    } finally {
      await db.update(schema.contest).set({ maxPhotos: 10 }).where(eq(schema.contest.id, scene.contest.id))
    }
    const draft = await act(applyPage, { ...apply(), cookie, form: form({ save: 'draft', title: '' }) })
    expect(draft.status).toBe(302)
    expect(draft.location).toMatch(/^\/my\/entries\/\d+$/)
  })
})

describe('the receipt after submitting', () => {
  it('lands on the receipt: the number, what happens next with the stages’ dates, the deadline for changes', async () => {
    const { user, cookie } = await resident()
    const res = await applyWithPhotos(cookie, form(), [readFileSync(fixtures.orientation[1])])
    expect(res.status).toBe(302)
    const location = res.location!
    const id = /^\/my\/entries\/(\d+)\/receipt$/.exec(location)?.[1]
    expect(id).toBeDefined()
    const row = (await db.select().from(schema.entry).where(eq(schema.entry.id, Number(id))))[0]
    expect(row).toMatchObject({ ownerId: user.id, status: 'submitted' })
    const number = `СК-${String(row.seq).padStart(4, '0')}`
    expect(await toastsOf(res)).toEqual([{ message: `Заявка ${number} сохранена и отправлена на модерацию.`, kind: 'success' }])

    const receipt = await load(receiptPage, { path: location, params: { entryId: id! }, cookie })
    expect(receipt.status).toBe(200)
    const data = receipt.data as { receipt: { number: string; title: string; photos: number }; steps: { text: string }[]; editable: string }
    expect(data.receipt).toMatchObject({ number, title: 'Снежная крепость во дворе', photos: 1 })
    const steps = data.steps.map((s) => s.text)
    expect(steps[0]).toContain('Заявку проверит модератор')
    expect(steps[1]).toBe(`Принятую заявку оценит жюри (этап «Районный этап» — до ${formatDate(districtCloses)}; этап «Городской этап» — до ${formatDate(cityCloses)}).`)
    expect(steps.at(-1)).toContain('Итоги будут опубликованы на странице конкурса')
    expect(data.editable).toMatch(/^Исправить заявку можно на её странице по \d{1,2} [а-я]+ \d{4} г\. включительно/)

    // A later save of the submitted entry goes back to its page; the page links to the receipt.
    const page = await load(entryPage, { path: `/my/entries/${id}`, params: { entryId: id! }, cookie })
    expect((page.data as { entry: { receiptUrl: string } }).entry.receiptUrl).toBe(location)
  })

  it('has no receipt for a draft, nor for someone else', async () => {
    const { cookie } = await resident()
    const draft = await act(applyPage, { ...apply(), cookie, form: form({ save: 'draft' }) })
    const id = draft.location!.split('/').at(-1)!
    expect((await load(receiptPage, { path: `/my/entries/${id}/receipt`, params: { entryId: id }, cookie })).status).toBe(404)
    const stranger = await resident()
    expect((await load(receiptPage, { path: `/my/entries/${id}/receipt`, params: { entryId: id }, cookie: stranger.cookie })).status).toBe(404)
  })

  it('tells a repeated photo as a warning of its own, after the success', async () => {
    const bytes = readFileSync(fixtures.orientation[3])
    await applyWithPhotos((await resident()).cookie, form(), [bytes])
    const res = await applyWithPhotos((await resident()).cookie, form(), [bytes])
    expect(res.status).toBe(302)
    const toasts = await toastsOf(res)
    expect(toasts.map((t) => t.kind)).toEqual(['success', 'warning'])
    expect(toasts[1].message).toBe('Внимание: такая же фотография уже есть в другой заявке этого конкурса.')
  })
})
