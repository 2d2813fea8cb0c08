/**
 * The organiser's pages and the juror's scoring page at the city's scale (issue #13, item 5): a
 * contest with 618 entries and 10 jurors (tests/factories-scale.ts, through the tests' factories), each
 * page asked of the built app in this process (the request handler of build/server, as the server
 * runs it, without HTTP), its server CPU (process.cpuUsage around the loader and the render, to the
 * last byte of the HTML) and the size of its HTML, median of several runs after WARMUP requests.
 *
 *   npm run build && npx tsx bench/organiser-scale.ts
 *
 * Then the same pages over HTTP from the built server (`node build/server.js` on the same database, as
 * `npm run serve` runs it): the server process's CPU time per request (from /proc), mean of sequential
 * requests, which adds express, compression, the security headers and the session's cookie to the above.
 *
 * Targets: each organiser page ≤ 150 ms of CPU and ≤ 300 KB of HTML; the scoring page with a queue of
 * 505 entries ≤ 10 ms of CPU.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkout, type Running } from './checkout'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-scale-'))
Object.assign(process.env, {
  NODE_ENV: 'production',
  DATABASE_PATH: path.join(work, 'app.db'),
  UPLOADS_DIR: path.join(work, 'uploads'),
  COOKIE_SECURE: 'false',
  PAGE_CACHE_SECONDS: '0',
})

const RUNS = 21
// Requests before the measured ones, in process and over HTTP alike: V8 compiles the render's hot code
// only after it has run a few dozen times (the scoring page costs 12–48 ms of CPU in its first 20 views
// after a start, about 5 ms from the hundredth on), and a server that has served a juror's evening is
// past that. BENCH_WARMUP=2 shows the pages as they were measured before.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50)
const { getDb } = await import('../db/client.server')
const { cityScaleContest } = await import('../tests/factories-scale')
const { sessionCookie } = await import('../tests/setup/in-process')
const { createRequestHandler } = await import('@remix-run/node')
const { cpuMs } = await import('./jury-load')
const build = (await import(path.resolve('build/server/index.js'))) as Parameters<typeof createRequestHandler>[0]
const handle = createRequestHandler(build, 'production')

const started = performance.now()
const scene = await cityScaleContest(getDb())
console.log(`Contest: ${scene.entries.length} entries, ${scene.jurors.length} jurors, built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
const organiser = await sessionCookie(scene.organiser.id)
const juror = await sessionCookie(scene.jurors[0].id)
const accepted = scene.entries.filter((e) => e.status === 'accepted')

async function measure(url: string, cookie: string) {
  const ask = async () => {
    const before = process.cpuUsage()
    const res = await handle(new Request(`http://konkurs.bench${url}`, { headers: { cookie } }), { cspNonce: 'bench', receivedAt: performance.now() })
    const html = await res.text()
    const used = process.cpuUsage(before)
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${html.slice(0, 300)}`)
    return { ms: (used.user + used.system) / 1000, bytes: Buffer.byteLength(html) }
  }
  for (let i = 0; i < WARMUP; i++) await ask()
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await ask())
  const times = runs.map((r) => r.ms).sort((a, b) => a - b)
  return { ms: times[Math.floor(RUNS / 2)], bytes: runs[0].bytes }
}

const base = `/organiser/contests/${scene.contest.id}`
const pages: [string, string, string, number][] = [
  ['moderation, accepted (505)', `${base}/moderation?status=accepted`, organiser, 150],
  ['moderation, submitted (80)', `${base}/moderation`, organiser, 150],
  ['results', `${base}/results`, organiser, 150],
  ['progress dashboard', `${base}/progress`, organiser, 150],
  [`scoring page, queue of ${accepted.length}`, `/jury/stages/${scene.stage.id}/entries/${accepted[200].id}`, juror, 10],
]
const HTTP_RUNS = 40
async function overHttp(server: Running, url: string, cookie: string) {
  const ask = async () => {
    const res = await fetch(server.url + url, { headers: { cookie, 'accept-encoding': 'gzip' } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${url} answered ${res.status} over HTTP`)
  }
  for (let i = 0; i < WARMUP; i++) await ask()
  const before = cpuMs(server.pid)
  for (let i = 0; i < HTTP_RUNS; i++) await ask()
  return (cpuMs(server.pid) - before) / HTTP_RUNS
}

const KB = 1024
// The built server, started as `npm run serve` starts it (bench/checkout.ts), on the same database.
const app = checkout('.')
const server = await app.start({ DATABASE_PATH: process.env.DATABASE_PATH!, UPLOADS_DIR: process.env.UPLOADS_DIR!, SEED_DEMO: 'false', RATE_LIMIT_AUTH: '100000', RATE_LIMIT_POST: '100000' })
try {
  console.log(`\n| page | server CPU, in process (median of ${RUNS}) | server CPU, over HTTP (mean of ${HTTP_RUNS}) | HTML | target |`)
  console.log('|---|---|---|---|---|')
  for (const [name, url, cookie, target] of pages) {
    const { ms, bytes } = await measure(url, cookie)
    const http = await overHttp(server, url, cookie)
    const sizeOk = target === 10 || bytes <= 300 * KB
    const verdict = ms <= target && http <= target && sizeOk ? 'met' : 'NOT met'
    console.log(`| ${name} | ${ms.toFixed(1)} ms | ${http.toFixed(1)} ms | ${(bytes / KB).toFixed(0)} KB | ≤ ${target} ms${target === 10 ? '' : ', ≤ 300 KB'}: ${verdict} |`)
  }
} finally {
  await app.stop(server)
  app.remove()
  fs.rmSync(work, { recursive: true, force: true })
}
