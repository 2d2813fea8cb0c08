/**
 * The city's directory (issue #13 item 1, docs/decisions/032-the-citys-directory.md), asked of its
 * routes' loaders and actions: each list loaded from a register file, exported as CSV and XLSX and
 * loaded back without duplicates; a file with bad rows refused by its lines with nothing written; a
 * committee under a parent of the wrong level or in another district refused, in the form beside the field
 * and in a file by its line; every change, removal and file in the administrator's audit log; removal of what is in use refused; an
 * operator's paper application recording the operator's ЦРН, which the organiser sees; who may open
 * the pages at all.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/client.server'
import { schema } from '../../db/client.server'
import type { Role } from '../../db/schema'
import * as directoryHome from '../../app/routes/organiser.directory._index'
import * as listPage from '../../app/routes/organiser.directory.$list'
import * as itemPage from '../../app/routes/organiser.directory.$list_.$id'
import * as csvRoute from '../../app/routes/resources.directory.$list[.]csv'
import * as xlsxRoute from '../../app/routes/resources.directory.$list[.]xlsx'
import * as operatorNew from '../../app/routes/operator.entries.new'
import * as moderation from '../../app/routes/organiser.contests.$contestId.moderation'
import * as adminUsers from '../../app/routes/admin.users'
import * as adminAudit from '../../app/routes/admin.audit'
import type { DirectoryList } from '../../app/modules/directory/lists'
import { readToast } from '../../app/utils/toast.server'
import { makeContest, makeUser } from '../factories'
import { generateFixtures } from '../fixtures/generate'
import { act, load, openAppDatabase, sessionCookie, type Answer } from '../setup/in-process'

let db: DB
const cookies = new Map<Role, string>()

beforeAll(async () => {
  db = openAppDatabase()
  for (const role of ['resident', 'juror', 'operator', 'organiser', 'admin'] as const) cookies.set(role, await sessionCookie((await makeUser(db, { roles: [role] })).id))
})

const organiser = () => cookies.get('organiser')!

/** The city's registers as it would load them: no codes, parents above their children. */
const REGISTERS: Record<DirectoryList, string> = {
  districts: ['Название;Вид;Район', 'Центральный район;Район;', 'Рудничный район;Район;', 'ж.р. Лесная Поляна;Жилой район;Рудничный район'].join('\n'),
  committees: [
    'Название;Уровень;Район;Вышестоящий комитет;Адрес',
    'Окружной комитет ТОС «Оптимист»;Окружной;Центральный район;;',
    'Окружной комитет ТОС «Лесная Поляна»;Окружной;Рудничный район;;',
    'Уличный комитет ул. Садовая;Уличный (старший улицы);Центральный район;Окружной комитет ТОС «Оптимист»;ул. Садовая',
    // The same name in another district, under another committee: a committee of its own.
    'Уличный комитет ул. Садовая;Уличный (старший улицы);Рудничный район;Окружной комитет ТОС «Лесная Поляна»;ул. Садовая',
    '"Старший дома ул. Садовая, 5";Домовый (старший дома);Центральный район;Уличный комитет ул. Садовая;"ул. Садовая, 5"',
  ].join('\n'),
  companies: ['Название;Район;Адрес', 'ООО «УК «Кемеровская»;Центральный район;ул. Кирова, 1', 'ООО «Жилищник»;;'].join('\n'),
  organisations: ['Название;Вид;Район;Адрес', 'МБОУ «СОШ № 26»;Школа;Центральный район;ул. Весенняя, 3', 'Кемеровский зоопарк;Другая организация;Рудничный район;'].join('\n'),
  centres: ['Название;Район;Адрес', 'ЦРН Центрального района;Центральный район;пр. Советский, 54', 'ЦРН Рудничного района;Рудничный район;пр. Шахтёров, 64'].join('\n'),
}

const listCall = (list: DirectoryList, cookie = organiser()) => ({ path: `/organiser/directory/${list}`, params: { list }, cookie })

async function upload(list: DirectoryList, bytes: Buffer | string, name: string) {
  const form = new FormData()
  form.append('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name))
  return act(listPage, { ...listCall(list), form })
}

async function download(route: typeof csvRoute, list: DirectoryList, format: 'csv' | 'xlsx') {
  const request = new Request(`http://konkurs.test/resources/directory/${list}.${format}`, { headers: { cookie: organiser() } })
  const res = (await route.loader({ request, params: { list }, context: {} })) as Response
  expect(res.status).toBe(200)
  expect(res.headers.get('content-disposition')).toContain(`.${format}`)
  return Buffer.from(await res.arrayBuffer())
}

async function toastOf(answer: Answer) {
  const cookie = answer.setCookies.find((c) => c.startsWith('toast='))!
  return (await readToast(new Request('http://konkurs.test/', { headers: { cookie: cookie.split(';')[0] } }))).toast?.message
}

/** A table's rows as objects by header, without the codes (which the register has not). */
function records(table: string[][], drop = ['Код', 'Код вышестоящего']) {
  const [header, ...rows] = table
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''] as const).filter(([h]) => !drop.includes(h))))
}

const csvTable = (bytes: Buffer | string) => parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'), { delimiter: ';', bom: true, relax_column_count: true }) as string[][]

async function xlsxTable(bytes: Buffer) {
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  const rows: string[][] = []
  book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))))
  const width = rows[0].length
  return rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''))
}

async function size(list: DirectoryList) {
  const page = await load(listPage, listCall(list))
  return (page.data as { total: number }).total
}

const errorOf = (answer: Answer) => {
  const reply = answer.data as { result?: { error?: Record<string, string[] | null> }; importError?: string } | null
  return reply?.importError ?? Object.values(reply?.result?.error ?? {}).flat().join(' ')
}

describe('each list through its files', () => {
  it.each(['districts', 'committees', 'companies', 'organisations', 'centres'] as const)('%s: a register loads, exports as CSV and XLSX, and loads back without duplicates', async (list) => {
    const register = csvTable(REGISTERS[list])
    const loaded = await upload(list, REGISTERS[list], 'reestr.csv')
    expect(loaded.status, errorOf(loaded)).toBe(302)
    expect(await toastOf(loaded)).toBe(`Файл загружен: добавлено ${register.length - 1}, изменено 0, без изменений 0`)

    const csv = await download(csvRoute, list, 'csv')
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const exported = csvTable(csv)
    // The same rows as the register, column by column (the export adds the codes).
    expect(records(exported).map((r) => Object.fromEntries(register[0].map((h) => [h, r[h]])))).toEqual(expect.arrayContaining(records(register)))
    expect(exported).toHaveLength(register.length)
    const xlsx = await download(xlsxRoute, list, 'xlsx')
    expect(await xlsxTable(xlsx)).toEqual(exported)

    for (const [bytes, name] of [
      [csv, 'export.csv'],
      [xlsx, 'export.xlsx'],
      [Buffer.from(REGISTERS[list]), 'reestr.csv'],
    ] as const) {
      const again = await upload(list, bytes, name)
      expect(again.status, `${name}: ${errorOf(again)}`).toBe(302)
      expect(await toastOf(again)).toBe(`Файл загружен: добавлено 0, изменено 0, без изменений ${register.length - 1}`)
    }
    expect(await size(list)).toBe(register.length - 1)
    expect(csvTable(await download(csvRoute, list, 'csv'))).toEqual(exported)
  })

  it('changes an item by its code when the exported file is edited', async () => {
    const table = csvTable(await download(csvRoute, 'centres', 'csv'))
    const row = table.findIndex((r) => r[1] === 'ЦРН Рудничного района')
    table[row][3] = 'пр. Шахтёров, 66'
    const edited = table.map((r) => r.join(';')).join('\n')
    const answer = await upload('centres', edited, 'crn.csv')
    expect(await toastOf(answer)).toBe('Файл загружен: добавлено 0, изменено 1, без изменений 1')
    expect(records(csvTable(await download(csvRoute, 'centres', 'csv'))).find((r) => r['Название'] === 'ЦРН Рудничного района')!['Адрес']).toBe('пр. Шахтёров, 66')
  })
})

describe('refusals', () => {
  it('refuses a file with bad rows by their lines and writes nothing of it', async () => {
    const before = await size('committees')
    const file = [
      'Название;Уровень;Район;Вышестоящий комитет',
      'Уличный комитет ул. Новая;Уличный;Центральный район;Окружной комитет ТОС «Оптимист»',
      'Комитет без уровня;;Центральный район;',
      'Окружной комитет ТОС «Новый»;Окружной;Центральный район;',
      'Старший дома ул. Новая, 1;Домовый;Центральный район;Окружной комитет ТОС «Оптимист»',
      'Окружной комитет ТОС «Дальний»;Окружной;Южный район;',
    ].join('\r\n')
    const answer = await upload('committees', file, 'tos.csv')
    expect(answer.status).toBe(400)
    const message = errorOf(answer)
    expect(message).toMatch(/^Файл не загружен, ничего не изменено: ошибки в строках 3, 5, 6\./)
    expect(message).toContain('Строка 3: не указан уровень: окружной, уличный или домовый')
    expect(message).toContain('строка 5: домовый комитет входит в уличный, а «Окружной комитет ТОС „Оптимист“» — окружной')
    expect(message).toContain('строка 6: района «Южный район» в справочнике нет')
    expect(await size('committees')).toBe(before)
    const names = records(csvTable(await download(csvRoute, 'committees', 'csv'))).map((r) => r['Название'])
    expect(names).not.toContain('Уличный комитет ул. Новая')
    expect(names).not.toContain('Окружной комитет ТОС «Новый»')
  })

  it('refuses a file without the list’s columns', async () => {
    const answer = await upload('centres', 'Название;Город\nЦРН;Кемерово', 'crn.csv')
    expect(answer.status).toBe(400)
    expect(errorOf(answer)).toBe('В первой строке файла нет столбцов «Район», «Адрес». Столбцы списка: «Код», «Название», «Район», «Адрес».')
  })

  it('refuses a committee under a parent of the wrong level, from the form', async () => {
    const house = { intent: 'add', name: 'Старший дома ул. Садовая, 7', level: 'Домовый (старший дома)', district: 'Центральный район', parent: 'Окружной комитет ТОС «Оптимист»' }
    const wrong = await act(listPage, { ...listCall('committees'), form: house })
    expect(wrong.status).toBe(400)
    expect(errorOf(wrong)).toBe('Домовый комитет входит в уличный, а «Окружной комитет ТОС „Оптимист“» — окружной.')
    const street = await act(listPage, { ...listCall('committees'), form: { ...house, level: 'Уличный (старший улицы)', parent: 'Старший дома ул. Садовая, 5' } })
    expect(errorOf(street)).toBe('Уличный комитет входит в окружной, а «Старший дома ул. Садовая, 5» — домовый.')
    const top = await act(listPage, { ...listCall('committees'), form: { ...house, level: 'Окружной' } })
    expect(errorOf(top)).toBe('У окружного комитета нет вышестоящего: оставьте это поле пустым.')
    const right = await act(listPage, { ...listCall('committees'), form: { ...house, parent: 'Уличный комитет ул. Садовая' } })
    expect(right.status, errorOf(right)).toBe(302)
  })

  it('refuses to remove what is in use, and removes what is not', async () => {
    const district = (await db.select().from(schema.district).where(eq(schema.district.name, 'Центральный район')))[0]
    const call = { path: `/organiser/directory/districts/${district.id}`, params: { list: 'districts', id: String(district.id) }, cookie: organiser() }
    const refused = await act(itemPage, { ...call, form: { intent: 'delete' } })
    expect(refused.status).toBe(409)
    expect(errorOf(refused)).toBe('Нельзя удалить «Центральный район»: на эту запись ссылаются 6 организаций, 1 ЦРН.')

    const added = await act(listPage, { ...listCall('districts'), form: { intent: 'add', name: 'Пустой район', kind: 'Район', district: '' } })
    expect(added.status).toBe(302)
    const empty = (await db.select().from(schema.district).where(eq(schema.district.name, 'Пустой район')))[0]
    const removed = await act(itemPage, { ...call, path: `/organiser/directory/districts/${empty.id}`, params: { list: 'districts', id: String(empty.id) }, form: { intent: 'delete' } })
    expect(removed.status).toBe(302)
    expect(await toastOf(removed)).toBe('Удалено: «Пустой район»')
  })
})

describe('a committee and the one it belongs to are in one district', () => {
  const street = { intent: 'add', name: 'Уличный комитет ул. Лесная', level: 'Уличный (старший улицы)', district: 'Рудничный район', parent: 'Окружной комитет ТОС «Оптимист»' }
  const fieldErrors = (answer: Answer) => (answer.data as { result: { error: Record<string, string[] | null> } }).result.error

  it('is refused in the form beside the district, and accepted in the parent’s district', async () => {
    const wrong = await act(listPage, { ...listCall('committees'), form: street })
    expect(wrong.status).toBe(400)
    expect(fieldErrors(wrong).district).toEqual(['Уличный комитет должен быть в том же районе, что и вышестоящий: «Окружной комитет ТОС „Оптимист“» — в районе «Центральный район».'])
    expect(await db.select().from(schema.organisation).where(eq(schema.organisation.name, street.name))).toEqual([])
    const right = await act(listPage, { ...listCall('committees'), form: { ...street, district: 'Центральный район' } })
    expect(right.status, errorOf(right)).toBe(302)
  })

  it('refuses to move a committee to another district away from those under it', async () => {
    const [parent] = await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Окружной комитет ТОС «Оптимист»'))
    const call = { path: `/organiser/directory/committees/${parent.id}`, params: { list: 'committees', id: String(parent.id) }, cookie: organiser() }
    const moved = await act(itemPage, { ...call, form: { intent: 'save', name: parent.name, level: 'Окружной', district: 'Рудничный район' } })
    expect(moved.status).toBe(409)
    expect(fieldErrors(moved).district?.[0]).toMatch(/^В «Окружной комитет ТОС „Оптимист“» входят другие комитеты, они в районе «Центральный район»: сначала перенесите их/)
    expect((await db.select().from(schema.organisation).where(eq(schema.organisation.id, parent.id)))[0].districtId).toBe(parent.districtId)
  })

  it('refuses a file whose committee is in another district than its parent, by the line, writing nothing', async () => {
    const before = await size('committees')
    const file = [
      'Название;Уровень;Район;Вышестоящий комитет',
      'Окружной комитет ТОС «Ягуновский»;Окружной;Рудничный район;',
      'Уличный комитет ул. Ягуновская;Уличный;Рудничный район;Окружной комитет ТОС «Ягуновский»',
      'Уличный комитет ул. Кирова;Уличный;Рудничный район;Окружной комитет ТОС «Оптимист»',
    ].join('\r\n')
    const answer = await upload('committees', file, 'tos.csv')
    expect(answer.status).toBe(400)
    expect(errorOf(answer)).toBe(
      'Файл не загружен, ничего не изменено: ошибки в строке 4. Строка 4: уличный комитет должен быть в том же районе, что и вышестоящий: «Окружной комитет ТОС „Оптимист“» — в районе «Центральный район».',
    )
    expect(await size('committees')).toBe(before)
  })
  it('refuses a file that moves a committee away from those under it, by the committee’s line', async () => {
    const [parent] = await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Окружной комитет ТОС «Оптимист»'))
    const answer = await upload('committees', `Код;Название;Уровень;Район\n${parent.id};${parent.name};Окружной;Рудничный район`, 'tos.csv')
    expect(answer.status).toBe(400)
    expect(errorOf(answer)).toMatch(/^Файл не загружен, ничего не изменено: ошибки в строке 2\. Строка 2: в «Окружной комитет ТОС „Оптимист“» входит «Уличный комитет ул\. [^»]+» в районе «Центральный район»: перенесите и его/)
    expect((await db.select().from(schema.organisation).where(eq(schema.organisation.id, parent.id)))[0].districtId).toBe(parent.districtId)
  })
})

describe('the audit log of the directory', () => {
  /** The administrator's log of what belongs to no contest, newest first, filtered to the directory. */
  async function log() {
    const answer = await load(adminAudit, { path: '/admin/audit?type=directory', cookie: cookies.get('admin') })
    expect(answer.status).toBe(200)
    return (answer.data as { rows: { what: string; who: string; entity: string; changes: { field: string; before: string | null; after: string | null }[] }[] }).rows
  }

  it('records an item added, changed and removed, and a file loaded, in Russian with who did it', async () => {
    const added = await act(listPage, { ...listCall('companies'), form: { intent: 'add', name: 'ООО «УК Аудит»', district: 'Центральный район', address: 'ул. Весенняя, 1' } })
    expect(added.status, errorOf(added)).toBe(302)
    const [company] = await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'ООО «УК Аудит»'))
    const call = { path: `/organiser/directory/companies/${company.id}`, params: { list: 'companies', id: String(company.id) }, cookie: organiser() }
    expect((await act(itemPage, { ...call, form: { intent: 'save', name: 'ООО «УК Аудит»', district: 'Рудничный район', address: 'ул. Весенняя, 1' } })).status).toBe(302)
    expect((await act(itemPage, { ...call, form: { intent: 'delete' } })).status).toBe(302)
    const file = 'Название;Район;Адрес\nООО «УК Из файла»;;\nООО «Жилищник»;;'
    expect((await upload('companies', file, 'uk-2026.csv')).status).toBe(302)

    const [imported, removed, changed, created] = await log()
    expect(created).toMatchObject({ what: 'Добавлена запись справочника', entity: 'Справочник города' })
    expect(created.who).toMatch(/\(.+@.+\)$/)
    expect(created.changes).toEqual([
      { field: 'Список справочника', before: null, after: 'Управляющие компании' },
      { field: 'Название', before: null, after: 'ООО «УК Аудит»' },
      { field: 'Район', before: null, after: 'Центральный район' },
      { field: 'Адрес', before: null, after: 'ул. Весенняя, 1' },
    ])
    expect(changed).toMatchObject({ what: 'Изменена запись справочника' })
    expect(changed.changes).toEqual([
      { field: 'Название', before: 'ООО «УК Аудит»', after: 'ООО «УК Аудит»' },
      { field: 'Район', before: 'Центральный район', after: 'Рудничный район' },
    ])
    expect(removed).toMatchObject({ what: 'Удалена запись справочника' })
    expect(removed.changes).toContainEqual({ field: 'Название', before: 'ООО «УК Аудит»', after: null })
    expect(imported).toMatchObject({ what: 'Загружен файл справочника' })
    expect(imported.changes).toEqual([
      { field: 'Список справочника', before: null, after: 'Управляющие компании' },
      { field: 'Файл', before: null, after: 'uk-2026.csv' },
      { field: 'Добавлено записей', before: null, after: '1' },
      { field: 'Изменено записей', before: null, after: '0' },
      { field: 'Записей без изменений', before: null, after: '1' },
    ])
  })

  it('records nothing for a refused change or file', async () => {
    const before = (await log()).length
    expect((await act(listPage, { ...listCall('centres'), form: { intent: 'add', name: 'ЦРН без адреса', district: 'Центральный район' } })).status).toBe(400)
    expect((await upload('centres', 'Название;Район;Адрес\nЦРН;Марсианский район;ул. Ленина, 1', 'crn.csv')).status).toBe(400)
    expect(await log()).toHaveLength(before)
  })
})

describe('an operator’s ЦРН', () => {
  it('is set on the ЦРН’s page, recorded on the paper application the operator enters, and shown to the organiser', async () => {
    const fixtures = await generateFixtures()
    const scene = await makeContest(db, { title: 'Двор мечты', numberPrefix: 'ДМ' })
    const operator = await makeUser(db, { roles: ['resident', 'operator'], fullName: 'Соколова Анна Викторовна' })
    const centre = (await db.select().from(schema.centre).where(eq(schema.centre.name, 'ЦРН Рудничного района')))[0]
    const centreCall = { path: `/organiser/directory/centres/${centre.id}`, params: { list: 'centres', id: String(centre.id) } }

    const resident = await makeUser(db, { roles: ['resident'], fullName: 'Белова Антонина Ивановна' })
    expect((await act(itemPage, { ...centreCall, cookie: organiser(), form: { intent: 'assign', userId: resident.id } })).status).toBe(400)
    const assigned = await act(itemPage, { ...centreCall, cookie: organiser(), form: { intent: 'assign', userId: operator.id } })
    expect(assigned.status, errorOf(assigned)).toBe(302)
    const page = await load(itemPage, { ...centreCall, cookie: organiser() })
    expect((page.data as { operators: { fullName: string; centreId: number }[] }).operators).toContainEqual(expect.objectContaining({ fullName: 'Соколова Анна Викторовна', centreId: centre.id }))

    // A session started after the assignment, as the operator's next request reads it.
    const cookie = await sessionCookie(operator.id)
    const form = new FormData()
    for (const [name, value] of Object.entries({ save: 'submit', nominationId: String(scene.nominations[0].id), title: 'Двор на Тухачевского', 'authors[0].fullName': 'Белова Антонина Ивановна', 'authors[0].age': '77', paperConsent: 'on' })) {
      form.append(name, value)
    }
    form.append('photos', new File([new Uint8Array(readFileSync(fixtures.orientation[1]))], 'scan.jpg', { type: 'image/jpeg' }))
    const path = `/operator/entries/new?contest=${scene.contest.slug}&resident=${resident.id}`
    const entered = await act(operatorNew, { path, cookie, form })
    expect(entered.status, JSON.stringify(entered.data)).toBe(302)
    const [row] = await db.select().from(schema.entry).where(eq(schema.entry.contestId, scene.contest.id))
    expect(row).toMatchObject({ enteredById: operator.id, centreId: centre.id, status: 'submitted' })

    const queue = await load(moderation, { path: `/organiser/contests/${scene.contest.id}/moderation`, params: { contestId: String(scene.contest.id) }, cookie: organiser() })
    const shown = (queue.data as { entries: { enteredByName: string | null; centreName: string | null }[] }).entries
    expect(shown).toEqual([expect.objectContaining({ enteredByName: 'Соколова Анна Викторовна', centreName: 'ЦРН Рудничного района' })])

    // The ЦРН is now in use: it cannot be removed.
    const refused = await act(itemPage, { ...centreCall, cookie: organiser(), form: { intent: 'delete' } })
    expect(errorOf(refused)).toBe('Нельзя удалить «ЦРН Рудничного района»: на эту запись ссылаются 1 заявка, 1 оператор.')
  })

  it('is also set by the administrator where accounts and roles are managed', async () => {
    const operator = await makeUser(db, { roles: ['resident', 'operator'], fullName: 'Кузьмина Ольга Олеговна' })
    const centre = (await db.select().from(schema.centre).where(eq(schema.centre.name, 'ЦРН Центрального района')))[0]
    const call = { path: '/admin/users', cookie: cookies.get('admin') }
    const set = await act(adminUsers, { ...call, form: { intent: 'centre', userId: operator.id, centreId: String(centre.id) } })
    expect(set.status).toBe(302)
    expect(await toastOf(set)).toBe('ЦРН оператора сохранён')
    expect((await db.select().from(schema.user).where(eq(schema.user.id, operator.id)))[0]).toMatchObject({ centreId: centre.id, districtId: centre.districtId })
    const page = await load(adminUsers, { ...call, path: `/admin/users?q=${encodeURIComponent('Кузьмина')}` })
    expect((page.data as { users: { fullName: string; centreId: number | null }[] }).users).toEqual([expect.objectContaining({ fullName: 'Кузьмина Ольга Олеговна', centreId: centre.id })])
    const unknown = await act(adminUsers, { ...call, form: { intent: 'centre', userId: operator.id, centreId: '999999' } })
    expect(unknown.status).toBe(404)
    expect((unknown.data as { error: string }).error).toBe('Такого ЦРН в справочнике нет.')
    expect((await act(adminUsers, { ...call, cookie: organiser(), form: { intent: 'centre', userId: operator.id, centreId: '' } })).status).toBe(403)
  })
})

describe('who may keep the directory', () => {
  const pages = (): { route: Parameters<typeof load>[0]; path: string; params: Record<string, string> }[] => [
    { route: directoryHome, path: '/organiser/directory', params: {} },
    { route: listPage, path: '/organiser/directory/committees', params: { list: 'committees' } },
    { route: itemPage, path: '/organiser/directory/districts/1', params: { list: 'districts', id: '1' } },
    { route: csvRoute, path: '/resources/directory/centres.csv', params: { list: 'centres' } },
    { route: xlsxRoute, path: '/resources/directory/centres.xlsx', params: { list: 'centres' } },
  ]

  it.each(['resident', 'juror', 'operator'] as const)('a %s gets 403 from every page and form', async (role) => {
    for (const p of pages()) expect((await load(p.route, { ...p, cookie: cookies.get(role) })).status, p.path).toBe(403)
    const add = await act(listPage, { ...listCall('districts', cookies.get(role)), form: { intent: 'add', name: 'Чужой район', kind: 'Район' } })
    expect(add.status).toBe(403)
    const remove = await act(itemPage, { path: '/organiser/directory/districts/1', params: { list: 'districts', id: '1' }, cookie: cookies.get(role), form: { intent: 'delete' } })
    expect(remove.status).toBe(403)
    expect((await db.select({ n: count() }).from(schema.district).where(eq(schema.district.name, 'Чужой район')))[0].n).toBe(0)
  })

  it('sends a guest to log in', async () => {
    for (const p of pages()) expect((await load(p.route, p)).location, p.path).toMatch(/^\/login\?redirectTo=/)
  })

  it.each(['organiser', 'admin'] as const)('an %s opens every page', async (role) => {
    for (const p of pages()) expect((await load(p.route, { ...p, cookie: cookies.get(role) })).status, p.path).toBe(200)
  })

  it('answers 404 for a list that does not exist', async () => {
    expect((await load(listPage, { path: '/organiser/directory/planets', params: { list: 'planets' }, cookie: organiser() })).status).toBe(404)
  })
})
