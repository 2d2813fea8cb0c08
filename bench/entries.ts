/**
 * Entries under load, on the real production server (builds first):
 *  1. peak memory (RSS) of the server while 5 residents each send the application form with
 *     5 photos of 8 MB at the same moment, and while its own worker then processes them (target ≤ 400 MB);
 *  2. requests per second of the gallery page of a contest with 618 accepted entries, against the
 *     /hello route of the same server (target ratio ≥ 0.5): for guests with the page cache on (as
 *     deployed), for a signed-in resident (never from the page cache, docs/decisions/011), and for
 *     guests rendered for every request, as after any change.
 * Run: npx tsx bench/entries.ts   (the pipeline against bare sharp: npx tsx bench/photo-pipeline.ts)
 */
import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import autocannon from 'autocannon'
import { eq } from 'drizzle-orm'
import { closeServerDb, makeAcceptedEntries, multipart, photoJobsDone, seededContest, serverDb } from '../tests/factories-entries'
import { eightMegabyteJpeg, PHOTO_BYTES } from './phone-photo'
import { Client, DEMO, startServer, type TestServer } from '../tests/setup/server'
import { firstRow, schema } from '../db/client.server'

const RESIDENTS = 5
const PHOTOS_EACH = 5
const GALLERY_ENTRIES = 618
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)

async function memory(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1])
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

async function uploadPeak(server: TestServer) {
  const photos = await Promise.all(Array.from({ length: PHOTOS_EACH }, (_, i) => eightMegabyteJpeg(i)))
  const sizes = await Promise.all(photos.map(async (p) => (await readFile(p)).length))
  const { contest, nominations } = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  const pid = server.pid
  const started = await memory(pid)
  const residents = await Promise.all(
    Array.from({ length: RESIDENTS }, async (_, i) => {
      const client = new Client(server.url)
      await client.post('/register', { fullName: 'Нагрузкина Ольга Петровна', email: `bench${i}@example.ru`, password: 'Skvorec2027' })
      return client
    }),
  )
  const form = (i: number) =>
    multipart(
      { save: 'submit', nominationId: String(nominations[0].id), title: `Двор ${i}`, 'authors[0].fullName': 'Нагрузкина Ольга Петровна', 'authors[0].age': '40', consent: 'on' },
      photos.map((file, n) => ({ name: `photo-${n}.jpg`, file, type: 'image/jpeg' })),
    )

  // One request first, so sharp, libheif and the pages are loaded before measuring.
  await new Client(server.url).get('/')
  const idle = await memory(pid)
  // Resets VmHWM to the current RSS (Linux), so the peak below belongs to the uploads alone.
  await writeFile(`/proc/${pid}/clear_refs`, '5')
  let sampledPeak = 0
  const sampler = setInterval(() => void memory(pid).then((m) => (sampledPeak = Math.max(sampledPeak, m.rss))), 25)
  const clock = performance.now()
  const results = await Promise.all(residents.map((client, i) => client.post(`/contests/${contest.slug}/apply`, form(i))))
  const seconds = (performance.now() - clock) / 1000
  // The variants are made after the answers, by the server's own worker (docs/decisions/020-…): the peak includes them.
  await photoJobsDone(server)
  clearInterval(sampler)
  const after = await memory(pid)
  const failed = results.filter((r) => r.status !== 302)
  if (failed.length) throw new Error(`${failed.length} uploads failed: ${failed.map((r) => r.status).join(', ')}`)
  return { started: started.rss, idle: idle.rss, peak: Math.max(after.peak, sampledPeak), seconds, megabytes: (RESIDENTS * sizes.reduce((a, b) => a + b, 0)) / 1024 / 1024 }
}

async function rps(server: TestServer, url: string, headers: Record<string, string> = {}) {
  await autocannon({ url: server.url + url, connections: CONNECTIONS, duration: 2, headers })
  const result = await autocannon({ url: server.url + url, connections: CONNECTIONS, duration: DURATION, headers })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

async function galleryRate(server: TestServer) {
  const db = serverDb(server)
  const { contest, nominations } = await seededContest(db, 'luchshij-komitet-tos')
  const owner = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, DEMO.resident))))!
  await makeAcceptedEntries(db, { contestId: contest.id, ownerId: owner.id, nominationIds: nominations.map((n) => n.id), count: GALLERY_ENTRIES })
  const visitor = new Client(server.url)
  await visitor.login(DEMO.resident, DEMO.password)
  // The cookie of a signed-in browser (the welcome message is gone after the first page).
  const session = { cookie: `session=${visitor.cookies.get('session')}` }
  const page = `/contests/${contest.slug}/gallery`
  const hello = await rps(server, '/hello')
  const first = await rps(server, page)
  const filtered = await rps(server, `${page}?nomination=${nominations[1].id}&page=3`)
  const signedIn = await rps(server, page, session)
  // Rendered for every request, as right after any change to the database: a request with any cookie
  // is never served from the page cache.
  const rendered = await rps(server, page, { cookie: 'render=1' })
  return { hello, first, filtered, signedIn, rendered }
}

/**
 * The environment `npm start` gives the server (`npm run serve`: `cross-env NAME=value … node build/server.js`), read from
 * package.json so that the server is measured as it is deployed, whatever the shell running the bench
 * has set: MALLOC_ARENA_MAX, read by glibc when the process starts, changes its memory a lot.
 */
function startEnvironment(): Record<string, string> {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
  const command = scripts.serve
  return Object.fromEntries([...command.matchAll(/\b([A-Z][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]]))
}

execSync('npm run build', { stdio: 'ignore' })
const START_ENV = startEnvironment()
// The guests' page cache, where the server has one, is measured on, as deployed (as in bench/http.ts).
const PAGE_CACHE_SECONDS = process.env.PAGE_CACHE_SECONDS ?? '5'
// BENCH=1 switches on the /hello baseline route.
const server = await startServer({ ...START_ENV, BENCH: '1', RATE_LIMIT_POST: '100000', PAGE_CACHE_SECONDS })
try {
  console.log(`Entries benchmark: ${os.availableParallelism()} CPUs, Node ${process.version}, the load generator on the same machine\n`)
  const upload = await uploadPeak(server)
  console.log(
    `Uploads: ${RESIDENTS} residents × ${PHOTOS_EACH} photos of ${(PHOTO_BYTES / 1024 / 1024).toFixed(0)} MB at once (${upload.megabytes.toFixed(0)} MB) in ${upload.seconds.toFixed(1)} s`,
  )
  console.log(
    `  server RSS: ${upload.started.toFixed(0)} MB after start, ${upload.idle.toFixed(0)} MB before the uploads (after 5 registrations), ` +
      `peak ${upload.peak.toFixed(0)} MB during them (target ≤ 400 MB) ${upload.peak <= 400 ? 'OK' : 'OVER'}`,
  )
  console.log(`  server environment as \`npm start\` sets it: ${Object.entries(START_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}\n`)

  const gallery = await galleryRate(server)
  console.log(`Gallery of ${GALLERY_ENTRIES} accepted entries, 48 a page: ${CONNECTIONS} connections, ${DURATION} s per route (autocannon), PAGE_CACHE_SECONDS=${PAGE_CACHE_SECONDS}\n`)
  console.log('| route | req/s | p50 ms | p99 ms | ratio to /hello |')
  console.log('|---|---:|---:|---:|---:|')
  for (const [name, r] of [
    ['/hello', gallery.hello],
    ['gallery, page 1', gallery.first],
    ['gallery, one nomination, page 3', gallery.filtered],
    ['gallery, page 1, signed-in visitor', gallery.signedIn],
    ['gallery, page 1, rendered for every request (as after any change)', gallery.rendered],
  ] as const) {
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / gallery.hello.rps).toFixed(2)} |`)
  }
  const ratio = gallery.first.rps / gallery.hello.rps
  console.log(`\ngallery / hello: ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'UNDER'}`)
} finally {
  await closeServerDb(server)
  await server.stop()
}
