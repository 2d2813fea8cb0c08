/**
 * Fills the configured database with the demo data (idempotent): npm run seed.
 * Kept apart from db/seed.ts, which the server bundles: a "run me as a script" check there would match the bundle itself.
 * The photo pipeline is passed in: db/ imports nothing from app/modules.
 */
import { storePhoto } from '../app/modules/photos/pipeline.server'
import { closeDatabase, getDb, migrateDatabase } from '../db/client.server'
import { seed } from '../db/seed'

const db = getDb()
await migrateDatabase(db)
const result = await seed(db, new Date(), { storePhoto })
console.log(`Добавлено конкурсов: ${result.contestsAdded}, заявок с фотографиями для жюри: ${result.judging.entriesAdded}`)
await closeDatabase(db)
