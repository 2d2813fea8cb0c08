import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type DB, firstRow, schema } from '../../db/client.server'
import { assignJuror, makeContest, makeEntry, makeUser, inOrder } from '../factories'
import { auditFor, countRows, judgingContest, loggedIn, makeJuror, makeLoginUser, makePhoto, TINY_WEBP } from '../factories-jury'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'

let server: TestServer
let db: DB
let scene: Awaited<ReturnType<typeof judgingContest>>

beforeAll(async () => {
  // BENCH=1: the benchmarks' instruments are on here, and off in jury-conflicts.test.ts.
  server = await startServer({ BENCH: '1' })
  db = openDatabase(server.dbPath)
  scene = await judgingContest(db, { uploadsDir: path.join(server.dir, 'uploads') })
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

const entryPath = (stageId: number, entryId: number) => `/jury/stages/${stageId}/entries/${entryId}`

/** The score form for the yard nomination: Эстетика (0..10) and Ухоженность (0..5). */
function yardForm(aesthetics: number | string, care: number | string, comment = '') {
  const [a, c] = scene.criteria
  return { intent: 'score', [`c${a.id}`]: String(aesthetics), [`c${c.id}`]: String(care), comment }
}

function yardEntries() {
  return scene.entries.filter((e) => e.nominationId === scene.yard.id)
}

function queueNumbers(html: string) {
  return [...pageText(html).matchAll(/class="jury-queue__title"[^>]*>([^<·]+) ·/g)].map((m) => m[1].trim())
}

describe('the juror’s cabinet and queue', () => {
  it('lists the contest, stage and nominations with the progress, and a start button', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id, scene.special.id] })
    const client = await loggedIn(server.url, juror.email!)
    const res = await client.get('/jury')
    expect(res.status).toBe(200)
    const html = pageText(await res.text())
    expect(html).toContain(scene.contest.title)
    expect(html).toContain('Городской этап')
    for (const n of ['Лучший двор', 'Цветущий балкон', 'Специальный приз жюри']) expect(html).toContain(`«${n}»`)
    expect(html).toContain('Оценено 0 из 6')
    expect(html).toContain('Начать оценку')
  })

  it('tells a juror without assignments so, and keeps residents and guests out', async () => {
    // Not the demo juror: the seed gives them work.
    const unassigned = await loggedIn(server.url, (await makeLoginUser(db, { roles: ['resident', 'juror'] })).email!)
    expect(pageText(await (await unassigned.get('/jury')).text())).toContain('Вас пока не назначили в жюри')

    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    expect((await resident.get('/jury')).status).toBe(403)
    expect((await resident.get(entryPath(scene.stage.id, scene.entries[0].id))).status).toBe(403)

    const guest = await new Client(server.url).get(`/jury/stages/${scene.stage.id}`)
    expect(guest.status).toBe(302)
    expect(guest.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })

  it('gives each juror an order of their own that stays the same between visits', async () => {
    const orders: string[][] = []
    for (let i = 0; i < 4; i++) {
      const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id] })
      const client = await loggedIn(server.url, juror.email!)
      const first = queueNumbers(await (await client.get(`/jury/stages/${scene.stage.id}`)).text())
      const again = queueNumbers(await (await client.get(`/jury/stages/${scene.stage.id}`)).text())
      expect(first).toHaveLength(6)
      expect(again).toEqual(first)
      expect([...first].sort()).toEqual(scene.entries.map((e) => e.number).sort())
      orders.push(first)
    }
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1)
  })

  it('filters the entries not yet scored and by nomination', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id] })
    const client = await loggedIn(server.url, juror.email!)
    const [scoredEntry] = yardEntries()
    expect((await client.post(entryPath(scene.stage.id, scoredEntry.id), yardForm(7, 4))).status).toBe(302)

    const unscored = queueNumbers(await (await client.get(`/jury/stages/${scene.stage.id}?filter=unscored`)).text())
    expect(unscored).toHaveLength(5)
    expect(unscored).not.toContain(scoredEntry.number)
    const yard = await (await client.get(`/jury/stages/${scene.stage.id}?nomination=${scene.yard.id}`)).text()
    expect(queueNumbers(yard).sort()).toEqual(
      yardEntries()
        .map((e) => e.number)
        .sort(),
    )
    expect(pageText(yard)).toContain('В этой номинации оценено 1 из 3')
    expect(pageText(yard)).toContain('Оценено 1 из 6')
  })
})

describe('scoring an entry', () => {
  it('shows the photos with srcset, the public field, the district and the criteria of the entry’s nomination', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id] })
    const client = await loggedIn(server.url, juror.email!)
    const yard = yardEntries()[0]
    const html = pageText(await (await client.get(entryPath(scene.stage.id, yard.id))).text())
    expect(html).toContain(yard.number)
    expect(html).toContain(yard.title)
    expect(html).toContain('Ленинский район')
    expect(html).toContain('Количество клумб')
    expect(html).toContain(`Описание заявки ${yard.seq}`)
    expect(html).not.toContain('Контактное лицо')
    const photos = `/resources/photos/[^/]+`
    expect(html).toMatch(new RegExp(`srcSet="${photos}/thumb 400w, ${photos}/gallery 1200w, ${photos}/full 2400w"`))
    expect(html).toMatch(new RegExp(`<a href="${photos}/full"`))
    expect(html).toContain('Эстетика: от 0 до 10 баллов')
    expect(html).toContain('Ухоженность: от 0 до 5 баллов')
    expect(html).not.toContain('Подбор цветов')
    // The next entry's photos are fetched ahead.
    expect(html).toMatch(new RegExp(`<link rel="prefetch" as="image" href="${photos}/gallery"`))

    const balcony = scene.entries.find((e) => e.nominationId === scene.balcony.id)!
    const balconyHtml = pageText(await (await client.get(entryPath(scene.stage.id, balcony.id))).text())
    expect(balconyHtml).toContain('Подбор цветов: от 0 до 7 баллов')
    expect(balconyHtml).not.toContain('Эстетика')
  })

  it('saves, moves on to the next unscored entry, counts the progress and records every changed criterion in the audit log', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const queue = queueNumbers(await (await client.get(`/jury/stages/${scene.stage.id}`)).text())
    const byNumber = new Map(yardEntries().map((e) => [e.number, e]))
    const [first, second] = queue.map((n) => byNumber.get(n)!)

    const saved = await client.post(entryPath(scene.stage.id, first.id), yardForm(8, 3, 'Хороший двор'))
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toBe(entryPath(scene.stage.id, second.id))
    const next = pageText(await (await client.get(saved.headers.get('location')!)).text())
    expect(next).toContain(`Оценка заявки ${first.number} сохранена`)
    expect(next).toContain('Оценено 1 из 3')

    const { evaluations, scores } = await countRows(db, scene.stage.id, first.id)
    const mine = evaluations.filter((e) => e.jurorId === juror.id)
    expect(mine).toHaveLength(1)
    expect(mine[0].comment).toBe('Хороший двор')
    expect(
      scores
        .filter((s) => s.evaluationId === mine[0].id)
        .map((s) => s.points)
        .sort(),
    ).toEqual([3, 8])

    // Revisable: the page shows the saved marks, and a change of one criterion is one audit record, old → new.
    const again = pageText(await (await client.get(entryPath(scene.stage.id, first.id))).text())
    expect(again).toMatch(new RegExp(`name="c${scene.criteria[0].id}"[^>]*value="8"|value="8"[^>]*name="c${scene.criteria[0].id}"`))
    expect((await auditFor(db, first.id, juror.id)).filter((a) => a.action === 'score.save')).toHaveLength(2)
    expect((await client.post(entryPath(scene.stage.id, first.id), yardForm(9, 3, 'Хороший двор'))).status).toBe(302)
    const audit = (await auditFor(db, first.id, juror.id)).filter((a) => a.action === 'score.save')
    expect(audit).toHaveLength(3)
    const last = audit.at(-1)!
    expect(last.contestId).toBe(scene.contest.id)
    expect(last.before).toMatchObject({ stageId: scene.stage.id, criterionId: scene.criteria[0].id, criterion: 'Эстетика', points: 8 })
    expect(last.after).toMatchObject({ stageId: scene.stage.id, criterionId: scene.criteria[0].id, criterion: 'Эстетика', points: 9 })
    expect(last.at).toBeInstanceOf(Date)

    // The last one: back to the queue with everything scored.
    for (const e of queue.slice(1).map((n) => byNumber.get(n)!)) expect((await client.post(entryPath(scene.stage.id, e.id), yardForm(5, 5))).status).toBe(302)
    const done = await client.post(entryPath(scene.stage.id, second.id), yardForm(6, 5))
    expect(done.headers.get('location')).toBe(`/jury/stages/${scene.stage.id}`)
    const queuePage = pageText(await (await client.get(`/jury/stages/${scene.stage.id}`)).text())
    expect(queuePage).toContain('Все заявки этапа оценены: 3 из 3')
    expect(queuePage).toContain('Оценено 3 из 3')
  })
})

describe('photos', () => {
  it('serves the entry’s photos to its juror, and to nobody else while the gallery is closed', async () => {
    const gallery = async (open: boolean) => await db.update(schema.contest).set({ galleryOpenDuringContest: open }).where(eq(schema.contest.id, scene.contest.id))
    await gallery(false)
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const target = yardEntries()[0]
    const html = await (await client.get(entryPath(scene.stage.id, target.id))).text()
    const urls = [...new Set([...html.matchAll(/\/resources\/photos\/[^/"\s]+\/(?:thumb|gallery|full)/g)].map((m) => m[0]))]
    // Three sizes of the entry's two photos, and the gallery size of the next entry's two, fetched ahead.
    expect(urls.length).toBe(8)
    for (const url of urls) {
      const res = await client.get(url)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/webp')
      // Only the juror's browser keeps the photo, and asks again each time: a recusal stops it at once.
      expect(res.headers.get('cache-control')).toBe('private, no-cache')
      expect(Buffer.from(await res.arrayBuffer()).equals(TINY_WEBP)).toBe(true)
    }
    const own = (await db.select().from(schema.photo).where(eq(schema.photo.entryId, target.id)))[0]
    const photo = `/resources/photos/${own.id}/gallery`
    expect(urls).toContain(photo)
    expect((await client.get(photo.replace(/\/(thumb|gallery|full)$/, '/original'))).status).toBe(404)

    // The photo of an entry of the juror's own, of another nomination or of another contest's stage: 404, as for an unknown photo.
    const owner = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    await db.insert(schema.conflict).values({ entryId: target.id, jurorId: owner.id, kind: 'author' })
    const balconyJuror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.balcony.id] })
    const other = await judgingContest(db, { perNomination: 1, prefix: 'ФТ' })
    const otherJuror = await makeJuror(db, { stageId: other.stage.id, nominationIds: [other.yard.id] })
    for (const [user, url] of [
      [owner, photo],
      [balconyJuror, photo],
      [otherJuror, photo],
      [juror, photo.replace(/photos\/[^/]+/, 'photos/no-such-photo')],
    ] as const) {
      expect((await (await loggedIn(server.url, user.email!)).get(url)).status).toBe(404)
    }
    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    expect((await resident.get(photo)).status).toBe(404)
    expect((await new Client(server.url).get(photo)).status).toBe(404)

    // An open gallery shows accepted entries to anyone, at the same address, kept by any cache.
    await gallery(true)
    const open = await new Client(server.url).get(photo)
    expect(open.status).toBe(200)
    expect(open.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })
})

describe('concurrency', () => {
  it('two jurors saving the same entry at the same moment end with one evaluation each and their own marks', async () => {
    const target = yardEntries()[2]
    const jurors = await inOrder([0, 1], async () => await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] }))
    const clients = await Promise.all(jurors.map((j) => loggedIn(server.url, j.email!)))
    const responses = await Promise.all(
      [0, 1, 2].flatMap(() => [clients[0].post(entryPath(scene.stage.id, target.id), yardForm(2, 1)), clients[1].post(entryPath(scene.stage.id, target.id), yardForm(9, 4))]),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(302))
    const { evaluations, scores } = await countRows(db, scene.stage.id, target.id)
    for (const [juror, expected] of [
      [jurors[0], [1, 2]],
      [jurors[1], [4, 9]],
    ] as const) {
      const mine = evaluations.filter((e) => e.jurorId === juror.id)
      expect(mine).toHaveLength(1)
      expect(
        scores
          .filter((s) => s.evaluationId === mine[0].id)
          .map((s) => s.points)
          .sort(),
      ).toEqual(expected)
      expect((await auditFor(db, target.id, juror.id)).filter((a) => a.action === 'score.save')).toHaveLength(2)
    }
  })

  it('one juror double-submitting ends with exactly one evaluation, one score per criterion and one audit record per criterion', async () => {
    const target = yardEntries()[0]
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const responses = await Promise.all(Array.from({ length: 8 }, () => client.post(entryPath(scene.stage.id, target.id), yardForm(4, 2, 'Дважды'))))
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(302))
    const { evaluations, scores } = await countRows(db, scene.stage.id, target.id)
    const mine = evaluations.filter((e) => e.jurorId === juror.id)
    expect(mine).toHaveLength(1)
    expect(scores.filter((s) => s.evaluationId === mine[0].id)).toHaveLength(2)
    expect((await auditFor(db, target.id, juror.id)).filter((a) => a.action === 'score.save')).toHaveLength(2)
  })
})

describe('recusal', () => {
  it('takes the entry out of the queue and the progress, withdraws the juror’s marks and keeps the reason', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const target = yardEntries()[1]
    expect((await client.post(entryPath(scene.stage.id, target.id), yardForm(3, 3))).status).toBe(302)
    expect(pageText(await (await client.get(`/jury/stages/${scene.stage.id}`)).text())).toContain('Оценено 1 из 3')

    const empty = await client.post(entryPath(scene.stage.id, target.id), { intent: 'recuse', reason: ' ' })
    expect(empty.status).toBe(400)
    expect(pageText(await empty.text())).toContain('Укажите причину самоотвода')

    const res = await client.post(entryPath(scene.stage.id, target.id), { intent: 'recuse', reason: 'Автор — моя соседка' })
    expect(res.status).toBe(302)
    const queue = await (await client.get(`/jury/stages/${scene.stage.id}`)).text()
    expect(queueNumbers(queue)).not.toContain(target.number)
    expect(pageText(queue)).toContain('Оценено 0 из 2')

    const conflict = (await firstRow(
      db
        .select()
        .from(schema.conflict)
        .where(and(eq(schema.conflict.jurorId, juror.id), eq(schema.conflict.entryId, target.id))),
    ))!
    expect(conflict).toMatchObject({ kind: 'recusal', reason: 'Автор — моя соседка', createdById: juror.id })
    expect((await countRows(db, scene.stage.id, target.id)).evaluations.filter((e) => e.jurorId === juror.id)).toHaveLength(0)
    expect((await auditFor(db, target.id, juror.id)).find((a) => a.action === 'conflict.recusal')!.before).toMatchObject({ points: { [scene.criteria[0].id]: 3 } })

    const page = await client.get(entryPath(scene.stage.id, target.id))
    expect(page.status).toBe(403)
    expect(pageText(await page.text())).toContain('Конфликт интересов (самоотвод): эту заявку оценивают другие члены жюри.')
    expect((await client.post(entryPath(scene.stage.id, target.id), yardForm(3, 3))).status).toBe(403)
  })
})

describe('which entries a stage has', () => {
  it('judges a district stage by district (with its residential areas) and a later stage by the entries that advanced to it', async () => {
    const made = await makeContest(db, { status: 'judging', stages: ['district', 'city'], numberPrefix: 'ЭТ', nominations: ['Одна'] })
    const [districtStage, cityStage] = made.stages
    await db.update(schema.stage).set({ status: 'judging' }).where(eq(schema.stage.contestId, made.contest.id))
    const rudnichny = (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, 'Рудничный район'))))!
    const kedrovka = (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, 'ж.р. Кедровка'))))!
    const central = (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, 'Центральный район'))))!
    const owner = await makeUser(db)
    const [inDistrict, inArea, elsewhere] = await inOrder(
      [rudnichny, kedrovka, central],
      async (d, i) =>
        await makeEntry(db, {
          contestId: made.contest.id,
          ownerId: owner.id,
          nominationId: made.nominations[0].id,
          districtId: d.id,
          seq: 100 + i,
          title: `Заявка района ${d.name}`,
        }),
    )
    await makePhoto(db, { entryId: inDistrict.id, ownerId: owner.id })
    const juror = await makeJuror(db, { stageId: cityStage.id, nominationIds: [made.nominations[0].id] })
    await assignJuror(db, { stageId: districtStage.id, jurorId: juror.id, nominationId: made.nominations[0].id, districtId: rudnichny.id })
    const client = await loggedIn(server.url, juror.email!)

    const district = queueNumbers(await (await client.get(`/jury/stages/${districtStage.id}`)).text())
    expect(district.sort()).toEqual(['ЭТ-0100', 'ЭТ-0101'])
    expect((await client.get(entryPath(districtStage.id, elsewhere.id))).status).toBe(404)

    expect(queueNumbers(await (await client.get(`/jury/stages/${cityStage.id}`)).text())).toEqual([])
    await db.insert(schema.stageEntry).values({ stageId: cityStage.id, entryId: inArea.id })
    expect(queueNumbers(await (await client.get(`/jury/stages/${cityStage.id}`)).text())).toEqual(['ЭТ-0101'])
    expect((await client.get(entryPath(cityStage.id, inDistrict.id))).status).toBe(404)
  })

  it('adds an entry the organiser asked the juror to score, whatever its nomination', async () => {
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const balcony = scene.entries.find((e) => e.nominationId === scene.balcony.id)!
    await db.insert(schema.extraAssignment).values({ stageId: scene.stage.id, entryId: balcony.id, jurorId: juror.id })
    const client = await loggedIn(server.url, juror.email!)
    const queue = await (await client.get(`/jury/stages/${scene.stage.id}`)).text()
    expect(queueNumbers(queue)).toContain(balcony.number)
    expect(pageText(queue)).toContain('Оценено 0 из 4')
    const res = await client.post(entryPath(scene.stage.id, balcony.id), { intent: 'score', [`c${scene.balconyCriteria[0].id}`]: '6' })
    expect(res.status).toBe(302)
    expect((await countRows(db, scene.stage.id, balcony.id)).evaluations.filter((e) => e.jurorId === juror.id)).toHaveLength(1)
  })
})

describe('the benchmarks’ instruments with BENCH=1', () => {
  it('answer /hello and time the save in Server-Timing', async () => {
    const hello = await fetch(`${server.url}/hello`)
    expect(hello.status).toBe(200)
    expect(await hello.text()).toBe('hello')
    const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
    const client = await loggedIn(server.url, juror.email!)
    const saved = await client.post(entryPath(scene.stage.id, yardEntries()[0].id), yardForm(5, 2))
    expect(saved.status).toBe(302)
    expect(saved.headers.get('server-timing')).toMatch(/^save;dur=[\d.]+, cpu;dur=[\d.]+, action;dur=[\d.]+$/)
  })
})
