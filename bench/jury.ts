/**
 * Jury scoring under load, on the production server with a fresh database:
 * 1. saving a score with 50 jurors saving at once: rounds in which all 50 post at the same moment.
 *    Prints the server's own time for the save (the Server-Timing header of the save action: from the
 *    action's start, sign-in check and form parsing included, to the redirect) and, for context, the
 *    HTTP round trip, which adds the wait behind the other 49 requests in the one Node process.
 * 2. requests per second of the scoring page against /hello (autocannon, as bench/http.ts).
 * Run: npx tsx bench/jury.ts   (builds first). Targets: save p99 < 30 ms on the server; page ratio ≥ 0.5.
 */
import { execSync } from 'node:child_process'
import autocannon from 'autocannon'
import { openDatabase } from '../db/client.server'
import { judgingContest, loggedIn, makeJuror } from '../tests/factories-jury'
import { startServer, type Client } from '../tests/setup/server'

const JURORS = Number(process.env.BENCH_JURORS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)

execSync('npm run build', { stdio: 'ignore' })
const server = await startServer({ RATE_LIMIT_POST: '1000000' })

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

try {
  const db = openDatabase(server.dbPath)
  // Kemerovo's scale: a nomination of a few hundred entries per juror's queue.
  const scene = judgingContest(db, { perNomination: 150, prefix: 'БН' })
  const jurors = Array.from({ length: JURORS }, (_, i) =>
    makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id, scene.balcony.id], fullName: `Нагрузкин Член ${i}` }),
  )
  db.$client.close()
  const clients: Client[] = []
  for (const j of jurors) clients.push(await loggedIn(server.url, j.email!))
  const yard = scene.entries.filter((e) => e.nominationId === scene.yard.id)
  const [aesthetics, care] = scene.criteria

  const serverMs: number[] = []
  const httpMs: number[] = []
  const save = async (jurorIndex: number, round: number) => {
    const entry = yard[(jurorIndex + round) % yard.length]
    const started = performance.now()
    const res = await clients[jurorIndex].post(`/jury/stages/${scene.stage.id}/entries/${entry.id}`, {
      intent: 'score',
      [`c${aesthetics.id}`]: String((jurorIndex + round) % 11),
      [`c${care.id}`]: String(round % 6),
      comment: `Раунд ${round}`,
    })
    httpMs.push(performance.now() - started)
    if (res.status !== 302) throw new Error(`save answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
    serverMs.push(Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')![1]))
  }
  // Warm-up round: the first requests compile the route and fill SQLite's cache.
  await Promise.all(clients.map((_, i) => save(i, 0)))
  serverMs.length = 0
  httpMs.length = 0
  for (let round = 1; round <= ROUNDS; round++) await Promise.all(clients.map((_, i) => save(i, round)))

  const page = `/jury/stages/${scene.stage.id}/entries/${yard[0].id}`
  const cookie = [...clients[0].cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const check = await fetch(server.url + page, { headers: { cookie } })
  if (check.status !== 200) throw new Error(`scoring page answered ${check.status}`)

  async function measure(path: string, headers: Record<string, string> = {}) {
    await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: 2, headers })
    const result = await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: DURATION, headers })
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`)
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
  }
  const hello = await measure('/hello')
  const scoring = await measure(page, { cookie })

  const f = (n: number) => n.toFixed(1)
  console.log(`\nSaving a score: ${JURORS} jurors saving at once, ${ROUNDS} rounds (${serverMs.length} saves), queues of ${yard.length * 2} entries\n`)
  console.log('| measure | p50 ms | p99 ms | max ms |')
  console.log('|---|---:|---:|---:|')
  console.log(`| on the server (Server-Timing of the save action) | ${f(percentile(serverMs, 50))} | ${f(percentile(serverMs, 99))} | ${f(Math.max(...serverMs))} |`)
  console.log(`| HTTP round trip, 50 requests at once | ${f(percentile(httpMs, 50))} | ${f(percentile(httpMs, 99))} | ${f(Math.max(...httpMs))} |`)
  console.log(`\nScoring page against /hello: ${CONNECTIONS} connections, ${DURATION} s each (autocannon)\n`)
  console.log('| route | req/s | p50 ms | p99 ms | ratio to /hello |')
  console.log('|---|---:|---:|---:|---:|')
  console.log(`| /hello | ${hello.rps.toFixed(0)} | ${hello.p50} | ${hello.p99} | 1.00 |`)
  console.log(`| scoring page | ${scoring.rps.toFixed(0)} | ${scoring.p50} | ${scoring.p99} | ${(scoring.rps / hello.rps).toFixed(2)} |`)
  const ok = percentile(serverMs, 99) < 30 && scoring.rps / hello.rps >= 0.5
  console.log(`\nTargets (save p99 < 30 ms on the server, page ratio ≥ 0.5): ${ok ? 'met' : 'NOT met'}`)
} finally {
  await server.stop()
}
