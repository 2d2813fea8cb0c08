/**
 * `npm run backup` and `npm run restore`, the built scripts, as an operator runs them: a backup taken
 * while residents post entries with photos, restored into a fresh database file and uploads folder, and
 * a server started on the restored copy serves the same contests, entries and photo bytes.
 * On PostgreSQL the backup says what it leaves out (the database: pg_dump) and copies the photos only.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc, isNotNull, or, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engine, schema } from '../../db/client.server'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, entryIdFrom, filesUnder, multipart, photoJobsDone, seededContest, serverDb } from '../factories-entries'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'

const BACKUP = 'build/scripts/backup.js'
const RESTORE = 'build/scripts/restore.js'

/** A built script run with plain node, as `npm run backup` runs it: its exit code and everything it printed. */
function runScript(script: string, args: string[], env: Record<string, string | undefined>) {
  const fullEnv = { ...env }
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k]
  const child = spawn(process.execPath, [script, ...args], { env: fullEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once('close', (code) => resolve({ code, output })))
}

let server: TestServer
let fixtures: GeneratedFixtures
let snow: Awaited<ReturnType<typeof seededContest>>
let work: string
const others: TestServer[] = []

beforeAll(async () => {
  ;[server, fixtures] = await Promise.all([startServer(), generateFixtures()])
  snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  work = mkdtempSync(path.join(os.tmpdir(), 'konkurs-backup-'))
})
afterAll(async () => {
  for (const s of [server, ...others]) {
    if (s) await closeServerDb(s)
    await s?.stop()
  }
  if (work) rmSync(work, { recursive: true, force: true })
})

let residents = 0
/** A new resident posts an entry with two photos through the plain form; the entry's id. */
async function postEntry() {
  const n = ++residents
  const client = new Client(server.url)
  await client.post('/register', { fullName: 'Копиева Анна Сергеевна', email: `backup${n}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  const form = {
    save: 'submit',
    nominationId: String(snow.nominations[0].id),
    title: `Двор перед копией № ${n}`,
    'authors[0].fullName': 'Копиева Анна Сергеевна',
    'authors[0].age': '35',
    consent: 'on',
  }
  const res = await client.post(`/contests/${snow.contest.slug}/apply`, multipart(form, [{ name: 'dvor.jpg', file: fixtures.large }, { name: 'ugol.jpg', file: fixtures.orientation[6] }]))
  return entryIdFrom(res)
}

/** Entries go on being posted, one after another, until `stop` is called; `posted` grows as they are saved. */
function keepPosting() {
  const posted: number[] = []
  let stopped = false
  const running = (async () => {
    while (!stopped) posted.push(await postEntry())
  })()
  const stop = async () => {
    stopped = true
    await running
  }
  return { posted, stop }
}

const contestsOf = (s: TestServer) => serverDb(s).select({ id: schema.contest.id, slug: schema.contest.slug, title: schema.contest.title, status: schema.contest.status }).from(schema.contest).orderBy(asc(schema.contest.id))
const entriesOf = (s: TestServer) =>
  serverDb(s)
    .select({ id: schema.entry.id, contestId: schema.entry.contestId, seq: schema.entry.seq, title: schema.entry.title, status: schema.entry.status })
    .from(schema.entry)
    .orderBy(asc(schema.entry.id))

async function photoBytes(client: Client, id: string) {
  const res = await client.get(`/resources/photos/${id}/full`)
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) }
}

describe.runIf(engine === 'sqlite')('a backup taken while entries are posted, restored into a fresh folder', () => {
  let folder: string
  let restoredEnv: Record<string, string>
  let before: number[]
  let posting: ReturnType<typeof keepPosting>

  it('is taken while entries with photos are being posted, and restored into a fresh folder', async () => {
    before = (await entriesOf(server)).map((e) => e.id)
    posting = keepPosting()
    // The backup starts once the first entry of the run is saved, and entries go on being posted during it.
    for (let i = 0; posting.posted.length === 0 && i < 1500; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(posting.posted.length).toBeGreaterThan(0)
    const backups = path.join(work, 'backups')
    const backup = await runScript(BACKUP, ['--to', backups], server.env)
    await posting.stop()
    expect(backup.code, backup.output).toBe(0)
    expect(backup.output).toContain('Резервная копия:')
    const made = readdirSync(backups)
    expect(made).toHaveLength(1)
    expect(made[0]).toMatch(/^konkurs-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/)
    folder = path.join(backups, made[0])

    const fresh = path.join(work, 'restored')
    restoredEnv = { DATABASE_PATH: path.join(fresh, 'data', 'app.db'), UPLOADS_DIR: path.join(fresh, 'uploads') }
    const restore = await runScript(RESTORE, [folder], { ...server.env, ...restoredEnv })
    expect(restore.code, restore.output).toBe(0)
    // Entries were saved while the backup ran.
    expect(posting.posted.length).toBeGreaterThan(1)
  })

  it('leaves the requests’ and jobs’ temporary folders out', async () => {
    expect((await filesUnder(path.join(folder, 'uploads'))).filter((f) => f.split('/').some((part) => part.startsWith('.')))).toEqual([])
    expect(JSON.parse(readFileSync(path.join(folder, 'backup.json'), 'utf8'))).toMatchObject({ database: true, uploads: true, missing: [], notCovered: [] })
  })

  it('brings back the same contests and entries, and the photos’ bytes served are the same', async () => {
    const restored = await startServer(restoredEnv)
    others.push(restored)
    expect(await contestsOf(restored)).toEqual(await contestsOf(server))

    // Every entry there before the backup began, and the one saved before it started; each as it is on the live server.
    const liveEntries = new Map((await entriesOf(server)).map((e) => [e.id, e]))
    const restoredEntries = await entriesOf(restored)
    const ids = restoredEntries.map((e) => e.id)
    expect(ids).toEqual(expect.arrayContaining([...before, posting.posted[0]]))
    for (const e of restoredEntries) expect(e).toEqual(liveEntries.get(e.id))

    // Photos the restored copy holds as waiting for their job are processed by the restored server, at
    // once: a job the live server's worker held is not left waiting for that worker's lease (60 s).
    await Promise.all([photoJobsDone(restored, 200), photoJobsDone(server)])
    const shown = await serverDb(restored)
      .select({ id: schema.photo.id, status: schema.photo.status })
      .from(schema.photo)
      .where(or(isNotNull(schema.photo.entryId), inArray(schema.photo.id, serverDb(restored).select({ id: schema.contest.coverPhotoId }).from(schema.contest))))
    const posted = await serverDb(restored).select({ id: schema.photo.id }).from(schema.photo).where(eq(schema.photo.entryId, posting.posted[0]))
    expect(posted).toHaveLength(2)
    expect(shown.filter((p) => p.status === 'ready').length).toBeGreaterThanOrEqual(posted.length)

    const [live, copy] = [new Client(server.url), new Client(restored.url)]
    await live.login(DEMO.admin, DEMO.password)
    await copy.login(DEMO.admin, DEMO.password)
    const differing: string[] = []
    for (const photo of shown) {
      const [a, b] = await Promise.all([photoBytes(live, photo.id), photoBytes(copy, photo.id)])
      expect(a.status).toBe(200)
      if (photo.status !== 'ready' || b.status !== 200 || !a.bytes.equals(b.bytes)) differing.push(`${photo.id}: ${photo.status}, ${b.status}`)
    }
    expect(differing).toEqual([])
  })

  it('refuses to restore over a database and files already there, and replaces them when told to', async () => {
    const again = await runScript(RESTORE, [folder], { ...server.env, ...restoredEnv })
    expect(again.code).toBe(1)
    expect(again.output).toContain('восстанавливать поверх не буду')
    const other = ['--database', path.join(work, 'other', 'app.db'), '--uploads', path.join(work, 'other', 'uploads')]
    expect((await runScript(RESTORE, [folder, ...other], server.env)).code).toBe(0)
    expect((await runScript(RESTORE, [folder, ...other], server.env)).code).toBe(1)
    const forced = await runScript(RESTORE, [folder, ...other, '--force'], server.env)
    expect(forced.code, forced.output).toBe(0)
    expect(existsSync(path.join(work, 'other', 'app.db'))).toBe(true)
  })
})

describe.runIf(engine === 'postgres')('a backup on PostgreSQL', () => {
  it('says the database is not in the copy and what to use instead, and copies the photos', async () => {
    const backups = path.join(work, 'backups-pg')
    const backup = await runScript(BACKUP, ['--to', backups], server.env)
    expect(backup.code, backup.output).toBe(0)
    expect(backup.output).toContain('База данных PostgreSQL (DATABASE_URL) в копию не входит')
    expect(backup.output).toContain('pg_dump')
    const [made] = readdirSync(backups)
    expect(existsSync(path.join(backups, made, 'app.db'))).toBe(false)
    expect(JSON.parse(readFileSync(path.join(backups, made, 'backup.json'), 'utf8'))).toMatchObject({ database: false, uploads: true })
    const stored = (await filesUnder(path.join(server.dir, 'uploads'))).filter((f) => !f.split('/').some((part) => part.startsWith('.')))
    expect(stored.length).toBeGreaterThan(0)
    expect(await filesUnder(path.join(backups, made, 'uploads'))).toEqual(expect.arrayContaining(stored))
  })
})
