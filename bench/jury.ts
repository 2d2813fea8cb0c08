/**
 * Jury scoring under load, on the production server with a fresh database.
 *
 * 1. Saving a score with 50 jurors saving at once: rounds in which all 50 post at the same moment.
 *    From the save action's Server-Timing header: «save» is the save itself (validation, the
 *    transaction, finding the next entry; synchronous, so no other request runs inside it) in wall
 *    time, «cpu» the CPU time it used, «action» the whole action from its start (sign-in check,
 *    reading the body) to the redirect, which also counts other requests running while it waits
 *    for its body. For context, the HTTP round trip adds the wait behind the other 49 requests.
 * 2. Requests per second of the scoring page against /hello (autocannon, as bench/http.ts), and the
 *    server process's CPU time per request of each (from /proc), whose ratio is what the req/s ratio
 *    would be on an otherwise idle machine: on a shared one, wall-clock figures swing with its load.
 *    The page three ways: as a juror gets it on coming back to it (rendered: signed-in people's pages
 *    are not cached, docs/decisions/011); rendered for every request with another cookie too, as right
 *    after a save without JavaScript; and its route data, which is all a browser with JavaScript asks
 *    for after a save.
 *
 * Run: npx tsx bench/jury.ts   (builds first). Targets: save p99 < 30 ms on the server; page ≥ 0.5 of /hello.
 */
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import autocannon from 'autocannon'
import { closeDatabase, openDatabase } from '../db/client.server'
import { judgingContest, loggedIn, makeJuror } from '../tests/factories-jury'
import { startServer, type Client } from '../tests/setup/server'

const JURORS = Number(process.env.BENCH_JURORS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)

execSync('npm run build', { stdio: 'ignore' })
// The page cache as in production (PAGE_CACHE_SECONDS defaults to 5).
const PAGE_CACHE_SECONDS = process.env.PAGE_CACHE_SECONDS ?? '5'
// BENCH=1 switches on the /hello baseline route and the save action's Server-Timing.
const server = await startServer({ BENCH: '1', RATE_LIMIT_POST: '1000000', PAGE_CACHE_SECONDS })

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** The test server's process: the one whose environment names its database file. */
function serverPid() {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`DATABASE_PATH=${server.dbPath}`)) return pid
    } catch {
      // A process that ended meanwhile, or not ours to read.
    }
  }
  throw new Error('server process not found')
}

const TICK_MS = 1000 / Number(execSync('getconf CLK_TCK').toString().trim())

/** User and system CPU time of the process so far, in ms. */
function cpuMs(pid: string) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

try {
  const db = openDatabase(server.dbPath)
  // Kemerovo's scale: a juror's queue of a few hundred entries.
  const scene = await judgingContest(db, { perNomination: 150, prefix: 'БН' })
  const jurors = []
  for (let i = 0; i < JURORS; i++) {
    jurors.push(await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id], fullName: `Нагрузкин Член ${i}` }))
  }
  await closeDatabase(db)
  const clients: Client[] = []
  for (const j of jurors) clients.push(await loggedIn(server.url, j.email!))
  const yard = scene.entries.filter((e) => e.nominationId === scene.yard.id)
  const [aesthetics, care] = scene.criteria
  const pid = serverPid()

  const timings = { save: [] as number[], cpu: [] as number[], action: [] as number[], http: [] as number[] }
  const save = async (jurorIndex: number, round: number) => {
    const entry = yard[(jurorIndex + round) % yard.length]
    const started = performance.now()
    const res = await clients[jurorIndex].post(`/jury/stages/${scene.stage.id}/entries/${entry.id}`, {
      intent: 'score',
      [`c${aesthetics.id}`]: String((jurorIndex + round) % 11),
      [`c${care.id}`]: String(round % 6),
      comment: `Раунд ${round}`,
    })
    timings.http.push(performance.now() - started)
    if (res.status !== 302) throw new Error(`save answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
    const header = res.headers.get('server-timing') ?? ''
    for (const name of ['save', 'cpu', 'action'] as const) timings[name].push(Number(new RegExp(`${name};dur=([\\d.]+)`).exec(header)![1]))
  }
  // Warm-up round: the first requests compile the route and fill SQLite's cache.
  await Promise.all(clients.map((_, i) => save(i, 0)))
  for (const list of Object.values(timings)) list.length = 0
  const loadBefore = os.loadavg()[0]
  for (let round = 1; round <= ROUNDS; round++) await Promise.all(clients.map((_, i) => save(i, round)))

  const page = `/jury/stages/${scene.stage.id}/entries/${yard[0].id}`
  // A browser's cookie after following the save's redirect: the one-time message is gone by then.
  const cookie = `session=${clients[0].cookies.get('session')}`
  const check = await fetch(server.url + page, { headers: { cookie } })
  if (check.status !== 200) throw new Error(`scoring page answered ${check.status}`)

  async function measure(path: string, headers: Record<string, string> = {}) {
    await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: 2, headers })
    const cpuBefore = cpuMs(pid)
    const result = await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: DURATION, headers })
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu: (cpuMs(pid) - cpuBefore) / result.requests.total }
  }
  const hello = await measure('/hello')
  const scoring = await measure(page, { cookie })
  // The page with the one-time message's cookie too, as right after a save.
  const rendered = await measure(page, { cookie: `${cookie}; render=1` })
  // With JavaScript on, the browser follows a save's redirect by asking for the route data alone.
  const routeData = await measure(`${page}.data`, { cookie })
  const loadAfter = os.loadavg()[0]

  const f = (n: number) => n.toFixed(1)
  const row = (label: string, values: number[]) =>
    console.log(`| ${label} | ${f(percentile(values, 50))} | ${f(percentile(values, 99))} | ${f(Math.max(...values))} |`)
  console.log(`\n${os.cpus().length} CPUs, load average ${f(loadBefore)} before and ${f(loadAfter)} after the run`)
  console.log(`\nSaving a score: ${JURORS} jurors saving at once, ${ROUNDS} rounds (${timings.save.length} saves), queues of ${yard.length * 2} entries\n`)
  console.log('| measure | p50 ms | p99 ms | max ms |')
  console.log('|---|---:|---:|---:|')
  row('the save on the server, wall time (Server-Timing «save»)', timings.save)
  row('the save on the server, CPU time (Server-Timing «cpu»)', timings.cpu)
  row('the whole save action, wall time (Server-Timing «action»)', timings.action)
  row('HTTP round trip, 50 requests at once', timings.http)
  console.log(`\nScoring page against /hello: ${CONNECTIONS} connections, ${DURATION} s each (autocannon), page cache ${PAGE_CACHE_SECONDS} s\n`)
  console.log('| route | req/s | p50 ms | p99 ms | server CPU ms per request | ratio to /hello by req/s | by CPU |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  console.log(`| /hello | ${hello.rps.toFixed(0)} | ${hello.p50} | ${hello.p99} | ${hello.cpu.toFixed(2)} | 1.00 | 1.00 |`)
  const pageRow = (label: string, m: typeof hello) =>
    console.log(`| ${label} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.cpu.toFixed(2)} | ${(m.rps / hello.rps).toFixed(2)} | ${(hello.cpu / m.cpu).toFixed(2)} |`)
  pageRow('scoring page, a juror coming back to it', scoring)
  pageRow('scoring page, rendered every time (as after a save)', rendered)
  pageRow('scoring page’s route data (`.data`, what the browser asks for after a save with JavaScript on)', routeData)
  const saveOk = percentile(timings.save, 99) < 30
  const pageOk = scoring.rps / hello.rps >= 0.5
  console.log(`\nTargets: save p99 < 30 ms on the server — ${saveOk ? 'met' : 'NOT met'}; scoring page ≥ 0.5 of /hello by req/s — ${pageOk ? 'met' : 'NOT met'}`)
} finally {
  await server.stop()
}
