/**
 * How the web process answers a light page (/hello) while five iPhone HEIC photos are decoded
 * (issue #15 item 5): the photos are sent at once by the demo resident, one per request as the page
 * with JavaScript sends them, while a guest asks for /hello every 20 ms until every photo is processed.
 * Printed: /hello p50 / p99 / max over that window, its length and the server's peak memory.
 *
 * Before and after: run it here (HEIC decoded on a thread of its own, made by the photo queue) and with
 * --dir on a checkout from before that change, e.g.
 *   git worktree add /tmp/before 9c5a121~1 && cp -al node_modules /tmp/before/ && (cd /tmp/before && npm run build)
 *   npx tsx bench/heic-latency.ts --dir /tmp/before
 * Run: npm run build && npx tsx bench/heic-latency.ts [--dir <checkout>]. Needs the HEIC photos of
 * ../shared/fixtures (FIXTURES_DIR); without them it says so and stops (sharp cannot write HEIC to make some).
 */
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { multipart } from '../tests/factories-entries'
import { fixturePath, fixturesAvailable } from '../tests/setup/fixtures'
import { Client, DEMO } from '../tests/setup/server'
import { checkout } from './checkout'

const PHOTOS = 5
const PROBE_EVERY_MS = 20

const formats = fixturePath('images/formats')
const heic = fixturesAvailable('images/formats') ? fs.readdirSync(formats).filter((f) => f.endsWith('.heic')).sort() : []
if (heic.length === 0) {
  console.log(`No HEIC photos in ${formats} (FIXTURES_DIR): nothing to measure.`)
  process.exit(0)
}

const { values } = parseArgs({ options: { dir: { type: 'string', default: '.' } } })
const app = checkout(values.dir!)
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

try {
  const server = await app.start({ BENCH: '1', RATE_LIMIT_POST: '100000' })
  try {
    const db = new Database(path.join(app.work, 'app.db'), { readonly: true })
    const contestId = db.prepare<[], number>("select id from contest where status = 'accepting' order by id limit 1").pluck().get()
    if (contestId === undefined) throw new Error('No contest accepting entries in the demo')
    // Before the queue, photos were made in the upload request: none is ever left processing.
    const processing = () => db.prepare<[], number>("select count(*) from photo where status = 'processing'").pluck().get()!

    const resident = new Client(server.url)
    await resident.login(DEMO.resident, DEMO.password)
    const upload = (n: number) => {
      const name = heic[n % heic.length]
      return resident.post(
        `/resources/photos/upload?contest=${contestId}`,
        multipart({}, [{ name: `${n}-${name}`, file: path.join(formats, name), type: 'image/heic' }], 'photo'),
      )
    }
    // One photo first, so that sharp, libheif and the pages are loaded before measuring.
    if ((await upload(0)).status !== 200) throw new Error('warm-up upload failed')
    while (processing() > 0) await sleep(100)

    const guest = new Client(server.url)
    const probes: number[] = []
    let probing = true
    const probe = (async () => {
      while (probing) {
        const t = performance.now()
        await (await guest.get('/hello')).text()
        probes.push(performance.now() - t)
        await sleep(PROBE_EVERY_MS)
      }
    })()
    const started = performance.now()
    const answers = await Promise.all(Array.from({ length: PHOTOS }, (_, n) => upload(n)))
    for (const res of answers) if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`)
    while (processing() > 0) await sleep(50)
    const seconds = (performance.now() - started) / 1000
    probing = false
    await probe
    db.close()

    const sorted = probes.sort((a, b) => a - b)
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024
    console.log(`${app.dir} (${execSync('git rev-parse --short HEAD', { cwd: app.dir, encoding: 'utf8' }).trim()}): ${os.availableParallelism()} CPUs, Node ${process.version}; ${PHOTOS} HEIC photos (${heic.join(', ')}) sent at once`)
    console.log(
      `/hello while they are processed (${seconds.toFixed(1)} s, ${sorted.length} requests): ` +
        `p50 ${quantile(sorted, 0.5).toFixed(0)} ms, p99 ${quantile(sorted, 0.99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; peak RSS ${peak.toFixed(0)} MB`,
    )
  } catch (error) {
    console.error(`The server said:\n${server.output().slice(-3000)}`)
    throw error
  } finally {
    await app.stop(server)
  }
} finally {
  app.remove()
}
