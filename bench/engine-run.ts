/**
 * One engine's half of bench/engines.ts, in a process of its own: the engine is the one this process's
 * DATABASE_URL chooses (db/client.server.ts decides at import), and bench/engines.ts starts this file
 * once per engine with the variable set or unset, and reads the figures from the JSON file that
 * BENCH_ENGINE_OUT names. Run alone (`npx tsx bench/engine-run.ts`, after `npm run build`), it measures
 * the engine of its environment and prints the JSON.
 *
 * On one database of its own (a SQLite file, or a PostgreSQL database on the server of the PG*
 * variables): the server seeds the demo on its first start, then bench/jury-load.ts's contest in
 * judging and its jurors are written in and the jurors sign in. Then, with one instance and then with
 * two (separate processes on the same database; the second configuration starts both afresh, and the
 * jurors' sessions, kept in the database, carry over):
 * - a warm-up round, then BENCH_ROUNDS rounds in which all BENCH_JURORS jurors save a score at once,
 *   with two instances juror i on instance i mod 2; each round inserts new evaluations;
 * - the scoring page as a juror gets it on coming back to it (rendered; signed-in people's pages are
 *   never cached), BENCH_CONNECTIONS connections for BENCH_SECONDS s, split over the instances.
 * Rate limits are counted where each configuration would count them when deployed: one SQLite
 * instance in its memory (the default), two instances and PostgreSQL in the database (shared by the
 * instances); BENCH_RATE_LIMIT_STORE=memory|database sets it for all. Each juror posts from an address
 * of their own (X-Forwarded-For, trusted with TRUST_PROXY=1), so each has a counter of their own.
 * PostgreSQL runs with the server's settings; BENCH_PG_SYNCHRONOUS_COMMIT (e.g. `off`) sets
 * synchronous_commit for the run's database: SQLite commits in WAL mode with synchronous = NORMAL
 * (no fsync per commit), PostgreSQL by default waits for the WAL's fsync at each commit; with `off`
 * both may lose the last commits in a crash of the machine, neither is corrupted.
 */
import fs from 'node:fs'
import os from 'node:os'
import Database from 'better-sqlite3'
import pg from 'pg'
import { engine } from '../db/client.server'
import { connectionConfig } from '../tests/setup/postgres-server'
import { ownDatabase, startServer, type TestServer } from '../tests/setup/server'
import { juryScene, measurePage, noTimings, onServer, percentile, processCpu, saveRound, signIn, type CpuMeter, type PageLoad, type SaveTimings } from './jury-load'

const JURORS = Number(process.env.BENCH_JURORS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const PAGE_CACHE_SECONDS = process.env.PAGE_CACHE_SECONDS ?? '5'

export type Quantiles = { p50: number; p99: number }
export type ConfigurationFigures = {
  instances: number
  rateLimitStore: string
  saves: number
  save: Quantiles
  action: Quantiles
  http: Quantiles
  savesPerSecond: number
  page: PageLoad
  load: { before: number; after: number }
}
export type EngineFigures = { engine: typeof engine; version: string; configurations: ConfigurationFigures[] }

const quantiles = (values: number[]): Quantiles => ({ p50: percentile(values, 50), p99: percentile(values, 99) })

async function engineVersion() {
  if (engine === 'sqlite') {
    const db = new Database(':memory:')
    const { v } = db.prepare('select sqlite_version() as v').get() as { v: string }
    db.close()
    return `SQLite ${v} (WAL)`
  }
  const client = new pg.Client(connectionConfig())
  await client.connect()
  try {
    const { v } = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]
    return `PostgreSQL ${v}${SYNCHRONOUS_COMMIT ? ` (synchronous_commit ${SYNCHRONOUS_COMMIT})` : ''}`
  } finally {
    await client.end()
  }
}

/** The database a PostgreSQL URL names. */
const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1))

/**
 * On PostgreSQL the database's work runs in its backends: the processes serving the app's connections
 * to this database. Autovacuum's workers, which tidy up after the saves at moments of their own, are
 * not counted.
 */
async function backendsMeter(target: string): Promise<{ meter: CpuMeter | null; close: () => Promise<void> }> {
  if (engine === 'sqlite') return { meter: null, close: async () => {} }
  const database = databaseOf(target)
  // Connected to the role's own database, so this connection is not one of those counted.
  const admin = new pg.Client(connectionConfig())
  await admin.connect()
  return {
    meter: async () => {
      const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'", [database])
      return await processCpu(rows.map((r) => r.pid))()
    },
    close: () => admin.end(),
  }
}

/** For the run's database only; its connections, all opened later, take it. */
async function setSynchronousCommit(target: string, value: string) {
  const admin = new pg.Client(connectionConfig())
  await admin.connect()
  try {
    await admin.query(`alter database ${admin.escapeIdentifier(databaseOf(target))} set synchronous_commit = ${admin.escapeLiteral(value)}`)
  } finally {
    await admin.end()
  }
}

const SYNCHRONOUS_COMMIT = engine === 'postgres' ? process.env.BENCH_PG_SYNCHRONOUS_COMMIT : undefined
const own = await ownDatabase()
const servers: TestServer[] = []
const stopAll = async () => {
  for (const s of servers.splice(0)) await s.stop()
}
let backends: Awaited<ReturnType<typeof backendsMeter>> | undefined
try {
  if (SYNCHRONOUS_COMMIT) await setSynchronousCommit(own.target, SYNCHRONOUS_COMMIT)
  backends = await backendsMeter(own.target)
  const version = await engineVersion()
  // TRUST_PROXY: each juror's address is the one saveRound puts in X-Forwarded-For.
  const base = { ...own.env, BENCH: '1', RATE_LIMIT_POST: '1000000', PAGE_CACHE_SECONDS, TRUST_PROXY: '1' }
  let jurorClients: Awaited<ReturnType<typeof signIn>> = []
  let scene: Awaited<ReturnType<typeof juryScene>> | undefined
  let round = 0
  const configurations: ConfigurationFigures[] = []
  for (const instances of [1, 2]) {
    const rateLimitStore = process.env.BENCH_RATE_LIMIT_STORE ?? (engine === 'sqlite' && instances === 1 ? 'memory' : 'database')
    // One after the other: the first start on the empty database migrates and seeds it.
    for (let i = 0; i < instances; i++) servers.push(await startServer({ ...base, RATE_LIMIT_STORE: rateLimitStore }))
    const urls = servers.map((s) => s.url)
    if (!scene) {
      scene = await juryScene(own.target, JURORS)
      jurorClients = await signIn(urls[0], scene.jurorEmails)
    }
    const clients = jurorClients.map((c, i) => onServer(c, urls[i % urls.length]))
    // Warm-up round: the first requests compile the route and fill the engine's caches.
    await saveRound(clients, scene, round++)
    const timings: SaveTimings = noTimings()
    const before = os.loadavg()[0]
    for (let r = 0; r < ROUNDS; r++) await saveRound(clients, scene, round++, timings)

    const path = `/jury/stages/${scene.stageId}/entries/${scene.yard[0].id}`
    // A browser's cookie after following the save's redirect: the one-time message is gone by then.
    const cookie = `session=${jurorClients[0].cookies.get('session')}`
    for (const url of urls) {
      const check = await fetch(url + path, { headers: { cookie } })
      if (check.status !== 200) throw new Error(`scoring page answered ${check.status} at ${url}`)
    }
    const cpu = { app: processCpu(servers.map((s) => s.pid)), ...(backends.meter ? { database: backends.meter } : {}) }
    const page = await measurePage({ urls, path, headers: { cookie }, connections: CONNECTIONS, duration: DURATION, cpu })
    configurations.push({
      instances,
      rateLimitStore,
      saves: timings.save.length,
      save: quantiles(timings.save),
      action: quantiles(timings.action),
      http: quantiles(timings.http),
      savesPerSecond: timings.save.length / (timings.roundsMs.reduce((a, b) => a + b, 0) / 1000),
      page,
      load: { before, after: os.loadavg()[0] },
    })
    console.error(`${version}, ${instances} instance${instances > 1 ? 's' : ''}: done`)
    await stopAll()
  }
  const figures: EngineFigures = { engine, version, configurations }
  if (process.env.BENCH_ENGINE_OUT) fs.writeFileSync(process.env.BENCH_ENGINE_OUT, JSON.stringify(figures))
  else console.log(JSON.stringify(figures, null, 2))
} finally {
  await stopAll()
  await backends?.close()
  await own.remove()
}
