/**
 * Brings back a backup made by `npm run backup` into the database file (DATABASE_PATH) and uploads folder
 * (UPLOADS_DIR) this environment names, or those given. Refuses to write over a database or files
 * already there unless --force (then stop the server first).
 * npm run restore -- backups/konkurs-2026-12-03T02-30-00Z [--database data/app.db] [--uploads uploads] [--force]
 */
import { parseArgs } from 'node:util'
import { restoreBackup, RestoreRefusal } from '../app/modules/backup/backup.server'
import { engine } from '../db/client.server'
import { getEnv } from '../app/utils/env.server'
import { storageKind } from '../app/utils/storage.server'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { database: { type: 'string' }, uploads: { type: 'string' }, force: { type: 'boolean', default: false } },
})
const [from] = positionals
if (!from || positionals.length > 1) {
  console.error('Укажите одну папку резервной копии: npm run restore -- backups/konkurs-… [--force]')
  process.exit(1)
}
const env = getEnv()
try {
  const databasePath = values.database ?? env.DATABASE_PATH
  const uploadsDir = values.uploads ?? env.UPLOADS_DIR
  const { manifest, restored } = await restoreBackup({ from, databasePath, uploadsDir, force: values.force, postgres: engine === 'postgres' })
  console.log(`Восстановлено из копии от ${manifest.createdAt}:`)
  console.log(restored.database ? `  база данных → ${databasePath}` : '  базы данных в копии нет')
  console.log(manifest.uploads ? `  файлов: ${restored.files} → ${uploadsDir}` : '  файлов в копии нет')
  for (const line of manifest.notCovered) console.warn(`Не входило в копию: ${line}`)
  if (manifest.uploads && storageKind(env) === 's3') {
    console.warn('Сейчас STORAGE=s3: фотографии восстановлены в папку; перенесите их в бакет командой npm run copy-photos.')
  }
} catch (error) {
  if (!(error instanceof RestoreRefusal)) throw error
  console.error(error.message)
  process.exit(1)
}
