/**
 * The city's directory over HTTP on the engine under test (SQLite, or PostgreSQL with
 * KONKURS_TEST_ENGINE=postgres): a register of committees posted as a file, its export downloaded and
 * posted back without duplicates, a bad file refused whole. The rules themselves are in
 * tests/inprocess/directory.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'
import { multipart } from '../factories-entries'

let server: TestServer
let organiser: Client

beforeAll(async () => {
  server = await startServer()
  organiser = new Client(server.url)
  await organiser.login(DEMO.organiser, DEMO.password)
})
afterAll(async () => {
  await server?.stop()
})

const REGISTER = [
  'Название;Уровень;Район;Вышестоящий комитет;Адрес',
  'Уличный комитет ул. Весенняя;Уличный;Центральный район;Окружной комитет ТОС «Центральный»;ул. Весенняя',
  'Старший дома ул. Весенняя, 5;Домовый;Центральный район;Уличный комитет ул. Весенняя;"ул. Весенняя, 5"',
].join('\r\n')

const post = (bytes: Buffer | string, name: string) =>
  organiser.post('/organiser/directory/committees', multipart({}, [{ name, bytes: Buffer.from(bytes) }], 'file'))

const rowsOf = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split('\r\n')

describe('the directory over HTTP', () => {
  it('loads a register, exports it, and loads the export back without duplicates', async () => {
    const loaded = await post(REGISTER, 'tos.csv')
    expect(loaded.status).toBe(302)
    const csv = await organiser.get('/resources/directory/committees.csv')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const exported = await csv.text()
    // The five seeded district-level committees, then the two loaded, with their parents' codes.
    expect(rowsOf(exported)).toHaveLength(1 + 5 + 2)
    expect(exported).toMatch(/;Уличный комитет ул\. Весенняя;Уличный \(старший улицы\);Центральный район;Окружной комитет ТОС «Центральный»;\d+;ул\. Весенняя\r\n/)
    const xlsx = Buffer.from(await (await organiser.get('/resources/directory/committees.xlsx')).arrayBuffer())
    for (const [bytes, name] of [[Buffer.from(exported), 'export.csv'], [xlsx, 'export.xlsx'], [Buffer.from(REGISTER), 'tos.csv']] as const) {
      expect((await post(bytes, name)).status, name).toBe(302)
    }
    expect(rowsOf(await (await organiser.get('/resources/directory/committees.csv')).text())).toEqual(rowsOf(exported))
    const page = await (await organiser.get('/organiser/directory/committees?q=' + encodeURIComponent('Весенняя'))).text()
    expect(page).toContain('Найдено: 2')
  })

  it('refuses a file with a bad row whole, naming its line', async () => {
    const res = await post('Название;Уровень;Район;Вышестоящий комитет\nНовый окружной;Окружной;Центральный район;\nБез уровня;;Центральный район;\n', 'bad.csv')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Файл не загружен, ничего не изменено: ошибки в строке 3. Строка 3: не указан уровень')
    const exported = await (await organiser.get('/resources/directory/committees.csv')).text()
    expect(exported).not.toContain('Новый окружной')
  })
})
