/**
 * Fills the database with the demo contests, accounts and the judging contest's entries.
 * npm run seed (DATABASE_PATH chooses the file)
 */
import { storePhoto } from '../app/modules/photos/pipeline.server'
import { openDatabase } from '../db/client.server'
import { seed } from '../db/seed'

const db = openDatabase(process.env.DATABASE_PATH ?? 'data/app.db')
const result = await seed(db, new Date(), { storePhoto })
console.log(`Добавлено конкурсов: ${result.contestsAdded}, заявок с фотографиями для жюри: ${result.judging.entriesAdded}`)
db.$client.close()
