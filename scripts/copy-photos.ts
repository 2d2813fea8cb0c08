/**
 * Copies the photos stored in the local folder (UPLOADS_DIR) into the configured storage (STORAGE=s3
 * or uploadthing, with its settings): run once before switching a deployment to object storage, and
 * again if anything was uploaded meanwhile. npm run copy-photos
 */
import { closeDatabase, getDb, migrateDatabase } from '../db/client.server'
import { copyStoredPhotos } from '../app/modules/photos/copy-stored.server'
import { getEnv } from '../app/utils/env.server'
import { createLocalStorage, getStorage, storageKind } from '../app/utils/storage.server'

const env = getEnv()
if (storageKind(env) === 'local') {
  console.error('Хранилище назначения не задано: укажите STORAGE=s3 (и S3_*) или STORAGE=uploadthing — фотографии копируются из папки UPLOADS_DIR туда.')
  process.exit(1)
}
await migrateDatabase()
const { copied, present, missing } = await copyStoredPhotos(createLocalStorage(env.UPLOADS_DIR), getStorage())
console.log(`Скопировано файлов: ${copied}, уже были в хранилище: ${present}, не найдено в папке: ${missing.length}`)
for (const key of missing) console.log(`  нет файла: ${key}`)
await closeDatabase(getDb())
process.exit(missing.length ? 2 : 0)
