/**
 * Photo uploads through the queue (docs/decisions/020-photo-processing-queue.md), at the city's sizes:
 * 50 residents each send 3 phone photos of 8 MB (12 MP) at the same time, one file per request as the
 * page with JavaScript sends them, to the real production server (builds first). Run twice, side by
 * side: with the photo worker inside the web process (the default), and with PHOTO_WORKER=off and
 * `node build/worker.js` as a process of its own. Printed for each: the upload request's p50/p99, the
 * photos accepted per second (answers) and processed per second (variants made, from the first
 * request to the last job), a light page's latency (/hello) while the photos are processed, and the
 * peak memory of each process.
 * Run: npx tsx bench/photo-queue.ts   (BENCH_RESIDENTS, BENCH_PHOTOS to change the sizes)
 */
import { schema } from '../db/client.server'
import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { count, eq } from 'drizzle-orm'
import { closeServerDb, multipart, photoJobsDone, seededContest, serverDb } from '../tests/factories-entries'
import { Client, startPhotoWorker, startServer, type TestServer, type TestWorker } from '../tests/setup/server'
import { eightMegabyteJpeg, PHOTO_BYTES } from './phone-photo'

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 50)
const PHOTOS_EACH = Number(process.env.BENCH_PHOTOS ?? 3)

type Mode = 'web' | 'worker'

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}

async function peakMemory(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024
}

/** The environment `npm run serve` and `npm run worker` give their processes (MALLOC_ARENA_MAX above all), read from package.json. */
function scriptEnvironment(): Record<string, string> {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
  return Object.fromEntries([...scripts.serve.matchAll(/\b([A-Z][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]]))
}

async function run(mode: Mode, photos: string[]) {
  const env = { ...scriptEnvironment(), BENCH: '1', RATE_LIMIT_POST: '100000', ...(mode === 'worker' ? { PHOTO_WORKER: 'off' } : {}) }
  const server: TestServer = await startServer(env)
  let worker: TestWorker | undefined
  try {
    if (mode === 'worker') worker = await startPhotoWorker(server)
    const db = serverDb(server)
    const { contest } = await seededContest(db, 'snezhnyj-kalejdoskop')
    const residents = await Promise.all(
      Array.from({ length: RESIDENTS }, async (_, i) => {
        const client = new Client(server.url)
        const res = await client.post('/register', { fullName: 'Нагрузкина Ольга Петровна', email: `queue-bench${i}@example.ru`, password: 'Skvorec2027' })
        if (res.status !== 302) throw new Error(`registration ${i}: ${res.status}`)
        return client
      }),
    )
    const upload = (client: Client, n: number) =>
      client.post(`/resources/photos/upload?contest=${contest.id}`, multipart({}, [{ name: `photo-${n}.jpg`, file: photos[n % photos.length], type: 'image/jpeg' }], 'photo'))
    // One photo through first, so that sharp and the pages are loaded before measuring.
    if ((await upload(residents[0], 0)).status !== 200) throw new Error('warm-up upload failed')
    await photoJobsDone(server)
    for (const pid of [server.pid, worker?.pid]) if (pid) await writeFile(`/proc/${pid}/clear_refs`, '5')
    const before = (await db.select({ n: count() }).from(schema.photo).where(eq(schema.photo.status, 'ready')))[0].n

    // A light page asked every 100 ms throughout: how the web process answers while photos are processed.
    const probes: { at: number; ms: number }[] = []
    let probing = true
    const probe = (async () => {
      const guest = new Client(server.url)
      while (probing) {
        const t = performance.now()
        await (await guest.get('/hello')).text()
        probes.push({ at: t, ms: performance.now() - t })
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })().catch((error: unknown) => {
      probing = false
      return error
    })

    const latencies: number[] = []
    const start = performance.now()
    await Promise.all(
      residents.map(async (client) => {
        for (let n = 0; n < PHOTOS_EACH; n++) {
          const t = performance.now()
          const res = await upload(client, n)
          latencies.push(performance.now() - t)
          if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`)
        }
      }),
    )
    const acceptedAt = performance.now()
    // Up to 20 minutes: a photo takes about a second on one core.
    await photoJobsDone(server, 24_000)
    const processedAt = performance.now()
    probing = false
    const probeError = await probe
    if (probeError) throw probeError

    const photosSent = RESIDENTS * PHOTOS_EACH
    const ready = (await db.select({ n: count() }).from(schema.photo).where(eq(schema.photo.status, 'ready')))[0].n - before
    if (ready !== photosSent) throw new Error(`${photosSent} photos sent, ${ready} ready`)
    const whileProcessing = probes.filter((p) => p.at >= acceptedAt).map((p) => p.ms)
    const whileUploading = probes.filter((p) => p.at >= start && p.at < acceptedAt).map((p) => p.ms)
    return {
      photos: photosSent,
      upload: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
      acceptedSeconds: (acceptedAt - start) / 1000,
      processedSeconds: (processedAt - start) / 1000,
      pageWhileUploading: { p50: quantile(whileUploading, 0.5), p99: quantile(whileUploading, 0.99) },
      pageWhileProcessing: { p50: quantile(whileProcessing, 0.5), p99: quantile(whileProcessing, 0.99), samples: whileProcessing.length },
      webPeak: await peakMemory(server.pid),
      workerPeak: worker ? await peakMemory(worker.pid) : null,
    }
  } catch (error) {
    console.error(`The ${mode} run failed; the server said:\n${server.output().slice(-3000)}\n${worker?.output().slice(-2000) ?? ''}`)
    throw error
  } finally {
    await worker?.kill('SIGTERM')
    await closeServerDb(server)
    await server.stop()
  }
}

execSync('npm run build', { stdio: 'ignore' })
const photos = await Promise.all(Array.from({ length: PHOTOS_EACH }, (_, i) => eightMegabyteJpeg(i)))
console.log(
  `Photo queue benchmark: ${os.availableParallelism()} CPUs, Node ${process.version}, the load generator on the same machine; ` +
    `${RESIDENTS} residents × ${PHOTOS_EACH} photos of ${(PHOTO_BYTES / 1024 / 1024).toFixed(0)} MB (12 MP), sent at once, one file per request\n`,
)
const web = await run('web', photos)
const separate = await run('worker', photos)

const ms = (n: number) => n.toFixed(0)
const rows: [string, (r: typeof web) => string][] = [
  ['upload request, p50 / p99 ms', (r) => `${ms(r.upload.p50)} / ${ms(r.upload.p99)}`],
  ['photos accepted per second (all answered)', (r) => `${(r.photos / r.acceptedSeconds).toFixed(1)} (${r.acceptedSeconds.toFixed(1)} s)`],
  ['photos processed per second (last variants made)', (r) => `${(r.photos / r.processedSeconds).toFixed(2)} (${r.processedSeconds.toFixed(1)} s)`],
  ['/hello while uploads arrive, p50 / p99 ms', (r) => `${ms(r.pageWhileUploading.p50)} / ${ms(r.pageWhileUploading.p99)}`],
  ['/hello while photos are processed, p50 / p99 ms', (r) => `${ms(r.pageWhileProcessing.p50)} / ${ms(r.pageWhileProcessing.p99)}`],
  ['peak RSS, web process / worker process, MB', (r) => `${ms(r.webPeak)} / ${r.workerPeak === null ? '—' : ms(r.workerPeak)}`],
]
console.log('| | worker in the web process (default) | separate worker process (PHOTO_WORKER=off + npm run worker) |')
console.log('|---|---:|---:|')
for (const [name, cell] of rows) console.log(`| ${name} | ${cell(web)} | ${cell(separate)} |`)
