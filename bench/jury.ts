/**
 * Jury scoring under load, on the production server with a fresh database (the scenario and its
 * measuring are bench/jury-load.ts's, shared with bench/engines.ts).
 *
 * 1. Saving a score with 50 jurors saving at once: rounds in which all 50 post at the same moment.
 *    From the save action's Server-Timing header: «save» is the save itself (validation, the
 *    transaction, finding the next entry) in wall time, «cpu» the CPU time the process used meanwhile,
 *    «action» the whole action from its start (sign-in check, reading the body) to the redirect, which
 *    also counts other requests running while it waits for its body. For context, the HTTP round trip
 *    adds the wait behind the other 49 requests.
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
import os from 'node:os'
import { startServer } from '../tests/setup/server'
import { juryScene, measurePage, noTimings, percentile, processCpu, saveRound, signIn, type PageLoad } from './jury-load'

const JURORS = Number(process.env.BENCH_JURORS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)

execSync('npm run build', { stdio: 'ignore' })
// The page cache as in production (PAGE_CACHE_SECONDS defaults to 5).
const PAGE_CACHE_SECONDS = process.env.PAGE_CACHE_SECONDS ?? '5'
// BENCH=1 switches on the /hello baseline route and the save action's Server-Timing.
const server = await startServer({ BENCH: '1', RATE_LIMIT_POST: '1000000', PAGE_CACHE_SECONDS })

try {
  const scene = await juryScene(server.dbPath, JURORS)
  const clients = await signIn(server.url, scene.jurorEmails)

  // Warm-up round: the first requests compile the route and fill SQLite's cache.
  await saveRound(clients, scene, 0)
  const timings = noTimings()
  const loadBefore = os.loadavg()[0]
  for (let round = 1; round <= ROUNDS; round++) await saveRound(clients, scene, round, timings)

  const page = `/jury/stages/${scene.stageId}/entries/${scene.yard[0].id}`
  // A browser's cookie after following the save's redirect: the one-time message is gone by then.
  const cookie = `session=${clients[0].cookies.get('session')}`
  const check = await fetch(server.url + page, { headers: { cookie } })
  if (check.status !== 200) throw new Error(`scoring page answered ${check.status}`)

  const measure = (path: string, headers: Record<string, string> = {}) =>
    measurePage({ urls: [server.url], path, headers, connections: CONNECTIONS, duration: DURATION, cpu: { server: processCpu([server.pid]) } })
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
  console.log(`\nSaving a score: ${JURORS} jurors saving at once, ${ROUNDS} rounds (${timings.save.length} saves), queues of ${scene.queueLength} entries\n`)
  console.log('| measure | p50 ms | p99 ms | max ms |')
  console.log('|---|---:|---:|---:|')
  row('the save on the server, wall time (Server-Timing «save»)', timings.save)
  row('the save on the server, CPU time (Server-Timing «cpu»)', timings.cpu)
  row('the whole save action, wall time (Server-Timing «action»)', timings.action)
  row('HTTP round trip, 50 requests at once', timings.http)
  console.log(`\nScoring page against /hello: ${CONNECTIONS} connections, ${DURATION} s each (autocannon), page cache ${PAGE_CACHE_SECONDS} s\n`)
  console.log('| route | req/s | p50 ms | p99 ms | server CPU ms per request | ratio to /hello by req/s | by CPU |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  console.log(`| /hello | ${hello.rps.toFixed(0)} | ${hello.p50} | ${hello.p99} | ${hello.cpuPerRequest.server.toFixed(2)} | 1.00 | 1.00 |`)
  const pageRow = (label: string, m: PageLoad) =>
    console.log(
      `| ${label} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.cpuPerRequest.server.toFixed(2)} | ${(m.rps / hello.rps).toFixed(2)} | ${(hello.cpuPerRequest.server / m.cpuPerRequest.server).toFixed(2)} |`,
    )
  pageRow('scoring page, a juror coming back to it', scoring)
  pageRow('scoring page, rendered every time (as after a save)', rendered)
  pageRow('scoring page’s route data (`.data`, what the browser asks for after a save with JavaScript on)', routeData)
  const saveOk = percentile(timings.save, 99) < 30
  const pageOk = scoring.rps / hello.rps >= 0.5
  console.log(`\nTargets: save p99 < 30 ms on the server — ${saveOk ? 'met' : 'NOT met'}; scoring page ≥ 0.5 of /hello by req/s — ${pageOk ? 'met' : 'NOT met'}`)
} finally {
  await server.stop()
}
