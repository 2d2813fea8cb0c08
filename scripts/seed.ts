/**
 * Fills the configured database with the demo data (idempotent): npm run seed.
 * Kept apart from db/seed.ts, which the server bundles: a "run me as a script" check there would match the bundle itself.
 */
import { openDatabase } from '../db/client.server'
import { seed } from '../db/seed'

const db = openDatabase(process.env.DATABASE_PATH ?? 'data/app.db')
const result = await seed(db)
console.log(`Добавлено конкурсов: ${result.contestsAdded}, заявок с фотографиями для жюри: ${result.judging.entriesAdded}`)
db.$client.close()
