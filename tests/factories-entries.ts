/**
 * Helpers for the entries tests: the running test server's own database, multipart forms with
 * files as a browser sends them, and what the uploads folder holds.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { asc, count, eq, like } from 'drizzle-orm'
import { closeDatabase, openDatabase, type DB, firstRow, transaction, schema } from '../db/client.server'
import type { TestServer } from './setup/server'

const opened = new Map<string, DB>()

/** The test server's database, opened beside the server (WAL lets both work at once). */
export function serverDb(server: TestServer): DB {
  let db = opened.get(server.dbPath)
  if (!db) {
    db = openDatabase(server.dbPath)
    opened.set(server.dbPath, db)
  }
  return db
}

export async function closeServerDb(server: TestServer) {
  const db = opened.get(server.dbPath)
  if (db) await closeDatabase(db)
  opened.delete(server.dbPath)
}

/** A seeded contest by the start of its slug, e.g. 'snezhnyj-kalejdoskop'. */
export async function seededContest(db: DB, slugPrefix: string) {
  const contest = await firstRow(
    db
      .select()
      .from(schema.contest)
      .where(like(schema.contest.slug, `${slugPrefix}%`)),
  )
  if (!contest) throw new Error(`No seeded contest ${slugPrefix}`)
  const nominations = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contest.id)).orderBy(asc(schema.nomination.position))
  const fields = await db.select().from(schema.formField).where(eq(schema.formField.contestId, contest.id)).orderBy(asc(schema.formField.position))
  return { contest, nominations, fields }
}

export type UploadFile = { name: string; file?: string; bytes?: Buffer; type?: string }

/** A form as a browser posts it: repeated names for lists, files as multipart parts with their names. */
export function multipart(fields: Record<string, string | string[] | undefined>, files: UploadFile[] = [], fileField = 'photos') {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v)
  }
  for (const f of files) {
    const bytes = f.bytes ?? readFileSync(f.file!)
    form.append(fileField, new File([new Uint8Array(bytes)], f.name, { type: f.type ?? 'application/octet-stream' }))
  }
  return form
}

/** Every file under the folder (relative paths), or [] when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
}

export const uploadsDir = (server: TestServer) => path.join(server.dir, 'uploads')

/** Tries of the photo waits below, 50 ms apart: a photo job takes well under a second here, a page of uploads a few. */
const SETTLE_TRIES = 1200

/**
 * Waits until the server has no photo job left (docs/decisions/020-…): what the test reads next
 * (variants, files in storage, the entry's page) is then the photos' final state. A bounded number
 * of looks at the server's database, not a sleep: it returns as soon as the queue is empty.
 */
export async function photoJobsDone(server: TestServer, tries = SETTLE_TRIES) {
  const db = serverDb(server)
  for (let i = 0; i < tries; i++) {
    const [{ n }] = await db.select({ n: count() }).from(schema.photoJob)
    if (n === 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`The server's photo jobs did not finish:\n${server.output().slice(-2000)}`)
}

/** The photo's row once its job has settled it (ready or failed). */
export async function settledPhoto(server: TestServer, photoId: string) {
  const db = serverDb(server)
  for (let i = 0; i < SETTLE_TRIES; i++) {
    const row = await firstRow(db.select().from(schema.photo).where(eq(schema.photo.id, photoId)))
    if (!row) throw new Error(`No photo ${photoId}`)
    if (row.status !== 'processing') return row
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`Photo ${photoId} is still processing:\n${server.output().slice(-2000)}`)
}

/** The id of the entry a redirect points at: /my/entries/12, or its receipt /my/entries/12/receipt → 12. */
export function entryIdFrom(res: Response) {
  const m = /^\/my\/entries\/(\d+)(?:\/receipt)?$/.exec(res.headers.get('location') ?? '')
  if (!m) throw new Error(`Not an entry redirect: ${res.status} ${res.headers.get('location')}`)
  return Number(m[1])
}

/** Accepted entries straight into the database, with a cover photo row each (no files: pages only need the rows). */
export async function makeAcceptedEntries(db: DB, input: { contestId: number; ownerId: string; nominationIds: number[]; count: number; startSeq?: number }) {
  const start = input.startSeq ?? 1
  await transaction(db, async (tx) => {
    for (let i = 0; i < input.count; i++) {
      const [row] = await tx
        .insert(schema.entry)
        .values({
          contestId: input.contestId,
          ownerId: input.ownerId,
          nominationId: input.nominationIds[i % input.nominationIds.length],
          seq: start + i,
          title: `Снежный городок № ${start + i}`,
          status: 'accepted',
          submittedAt: new Date(),
          consentAt: new Date(),
        })
        .returning({ id: schema.entry.id })
      await tx.insert(schema.author).values({ entryId: row.id, fullName: `Автор Работы ${start + i}`, age: 30, position: 0 })
      const id = randomUUID()
      await tx.insert(schema.photo).values({
        id,
        entryId: row.id,
        ownerId: input.ownerId,
        position: 0,
        sha256: randomUUID().replaceAll('-', ''),
        width: 4000,
        height: 3000,
        variants: [
          { size: 'thumb', width: 400, height: 300, key: `photos/${id.slice(0, 2)}/${id}-thumb.webp`, bytes: 20_000 },
          { size: 'gallery', width: 1200, height: 900, key: `photos/${id.slice(0, 2)}/${id}-gallery.webp`, bytes: 120_000 },
          { size: 'full', width: 2400, height: 1800, key: `photos/${id.slice(0, 2)}/${id}-full.webp`, bytes: 400_000 },
        ],
      })
    }
  })
}
