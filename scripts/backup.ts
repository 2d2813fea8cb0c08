/**
 * A backup while the app runs (docs/decisions/028-…): the SQLite database, copied with SQLite's online
 * backup API, and then the photos of the uploads folder (UPLOADS_DIR), into a new folder under
 * BACKUP_DIR (default `backups/`) or the one given. What the copy does not cover with this
 * configuration (PostgreSQL, object storage) is printed, with what to use instead.
 * npm run backup [-- --to /mnt/backup/konkurs]
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { coverage, writeBackup } from '../app/modules/backup/backup.server'
import { getEnv } from '../app/utils/env.server'

const { values } = parseArgs({ options: { to: { type: 'string' } } })
const env = getEnv()
const cover = coverage(env)
for (const line of cover.notCovered) console.warn(`Не входит в копию: ${line}`)
if (!cover.database && !cover.uploads) {
  console.error('Копировать этой командой нечего: и база данных, и фотографии хранятся вне этой машины. Настройте их собственные резервные копии (см. выше).')
  process.exit(1)
}
if (cover.database && !existsSync(env.DATABASE_PATH)) {
  console.error(`Базы данных нет: ${env.DATABASE_PATH} (DATABASE_PATH). Запустите команду с теми же переменными, что и сервер.`)
  process.exit(1)
}
const into = values.to ?? process.env.BACKUP_DIR ?? 'backups'
const { folder, manifest, missing } = await writeBackup({ into, databasePath: env.DATABASE_PATH, uploadsDir: env.UPLOADS_DIR, cover })
const megabytes = (manifest.bytes / 1024 / 1024).toFixed(1)
console.log(`Резервная копия: ${path.relative(process.cwd(), folder) || folder}`)
console.log(`  база данных: ${manifest.database ? 'да' : 'нет'}; файлов из ${env.UPLOADS_DIR}: ${manifest.files} (${megabytes} МБ); проходов: ${manifest.rounds}`)
if (missing.length) {
  console.error(`Файлов, названных в базе данных, нет и в самой папке ${env.UPLOADS_DIR} (${missing.length}): эти фотографии были потеряны ещё до копии.`)
  for (const key of missing) console.error(`  нет файла: ${key}`)
  process.exit(2)
}
