/**
 * SQLite and PostgreSQL, one app instance and two (issue «Beyond one machine», «What must be shown»):
 * in one run, side by side, saving a score with 50 jurors saving at once (p50 and p99 of the save on
 * the server, from its Server-Timing header, and of the HTTP round trip) and the scoring page's
 * requests per second (autocannon; with two instances the connections split over both, one
 * autocannon run per instance side by side, rates summed).
 *
 * How: the engine is chosen per process when db/client.server.ts is imported (DATABASE_URL), so this
 * script starts bench/engine-run.ts twice, one after the other, in a process of its own, first without
 * DATABASE_URL (SQLite), then with it naming the PostgreSQL server of the PG* variables (the database
 * each run uses is its own, created and dropped by it). Each child measures its engine with one
 * instance and then two, writes its figures as JSON, and this script prints them in one table. The
 * scenario and the measuring are bench/jury-load.ts's, shared with bench/jury.ts.
 *
 * Two instances on SQLite are two processes on one database file in WAL mode: a legitimate
 * configuration (SQLite locks the file between processes; a writer waits for the other's transaction
 * up to busy_timeout), the one a second process on the same machine would run.
 *
 * Run (after `npm run build`, holding the CPU lock so that other work does not distort the figures):
 *   eval "$(.ci/postgres)"; flock /work/cpu.lock npx tsx bench/engines.ts
 * Knobs: BENCH_ROUNDS (40 rounds of saves per configuration), BENCH_JURORS (50), BENCH_SECONDS (10 s of
 * page load per configuration), BENCH_CONNECTIONS (10), PAGE_CACHE_SECONDS (5), BENCH_RATE_LIMIT_STORE
 * and BENCH_PG_SYNCHRONOUS_COMMIT (see bench/engine-run.ts). About 3 minutes with the defaults.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { connectionConfig, databaseUrl, postgresAvailable } from '../tests/setup/postgres-server'
import type { ConfigurationFigures, EngineFigures } from './engine-run'

for (const file of ['build/server.js', 'build/server/index.js']) {
  if (!fs.existsSync(file)) throw new Error(`No build (${file}): run \`npm run build\` first.`)
}
if (!(await postgresAvailable())) throw new Error('PostgreSQL is needed: start it with `.ci/postgres` and set the PG* variables it prints.')

const JURORS = Number(process.env.BENCH_JURORS ?? 50)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const started = Date.now()
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-bench-engines-'))
const loadAtStart = os.loadavg()

/** bench/engine-run.ts in a process of its own whose engine `databaseUrl` chooses. */
async function runEngine(name: string, databaseUrlOrNone: string | undefined): Promise<EngineFigures> {
  const out = path.join(dir, `${name}.json`)
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_ENGINE_OUT: out, DATABASE_URL: databaseUrlOrNone }
  if (databaseUrlOrNone === undefined) delete env.DATABASE_URL
  // process.execArgv carries tsx's loader to the child.
  const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'engine-run.ts')], { env, stdio: 'inherit' })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`${name}: bench/engine-run.ts exited with ${code}`)
  return JSON.parse(fs.readFileSync(out, 'utf8')) as EngineFigures
}

let engines: EngineFigures[]
try {
  engines = [await runEngine('sqlite', undefined), await runEngine('postgres', databaseUrl(connectionConfig().database!))]
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}

const columns = engines.flatMap((e) => e.configurations.map((c) => ({ engine: e, c })))
const f1 = (n: number) => n.toFixed(1)
const pair = (q: { p50: number; p99: number }) => `${f1(q.p50)} / ${f1(q.p99)}`
const row = (label: string, cell: (c: ConfigurationFigures) => string) => console.log(`| ${label} | ${columns.map(({ c }) => cell(c)).join(' | ')} |`)

const first = engines[0].configurations[0]
console.log(`\n${os.cpus().length} CPUs (${os.cpus()[0].model}), load average ${f1(loadAtStart[0])} at the start; ${new Date().toISOString().slice(0, 10)}, ${Math.round((Date.now() - started) / 1000)} s in all`)
console.log(engines.map((e) => e.version).join('; '))
console.log(
  `Saving: ${JURORS} jurors saving at once, ${first.saves / JURORS} rounds after a warm-up round (${first.saves} saves per configuration). ` +
    `Scoring page: ${CONNECTIONS} connections in all, ${SECONDS} s (autocannon), as a signed-in juror gets it (always rendered).\n`,
)
console.log(`| | ${columns.map(({ engine, c }) => `${engine.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${c.instances === 1 ? '1 instance' : `${c.instances} instances`}`).join(' | ')} |`)
console.log(`|---|${columns.map(() => '---:').join('|')}|`)
row('score save on the server, wall p50 / p99 ms (Server-Timing «save»)', (c) => pair(c.save))
row('the whole save action, wall p50 / p99 ms (Server-Timing «action»)', (c) => pair(c.action))
row(`save, HTTP round trip p50 / p99 ms (${JURORS} at once)`, (c) => pair(c.http))
row(`saves per second (${JURORS} at once, round after round)`, (c) => c.savesPerSecond.toFixed(0))
row('scoring page, req/s', (c) => c.page.rps.toFixed(0))
row('scoring page, latency p50 / p99 ms (the worse instance)', (c) => `${c.page.p50} / ${c.page.p99}`)
row('scoring page, CPU ms per request: the app’s processes + PostgreSQL’s', (c) => {
  const { app, database } = c.page.cpuPerRequest
  return database === undefined ? app.toFixed(2) : `${app.toFixed(2)} + ${database.toFixed(2)}`
})
row('rate limits counted in', (c) => c.rateLimitStore)
row('load average (1 min) before the saves → after the page', (c) => `${f1(c.load.before)} → ${f1(c.load.after)}`)

