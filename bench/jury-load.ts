/**
 * The jury's load scenario and its measuring, shared by bench/jury.ts (one server, SQLite) and
 * bench/engines.ts (SQLite and PostgreSQL, one instance and two):
 *
 * - `juryScene`: a contest in judging at Kemerovo's scale (150 entries in each of two nominations, so
 *   a juror's queue is 300 entries) and `JURORS` jurors assigned to both, written straight into the
 *   server's database; `signIn` logs each juror in over HTTP.
 * - `saveRound`: every juror posts a score at the same moment; the save action's Server-Timing header
 *   (BENCH=1) gives «save» (validation, the transaction, finding the next entry: wall time from the
 *   body read to the redirect), «cpu» (the process's CPU time meanwhile) and «action» (the whole
 *   action, which also counts other requests running while it waits for its body); the HTTP round
 *   trip adds the wait behind the other requests.
 * - `measurePage`: requests per second of one path with autocannon, against one server or several
 *   at once (the connections split over them, one autocannon run per server in parallel, their rates
 *   summed), with the CPU time per request of the processes a `CpuMeter` reads from /proc.
 */
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import autocannon from 'autocannon'
import { closeDatabase, openDatabase } from '../db/client.server'
import { judgingContest, loggedIn, makeJuror } from '../tests/factories-jury'
import { Client } from '../tests/setup/server'

export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

export type JuryScene = {
  stageId: number
  /** The entries of the first nomination, which the jurors score in turn. */
  yard: { id: number }[]
  /** Both nominations' entries: a juror's queue. */
  queueLength: number
  criteria: { id: number }[]
  jurorEmails: string[]
}

/** The contest in judging and `jurors` jurors, written into the database `target` (a SQLite file or a PostgreSQL URL). */
export async function juryScene(target: string, jurors: number): Promise<JuryScene> {
  const db = openDatabase(target)
  try {
    // Kemerovo's scale: a juror's queue of a few hundred entries.
    const scene = await judgingContest(db, { perNomination: 150, prefix: 'БН' })
    const jurorEmails: string[] = []
    for (let i = 0; i < jurors; i++) {
      const juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id], fullName: `Нагрузкин Член ${i}` })
      jurorEmails.push(juror.email!)
    }
    return {
      stageId: scene.stage.id,
      yard: scene.entries.filter((e) => e.nominationId === scene.yard.id),
      queueLength: scene.entries.length,
      criteria: scene.criteria,
      jurorEmails,
    }
  } finally {
    await closeDatabase(db)
  }
}

/** Each juror signed in at `url` (sessions live in the database: `onServer` carries one to another instance). */
export async function signIn(url: string, emails: string[]) {
  const clients: Client[] = []
  for (const email of emails) clients.push(await loggedIn(url, email))
  return clients
}

/** The same signed-in browser, sending its requests to another server. */
export function onServer(client: Client, url: string) {
  const moved = new Client(url)
  moved.cookies = new Map(client.cookies)
  return moved
}

export type SaveTimings = { save: number[]; cpu: number[]; action: number[]; http: number[]; roundsMs: number[] }

export const noTimings = (): SaveTimings => ({ save: [], cpu: [], action: [], http: [], roundsMs: [] })

/**
 * One round: every client saves a score at once, juror i on entry (i + round) of the yard nomination,
 * so a new round (a round number not used before) inserts new evaluations. Timings go to `timings`
 * (pass none for a warm-up round). Juror i posts from an address of their own, 10.0.x.y in
 * X-Forwarded-For, as jurors at home would: a server that trusts a proxy (TRUST_PROXY=1) counts each
 * in a rate-limit row of their own instead of all of them in 127.0.0.1's.
 */
export async function saveRound(clients: Client[], scene: JuryScene, round: number, timings: SaveTimings = noTimings()) {
  const [aesthetics, care] = scene.criteria
  const save = async (client: Client, jurorIndex: number) => {
    const entry = scene.yard[(jurorIndex + round) % scene.yard.length]
    const started = performance.now()
    const res = await client.post(`/jury/stages/${scene.stageId}/entries/${entry.id}`, {
      intent: 'score',
      [`c${aesthetics.id}`]: String((jurorIndex + round) % 11),
      [`c${care.id}`]: String(round % 6),
      comment: `Раунд ${round}`,
    }, { 'x-forwarded-for': `10.0.${Math.floor(jurorIndex / 250)}.${(jurorIndex % 250) + 1}` })
    timings.http.push(performance.now() - started)
    if (res.status !== 302) throw new Error(`save answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
    const header = res.headers.get('server-timing') ?? ''
    for (const name of ['save', 'cpu', 'action'] as const) timings[name].push(Number(new RegExp(`${name};dur=([\\d.]+)`).exec(header)![1]))
  }
  const started = performance.now()
  await Promise.all(clients.map(save))
  timings.roundsMs.push(performance.now() - started)
  return timings
}

/** Cumulative CPU time (ms) of each process measured, by pid. */
export type CpuMeter = () => Promise<Map<number, number>>

const TICK_MS = 1000 / Number(execSync('getconf CLK_TCK').toString().trim())

/** User and system CPU time of a process so far, in ms (0 when it has ended). */
export function cpuMs(pid: number) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS
  } catch {
    return 0
  }
}

/** The CPU time of these processes (the servers'). */
export const processCpu =
  (pids: number[]): CpuMeter =>
  async () =>
    new Map(pids.map((pid) => [pid, cpuMs(pid)]))

/** `cpuPerRequest`: CPU ms per request of each group of processes measured, by the name it was given. */
export type PageLoad = { rps: number; p50: number; p99: number; requests: number; cpuPerRequest: Record<string, number> }

/**
 * Requests per second of `path` on the servers at `urls`: `connections` in all, split over them, for
 * `duration` seconds after 2 s of warm-up; with several servers, one autocannon run per server side by
 * side, their rates summed and the worse of their latencies kept. Any non-2xx answer or error fails.
 * `cpu` names groups of processes whose CPU time per request is wanted (the servers, the database's).
 */
export async function measurePage(options: {
  urls: string[]
  path: string
  headers?: Record<string, string>
  connections: number
  duration: number
  cpu?: Record<string, CpuMeter>
}): Promise<PageLoad> {
  const { urls, path, headers = {}, duration, cpu = {} } = options
  const connections = Math.max(1, Math.round(options.connections / urls.length))
  const run = (seconds: number) => Promise.all(urls.map((url) => autocannon({ url: url + path, connections, duration: seconds, headers })))
  await run(2)
  const readCpu = async () => new Map(await Promise.all(Object.entries(cpu).map(async ([name, meter]) => [name, await meter()] as const)))
  const before = await readCpu()
  const results = await run(duration)
  const after = await readCpu()
  for (const r of results) if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.url}: ${r.non2xx} non-2xx, ${r.errors} errors`)
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0)
  const cpuPerRequest: Record<string, number> = {}
  for (const [name, times] of after) {
    // A process that started during the run counts from zero; one that ended is lost (its time reads 0).
    let used = 0
    for (const [pid, ms] of times) used += Math.max(0, ms - (before.get(name)!.get(pid) ?? 0))
    cpuPerRequest[name] = used / requests
  }
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    cpuPerRequest,
  }
}
