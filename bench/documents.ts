/**
 * The results engine's time per method (bench/results-engine.ts: 5,000 entries × 30 jurors × 6 criteria),
 * then the time and peak memory of the organiser's ZIP of 1,125 diplomas (the birdhouse contest of 2020:
 * 412 entries by 1,125 residents), streamed exactly as the download route streams it.
 * Targets: engine < 1 s per method; ZIP < 60 s and < 300 MB peak RSS.
 *
 *   npx tsx bench/documents.ts
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { closeDatabase, transaction } from '../db/client.server'

// Its own process: the engine's 900,000 marks would otherwise sit in this one's memory during the ZIP.
spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'results-engine.ts')], { stdio: 'inherit' })

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-bench-'))
// Before the first getDb(): the services open this database.
process.env.DATABASE_PATH = path.join(dir, 'bench.db')

const { getDb } = await import('../db/client.server')
const { scoredContest } = await import('../tests/factories-results')
const { makeUser } = await import('../tests/factories')
const { publishResults } = await import('../app/modules/results/results.server')
const { streamDiplomasZip } = await import('../app/modules/documents/diploma-zip.server')

const DIPLOMAS = 1_125
const ENTRIES = 412
const TARGET_S = 60
const TARGET_MB = 300

const db = getDb()
const organiser = await makeUser(db, { roles: ['organiser'] })
let person = 0
const made = await transaction(db, () =>
  scoredContest(db, {
    nominations: ['Весна в шахтерском крае', 'Экодомик'],
    settings: { title: 'Тепло твоих рук — 2020', shortName: 'Тепло твоих рук', numberPrefix: 'ТТР', placesPerNomination: 47 },
    entries: Array.from({ length: ENTRIES }, (_, i) => ({
      nomination: i % 2,
      totals: [100 - (i % 100), 90 - (i % 90), 80 - (i % 80)],
      authors: Array.from({ length: i < 301 ? 3 : 2 }, () => ({ fullName: `Скворцова Анастасия Владимировна ${++person}` })),
    })),
  }))
const published = await publishResults(organiser.id, made.contest.id, 'mean', 'https://konkurs.kemerovo.ru')
if (published.diplomas !== DIPLOMAS) throw new Error(`expected ${DIPLOMAS} diplomas, got ${published.diplomas}`)

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
const baselineMb = process.memoryUsage().rss / 2 ** 20
let bytes = 0
let files = 0
const start = performance.now()
const zip = await streamDiplomasZip(made.contest.id, 'https://konkurs.kemerovo.ru')
zip.on('entry', () => files++)
await pipeline(
  zip,
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      done()
    },
  }),
)
const seconds = (performance.now() - start) / 1000
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage().rss)
const peakMb = peakRss / 2 ** 20

console.log(`\nZIP of all diplomas: ${files} PDFs (A4, DejaVu subset embedded, QR code), ${(bytes / 2 ** 20).toFixed(1)} MB`)
console.log(`  time        ${seconds.toFixed(1)} s   (${((seconds * 1000) / files).toFixed(1)} ms per diploma)   < ${TARGET_S} s: ${seconds < TARGET_S ? 'yes' : 'NO'}`)
console.log(`  peak RSS    ${peakMb.toFixed(0)} MB   (${baselineMb.toFixed(0)} MB before the ZIP started)   < ${TARGET_MB} MB: ${peakMb < TARGET_MB ? 'yes' : 'NO'}`)

await closeDatabase(db)
fs.rmSync(dir, { recursive: true, force: true })
