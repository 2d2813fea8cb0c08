/**
 * A diploma checked from paper, asked of the services and loaders themselves: the number typed in
 * either alphabet, any case, with spaces or dashes; a number that leads nowhere; the address printed
 * in the PDF; titles that carry their own quotes. How the pages render over HTTP stays in
 * tests/integration/results-documents.test.ts.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import * as checkPage from '../../app/routes/diplomas._index'
import * as diplomaPage from '../../app/routes/diplomas.$number'
import { renderDiploma } from '../../app/modules/documents/diploma-pdf.server'
import { findDiploma } from '../../app/modules/documents/diplomas.server'
import { publishResults } from '../../app/modules/results/results.server'
import { makeUser } from '../factories'
import { scoredContest } from '../factories-results'
import { pdfText } from '../integration/results-helpers'
import { load, openAppDatabase } from '../setup/in-process'
import { firstRow, schema } from '../../db/client.server'

const BASE_URL = 'https://konkurs.example.ru'
const NOT_FOUND = 'Диплома с таким номером нет'

let db: DB
let number: string

beforeAll(async () => {
  db = openAppDatabase()
  const organiser = await makeUser(db, { roles: ['organiser'] })
  const setup = await scoredContest(db, {
    // С and Р have Latin look-alikes, Д has none; the titles carry the quotes their organiser typed.
    settings: { title: '«Звезда Памяти»', shortName: 'Звезда Памяти', numberPrefix: 'СДР' },
    nominations: ['«Рисунок»'],
    jurors: 1,
    entries: [{ nomination: 0, totals: [90], title: '"Салют Победы"', authors: [{ fullName: 'Орлова Анна Сергеевна' }] }],
  })
  // One score of the two needed: published anyway, so the entry gets a participant's diploma.
  await publishResults(organiser.id, setup.contest.id, 'mean', BASE_URL, 'Один член жюри: оргкомитет публикует с одной оценкой')
  number = (await firstRow(db.select().from(schema.diploma).where(eq(schema.diploma.contestId, setup.contest.id))))!.number
})

const CYRILLIC_LOOK_ALIKES: Record<string, string> = { A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У' }
const LATIN_LOOK_ALIKES = Object.fromEntries(Object.entries(CYRILLIC_LOOK_ALIKES).map(([latin, cyrillic]) => [cyrillic, latin]))
const swap = (text: string, table: Record<string, string>) => [...text].map((ch) => table[ch] ?? ch).join('')
/** The number as its address prints it: the prefix СДР in the Latin letters it looks like, Д transliterated. */
const latin = (n: string) => n.replace(/^СДР/, 'CDP')

/** The ways people type a number read off paper. */
function typings(n: string): Record<string, string> {
  return {
    'the Latin form printed in the address': latin(n),
    'lower case': n.toLowerCase(),
    'Latin look-alikes for Cyrillic letters': swap(n, LATIN_LOOK_ALIKES),
    'Cyrillic look-alikes for Latin letters': swap(n, CYRILLIC_LOOK_ALIKES),
    'spaces instead of dashes': ` ${n.replaceAll('-', ' ')} `,
    'no dashes at all': n.replaceAll('-', ''),
    'spaces around dashes, lower case, mixed alphabets': swap(n, LATIN_LOOK_ALIKES).toLowerCase().replaceAll('-', ' - '),
  }
}

describe('a diploma number typed from paper', () => {
  it('is issued with a Cyrillic prefix, so the look-alikes matter', () => {
    expect(number).toMatch(/^СДР-\d{4}-\d{6}-[0-9A-Z]{5}$/)
  })

  it.each(Object.keys(typings('')))('finds the diploma when typed with %s', async (way) => {
    expect((await findDiploma(typings(number)[way]))?.number).toBe(number)
  })

  it('opens the same diploma from the verification address and from the check form, however typed', async () => {
    for (const typed of Object.values(typings(number))) {
      const page = await load(diplomaPage, { path: `/diplomas/${encodeURIComponent(typed)}`, params: { number: typed } })
      expect(page.status, typed).toBe(200)
      expect(page.data, typed).toMatchObject({ found: true, diploma: { number, recipientName: 'Орлова Анна Сергеевна' } })

      const form = await load(checkPage, { path: `/diplomas?number=${encodeURIComponent(typed)}` })
      expect(form.status, typed).toBe(302)
      expect(form.location, typed).toBe(`/diplomas/${latin(number)}`)
    }
  })

  it('shows the check form again with the number as typed, a Russian message and 404 when there is no such diploma', async () => {
    const typed = number.replace(/-\d{6}-/, '-999999-')
    const page = await load(diplomaPage, { path: `/diplomas/${encodeURIComponent(typed)}`, params: { number: typed } })
    expect(page.status).toBe(404)
    expect(page.data).toMatchObject({ found: false, lastResult: { initialValue: { number: typed }, error: { number: [expect.stringContaining(NOT_FOUND)] } } })

    const form = await load(checkPage, { path: `/diplomas?number=${encodeURIComponent(typed)}` })
    expect(form.status).toBe(404)
    expect(form.data).toMatchObject({ initialValue: { number: typed }, error: { number: [expect.stringContaining(NOT_FOUND)] } })

    const nonsense = await load(checkPage, { path: '/diplomas?number=12345' })
    expect(nonsense.status).toBe(404)
  })
})

describe('the diploma on paper', () => {
  it('prints an address that can be typed, without percent-encoding, and that opens the verification page', async () => {
    const text = await pdfText(await renderDiploma((await findDiploma(number))!, BASE_URL))
    // The address may wrap over two lines in the PDF.
    const flat = text.replace(/ /g, '')
    const printed = `${BASE_URL}/diplomas/${latin(number)}`
    expect(flat).toContain(printed)
    expect(flat).not.toMatch(/\/diplomas\/\S*%/)
    const page = await load(diplomaPage, { path: new URL(printed).pathname, params: { number: latin(number) } })
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ found: true, diploma: { number } })
  })

  it('quotes titles that already carry quotes once, on the diploma and on the verification page', async () => {
    const text = await pdfText(await renderDiploma((await findDiploma(number))!, BASE_URL))
    expect(text).toContain('«Звезда Памяти» в номинации «Рисунок»')
    expect(text).toContain('«Салют Победы»')
    expect(text).not.toMatch(/««|»»|«"/)
    const page = await load(diplomaPage, { path: `/diplomas/${number}`, params: { number } })
    expect(page.data).toMatchObject({ diploma: { entry: expect.stringMatching(/ «Салют Победы»$/) } })
  })
})
