import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, firstRow, schema } from '../../db/client.server'
import { score, inOrder } from '../factories'
import { judgingContest, loggedIn, makeJuror, makeLoginUser, TINY_WEBP } from '../factories-jury'
import { Client, startServer, type TestServer } from '../setup/server'

/**
 * Blind judging: with authors, owners and an operator of known names, e-mails and phones, an
 * organisation of a known name and another juror's marks in the database, every juror route, as HTML
 * and as route data (.data), for every entry, contains none of them.
 */

let server: TestServer
let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>
let client: Client
let secrets: string[]
const OTHER_COMMENT = 'Чужой-комментарий-7Q4Z'

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbPath)
  scene = await judgingContest(db, { perNomination: 3, prefix: 'СЛ' })
  const operator = await makeLoginUser(db, { roles: ['resident', 'operator'], fullName: 'Операторова Зоя Львовна', email: 'zoya-operator@example.ru', phone: '+79995554433' })
  await db.update(schema.entry).set({ enteredById: operator.id }).where(eq(schema.entry.contestId, scene.contest.id))

  const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id, scene.special.id], fullName: 'Судейкина Вера Ивановна' })
  const other = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id], fullName: 'Другойсудья Пётр Ильич' })
  for (const e of scene.entries.filter((x) => x.nominationId === scene.yard.id)) {
    await score(db, { stageId: scene.stage.id, entryId: e.id, jurorId: other.id, points: { [scene.criteria[0].id]: 10, [scene.criteria[1].id]: 5 }, comment: OTHER_COMMENT })
  }
  await db.insert(schema.specialPrizeProposal).values({ nominationId: scene.special.id, entryId: scene.entries[0].id, jurorId: other.id, note: OTHER_COMMENT })

  const authors = (await db.select().from(schema.author)).filter((a) => scene.entries.some((e) => e.id === a.entryId))
  const owners = await inOrder(scene.entries, async (e) => (await firstRow(db.select().from(schema.user).where(eq(schema.user.id, e.ownerId))))!)
  const photos = (await db.select().from(schema.photo)).filter((p) => scene.entries.some((e) => e.id === p.entryId))
  // The stored files behind the rows, so that the photos are served.
  for (const file of photos.flatMap((p) => p.variants.map((v) => path.join(server.dir, 'uploads', v.key)))) {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, TINY_WEBP)
  }
  secrets = [
    ...authors.map((a) => a.fullName),
    ...owners.flatMap((o) => [o.id, o.fullName, o.email!, o.phone!, o.phone!.slice(2)]),
    operator.id,
    operator.fullName,
    operator.email!,
    '9995554433',
    scene.organisation.name,
    'ул. Секретная',
    ...photos.flatMap((p) => [p.originalName, p.sha256, ...p.variants.map((v) => v.key)]),
    other.id,
    other.fullName,
    OTHER_COMMENT,
  ]
  expect(secrets.length).toBeGreaterThan(50)

  client = await loggedIn(server.url, juror.email!)
  // The juror has scored one entry, proposed one for the special prize and refused a form: their own data is on the pages too.
  const [first] = scene.entries
  await client.post(`/jury/stages/${scene.stage.id}/entries/${first.id}`, { intent: 'score', [`c${scene.criteria[0].id}`]: '6', [`c${scene.criteria[1].id}`]: '2' })
  await client.post(`/jury/stages/${scene.stage.id}/special/${scene.special.id}`, { intent: 'propose', entryId: String(scene.entries[1].id), note: 'Своё пояснение' })
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

// Keys of the database rows that identify people: none may travel in the route data.
const FORBIDDEN_KEYS = ['ownerId', 'organisationId', 'organisationName', 'enteredById', 'authors', 'userId', 'email', 'phone', 'address', 'originalName', 'sha256', 'jurorId']

function expectBlind(path: string, body: string) {
  for (const secret of secrets) expect(body.includes(secret), `${path} reveals «${secret}»`).toBe(false)
  for (const key of FORBIDDEN_KEYS) expect(body.includes(`"${key}"`), `${path} sends the key ${key}`).toBe(false)
}

function jurorPaths() {
  const stage = `/jury/stages/${scene.stage.id}`
  return [
    '/jury',
    stage,
    `${stage}?filter=unscored`,
    `${stage}?nomination=${scene.balcony.id}`,
    `${stage}/special/${scene.special.id}`,
    ...scene.entries.map((e) => `${stage}/entries/${e.id}`),
  ]
}

const dataPath = (path: string) => {
  const [pathname, search] = path.split('?')
  return `${pathname}.data${search ? `?${search}` : ''}`
}

describe('blind judging', () => {
  it('sends no author, owner, operator, organisation, contact or other juror in any juror page', async () => {
    for (const path of jurorPaths()) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(html).toContain('</html>')
      expectBlind(path, html)
    }
  })

  it('sends none of them in the route data either', async () => {
    for (const path of jurorPaths()) {
      const res = await client.get(dataPath(path))
      expect(res.status, dataPath(path)).toBe(200)
      const body = await res.text()
      // The data really is the page's: the entry numbers or the stage are in it.
      expect(body).toMatch(/СЛ-00\d\d|Городской этап/)
      expectBlind(dataPath(path), body)
    }
  })

  it('echoes nothing of them into a refused form', async () => {
    const path = `/jury/stages/${scene.stage.id}/entries/${scene.entries[2].id}`
    const refused = await client.post(path, { intent: 'score', [`c${scene.criteria[0].id}`]: '99' })
    expect(refused.status).toBe(400)
    expectBlind(path, await refused.text())
    const data = await client.post(dataPath(path), { intent: 'score', [`c${scene.criteria[0].id}`]: '99' })
    expect(data.status).toBe(400)
    expectBlind(dataPath(path), await data.text())
  })

  it('serves the photos at addresses and with headers that tell nothing about the authors', async () => {
    const html = await (await client.get(`/jury/stages/${scene.stage.id}/entries/${scene.entries[0].id}`)).text()
    const urls = [...new Set([...html.matchAll(/\/resources\/photos\/[^/"\s]+\/(?:thumb|gallery|full)/g)].map((m) => m[0]))]
    expect(urls.length).toBeGreaterThan(0)
    for (const url of urls) {
      const res = await client.get(url)
      expect(res.status, url).toBe(200)
      const headers = [...res.headers].map(([name, value]) => `${name}: ${value}`).join('\n')
      expectBlind(url, url)
      expectBlind(url, headers)
      expect(res.headers.get('content-disposition')).toBe('inline')
    }
  })

  it('shows the juror only their own marks, never another juror’s or a total', async () => {
    const mine = await (await client.get(`/jury/stages/${scene.stage.id}/entries/${scene.entries[0].id}`)).text()
    // The score inputs hold the juror's own 6 and 2, not the other juror's 10 and 5 (other inputs carry ids).
    const marks = [...mine.matchAll(/<input[^>]*class="score-input"[^>]*>/g)].map((m) => /value="([^"]*)"/.exec(m[0])?.[1])
    expect(marks).toEqual(['6', '2'])
    expect(mine).not.toMatch(/Итог|Сумма|Средний балл/)
  })
})
