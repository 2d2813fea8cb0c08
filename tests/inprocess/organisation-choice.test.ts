/**
 * The entry form's committee or organisation among the city's 7,779 ТОС bodies (issue #13, items 1–2),
 * asked of the routes' loaders and actions: the form page carries none of them (its data stays small);
 * typing suggests a few, each with its code; the form posts the typed text, and the server finds the
 * organisation by a suggestion's code, by its exact name, or by a part that fits one only — refusing
 * beside the field, in Russian, a name that fits none or several (naming those, to copy one), and an
 * organisation of a kind the contest does not take. Nothing is saved by a refused form.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import * as applyPage from '../../app/routes/contests.$slug_.apply'
import * as suggestions from '../../app/routes/resources.contests.$slug.organisations'
import * as entryPage from '../../app/routes/my.entries.$entryId'
import { makeContest, makeUser } from '../factories'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'

let db: DB
let cookie: string
let slug: string
let contestId: number
let nominationId: number
const ids = new Map<string, number>()

/** The city's register at its size: 52 district committees, 15 streets each, 9 houses each street (7,852 in all). */
const DISTRICTS = ['Центральный район', 'Рудничный район', 'Ленинский район', 'Заводский район']

beforeAll(async () => {
  db = openAppDatabase()
  const districts = await db
    .insert(schema.district)
    .values(DISTRICTS.map((name) => ({ name, kind: 'district' as const })))
    .returning()
  const rows: (typeof schema.organisation.$inferInsert)[] = []
  for (let d = 0; d < 52; d++) {
    const districtId = districts[d % districts.length].id
    rows.push({ name: `Окружной комитет ТОС № ${d + 1}`, kind: 'tos_committee', tosLevel: 'district', districtId })
    for (let s = 0; s < 15; s++) {
      rows.push({ name: `Уличный комитет ул. Улица-${d + 1}-${s + 1}`, kind: 'tos_committee', tosLevel: 'street', districtId })
      for (let h = 0; h < 9; h++) rows.push({ name: `Старший дома ул. Улица-${d + 1}-${s + 1}, ${h + 1}`, kind: 'tos_committee', tosLevel: 'house', districtId })
    }
  }
  // Two committees of one name in two districts, and a school the contest does not take.
  rows.push({ name: 'Уличный комитет ул. Садовая', kind: 'tos_committee', tosLevel: 'street', districtId: districts[0].id })
  rows.push({ name: 'Уличный комитет ул. Садовая', kind: 'tos_committee', tosLevel: 'street', districtId: districts[1].id })
  rows.push({ name: 'Окружной комитет ТОС «Лесная Поляна»', kind: 'tos_committee', tosLevel: 'district', districtId: districts[1].id })
  rows.push({ name: 'МБОУ «СОШ № 26»', kind: 'school', districtId: districts[0].id })
  for (let i = 0; i < rows.length; i += 500) {
    for (const o of await db
      .insert(schema.organisation)
      .values(rows.slice(i, i + 500))
      .returning()) {
      if (!ids.has(o.name)) ids.set(o.name, o.id)
    }
  }
  const scene = await makeContest(db, { title: 'Лучший комитет ТОС', organisationEntrant: true, organisationKinds: ['tos_committee'], minPhotos: 0, maxEntriesPerUser: 10 })
  slug = scene.contest.slug
  contestId = scene.contest.id
  nominationId = scene.nominations[0].id
  cookie = await sessionCookie((await makeUser(db, { fullName: 'Председателева Нина Ивановна' })).id)
})

const apply = () => ({ path: `/contests/${slug}/apply`, params: { slug }, cookie })
const suggest = async (q: string) => (await load(suggestions, { path: `/resources/contests/${slug}/organisations?q=${encodeURIComponent(q)}`, params: { slug }, cookie })).data as { options: string[] }
const entries = async () => await db.select().from(schema.entry).where(eq(schema.entry.contestId, contestId))
const send = async (organisation: string) =>
  await act(applyPage, {
    ...apply(),
    form: { save: 'submit', nominationId: String(nominationId), title: 'Год добрых дел', 'authors[0].fullName': 'Председателева Нина Ивановна', 'authors[0].age': '52', consent: 'on', organisation },
  })
const errorOf = (answer: Answer) => (answer.data as { error?: Record<string, string[]> }).error?.organisation

describe('the form page', () => {
  it('asks for the committee without carrying the 7,856 organisations', async () => {
    const page = await load(applyPage, apply())
    expect(page.status).toBe(200)
    const data = JSON.stringify(page.data)
    expect(page.data).toMatchObject({ form: { ctx: { spec: { asksOrganisation: true } } } })
    expect(data).not.toContain('Уличный комитет')
    // The whole form's data; each organisation as an option would add ~60 bytes, 470 KB for the register.
    expect(data.length).toBeLessThan(5_000)
  })
})

describe('the suggestions', () => {
  it('offer up to ten of the contest’s kinds, each with its district and code', async () => {
    expect((await suggest('Садовая')).options).toEqual([
      `Уличный комитет ул. Садовая, Центральный район (код ${ids.get('Уличный комитет ул. Садовая')})`,
      `Уличный комитет ул. Садовая, Рудничный район (код ${ids.get('Уличный комитет ул. Садовая')! + 1})`,
    ])
    expect((await suggest('улица-7-1')).options).toHaveLength(10)
    expect((await suggest('СОШ')).options).toEqual([])
    expect((await suggest('у')).options).toEqual([])
  })

  it('are for those who may apply', async () => {
    const guest = await load(suggestions, { path: `/resources/contests/${slug}/organisations?q=ТОС`, params: { slug } })
    expect(guest.location).toMatch(/^\/login/)
  })
})

describe('the posted choice', () => {
  it('refuses a name that fits several, naming them to copy one, and one that fits none; nothing is saved', async () => {
    const several = await send('Уличный комитет ул. Садовая')
    expect(several.status).toBe(400)
    const id = ids.get('Уличный комитет ул. Садовая')!
    expect(errorOf(several)).toEqual([
      `Под «Уличный комитет ул. Садовая» подходят 2 организации: «Уличный комитет ул. Садовая, Центральный район (код ${id})», «Уличный комитет ул. Садовая, Рудничный район (код ${id + 1})». Впишите одну из них целиком, с кодом.`,
    ])
    // Streets 7-1 and 7-10…7-15 with their houses: ten named, the rest counted.
    const many = await send('Улица-7-1')
    expect(errorOf(many)?.[0]).toMatch(/^Под «Улица-7-1» подходят 70 организаций: («[^»]+ \(код \d+\)», ){9}«[^»]+ \(код \d+\)» и ещё 60 организаций\. Впишите одну из них целиком, с кодом\.$/)
    const none = await send('Комитет ТОС «Марс»')
    expect(errorOf(none)).toEqual(['Организации «Комитет ТОС „Марс“» в справочнике нет: проверьте название или выберите из подсказок.'])
    const school = await send(`МБОУ «СОШ № 26» (код ${ids.get('МБОУ «СОШ № 26»')})`)
    expect(errorOf(school)).toEqual(['Выберите организацию из списка подсказок: такой нет среди тех, что принимает этот конкурс.'])
    expect(await entries()).toHaveLength(0)
  })

  it('saves the organisation of a suggestion, of an exact name, and of a part that fits one only', async () => {
    const [suggested] = (await suggest('Садовая')).options
    // «№ 1» is also part of «№ 10»…«№ 19»: the exact name wins; «лесная поляна» is part of one name only.
    for (const typed of [suggested, 'Окружной комитет ТОС № 1', 'лесная поляна', 'Улица-52-15, 9']) {
      const saved = await send(typed)
      expect(saved.status, JSON.stringify(saved.data)).toBe(302)
    }
    expect((await entries()).map((e) => e.organisationId)).toEqual([
      ids.get('Уличный комитет ул. Садовая'),
      ids.get('Окружной комитет ТОС № 1'),
      ids.get('Окружной комитет ТОС «Лесная Поляна»'),
      ids.get('Старший дома ул. Улица-52-15, 9'),
    ])
  })

  it('shows an entry’s organisation again on its edit form, as a label that names it by its code', async () => {
    const [first] = await entries()
    const call = { path: `/my/entries/${first.id}`, params: { entryId: String(first.id) }, cookie }
    const page = await load(entryPage, call)
    const defaults = (page.data as { form: { defaultValue: { organisation?: string } } }).form.defaultValue
    expect(defaults.organisation).toBe(`Уличный комитет ул. Садовая (код ${ids.get('Уличный комитет ул. Садовая')})`)
  })
})
