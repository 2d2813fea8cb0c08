/**
 * The backup's rounds (docs/decisions/028-…), with the app's changes made exactly between a round's
 * database copy and its file walk, where they race the backup: a photo whose job finishes there (its
 * kept upload deleted, its variants written) and a photo deleted there. The folder must still agree
 * with the database copy it holds: what is restored is every photo with its files.
 */
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import { coverage, writeBackup } from '../../app/modules/backup/backup.server'
import { originalKey, variantKeys } from '../../app/modules/photos/pipeline.server'
import { createLocalStorage, type Storage } from '../../app/utils/storage.server'
import { makeUser } from '../factories'
import { openAppDatabase } from '../setup/in-process'

let db: DB
let storage: Storage
let ownerId: string

beforeAll(async () => {
  db = openAppDatabase()
  storage = createLocalStorage(process.env.UPLOADS_DIR!)
  ownerId = (await makeUser(db)).id
})

const variantsOf = (id: string) => variantKeys(id).map((key, i) => ({ size: (['thumb', 'gallery', 'full'] as const)[i], width: 10, height: 10, bytes: 4, key }))

async function readyPhoto(id: string) {
  for (const key of variantKeys(id)) await storage.put(key, Buffer.from(`${key}`), 'image/webp')
  await db.insert(schema.photo).values({ id, ownerId, sha256: id, width: 10, height: 10, variants: variantsOf(id), status: 'ready' })
}

describe('a backup racing the app between its database copy and its file walk', () => {
  it('takes another round, and the folder holds every file its database copy names', async () => {
    const waiting = '0a000000-0000-4000-8000-000000000001'
    const deleted = '0b000000-0000-4000-8000-000000000002'
    await storage.put(originalKey(waiting), Buffer.from('as received'), 'application/octet-stream')
    await db.insert(schema.photo).values({ id: waiting, ownerId, sha256: waiting, width: 10, height: 10, variants: [], status: 'processing', originalKey: originalKey(waiting) })
    await readyPhoto(deleted)

    const into = await mkdtemp(path.join(os.tmpdir(), 'konkurs-backup-rounds-'))
    const { folder, manifest, missing } = await writeBackup({
      into,
      databasePath: process.env.DATABASE_PATH!,
      uploadsDir: process.env.UPLOADS_DIR!,
      cover: coverage({ STORAGE: 'local' }),
      betweenCopies: async (round) => {
        if (round !== 1) return
        // The job finishes: variants written, the row ready, the kept upload deleted.
        for (const key of variantKeys(waiting)) await storage.put(key, Buffer.from(key), 'image/webp')
        await db.update(schema.photo).set({ status: 'ready', variants: variantsOf(waiting), originalKey: null }).where(eq(schema.photo.id, waiting))
        await storage.delete(originalKey(waiting))
        // The other photo is deleted, row and files.
        await db.delete(schema.photo).where(eq(schema.photo.id, deleted))
        for (const key of variantKeys(deleted)) await storage.delete(key)
      },
    })
    expect(missing).toEqual([])
    expect(manifest.rounds).toBe(2)

    const copy = new Database(path.join(folder, 'app.db'), { readonly: true })
    const rows = copy.prepare('select id, status from photo order by id').all()
    copy.close()
    expect(rows).toEqual([{ id: waiting, status: 'ready' }])
    for (const key of variantKeys(waiting)) expect(existsSync(path.join(folder, 'uploads', key)), key).toBe(true)
  })
})
