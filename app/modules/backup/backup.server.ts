/**
 * Backups that restore (docs/decisions/028-…): a copy of the SQLite database made with SQLite's
 * online backup API while the app runs, with the photos of the local uploads folder, in one folder;
 * and that folder brought back into a fresh database file and uploads folder. What the copy cannot
 * cover (a PostgreSQL database, photos in object storage) is said, not pretended: see `coverage`.
 *
 * The order is what keeps the two consistent. The database is copied first, then the files: a photo
 * whose row is in the copy has its files in the folder by then (the variants are stored before the row
 * says 'ready', the upload is kept before its row is written), so the file walk that follows finds
 * them, while a file written after the database copy only adds a file no row names. Such a file is
 * harmless: no page asks for it, and nothing in it is lost. (sweepOrphanPhotos in
 * photos/photos.server.ts removes rows, and their files, of uploads never attached to an entry, after a
 * day; a file without any row is not looked at by it, and stays as dead bytes until removed by hand.)
 * The other order would lose photos: a row committed after the file walk, whose file the walk missed,
 * comes back as a photo that is not there.
 *
 * One race is left: a file the database copy names may be deleted before the walk reaches it (the photo
 * deleted meanwhile, or its job done and the upload it kept removed). So the folder is checked against
 * its own database copy: every ready photo's variants and every waiting photo's kept upload must be
 * there. If any is missing, the round is run again — a fresh database copy, then the files not yet
 * copied — until the folder agrees with its copy, a few rounds at most.
 */
import { constants } from 'node:fs'
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isNotNull, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { engine, schema } from '../../../db/client.server'
import type { Env } from '../../utils/env.server'
import { storageKind } from '../../utils/storage.server'
import { originalKey } from '../photos/pipeline.server'

/** The files of a backup folder. */
export const BACKUP_FILES = { manifest: 'backup.json', database: 'app.db', uploads: 'uploads' } as const

/** Rounds of «database, then files» before the backup gives up agreeing with itself. */
const MAX_ROUNDS = 5

export type Coverage = {
  /** The SQLite database is copied; false on PostgreSQL. */
  database: boolean
  /** The local uploads folder is copied (the variants with STORAGE=local, the kept uploads with local or UploadThing). */
  uploads: boolean
  /** The variants live in the local folder, so the copy holds them (checked against the database copy). */
  variantsLocal: boolean
  /** What this backup leaves out, and what to use for it instead, in the words the scripts print. */
  notCovered: string[]
}

/** What `npm run backup` can copy with this configuration, and what it cannot. */
export function coverage(env: Pick<Env, 'STORAGE' | 'UPLOADTHING_TOKEN' | 'DATABASE_URL'>): Coverage {
  const storage = storageKind(env)
  const notCovered: string[] = []
  const database = engine === 'sqlite'
  if (!database) {
    notCovered.push(
      'База данных PostgreSQL (DATABASE_URL) в копию не входит: копируйте её средствами PostgreSQL — pg_dump -Fc (перед этой командой, чтобы у каждой строки с фотографией файл уже был в копии) или непрерывное архивирование WAL; восстановление — pg_restore.',
    )
  }
  if (storage === 's3') {
    notCovered.push(
      'Фотографии хранятся в объектном хранилище (STORAGE=s3) и в копию не входят: включите версионирование бакета и репликацию в другой бакет или регион (или копируйте его, например, rclone sync / aws s3 sync).',
    )
  }
  if (storage === 'uploadthing') {
    notCovered.push('Варианты фотографий хранятся в UploadThing (STORAGE=uploadthing) и в копию не входят: их хранит UploadThing. В копию входят только загрузки, ждущие обработки (папка UPLOADS_DIR).')
  }
  return { database, uploads: storage !== 's3', variantsLocal: storage === 'local', notCovered }
}

export type Manifest = {
  format: 1
  createdAt: string
  database: boolean
  uploads: boolean
  files: number
  bytes: number
  rounds: number
  notCovered: string[]
}

export type BackupResult = { folder: string; manifest: Manifest; missing: string[] }

/** A folder name that sorts by time: konkurs-2026-12-03T09-15-00Z. */
export const backupName = (at: Date) => `konkurs-${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z`

/**
 * Copies the live SQLite database to `file` with the online backup API: a reader beside the running
 * server (WAL lets it write meanwhile), all pages in one step, so the copy is the database at one
 * commit and is never restarted by a write made during it.
 */
async function copyDatabase(source: string, file: string) {
  await rm(file, { force: true })
  const live = new Database(source, { fileMustExist: true })
  try {
    live.pragma('busy_timeout = 5000')
    await live.backup(file, { progress: () => 0x7fffffff })
  } finally {
    live.close()
  }
  const copy = new Database(file)
  try {
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new Error(`Копия базы данных не прошла проверку целостности: ${String(check)}`)
    // A photo job a worker of the live server held is held by nobody where the copy is restored: given
    // back as a stopping worker gives it back (the take not counted), it is taken at once after a
    // restore instead of after its lease runs out.
    const { photoJob } = schema
    await drizzle(copy, { schema })
      .update(photoJob)
      .set({ leaseUntil: null, attempts: sql`max(${photoJob.attempts} - 1, 0)` })
      .where(isNotNull(photoJob.leaseUntil))
    // One file, no -wal beside it: the copy can be moved as it is.
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
}

/**
 * Copies every file under `from` that `copied` does not hold yet to the same place under `to`. Names
 * starting with a dot are left out at every level: a storage key never has one, and the dot-folders
 * (.incoming, .jobs, .tmp) hold only requests' and jobs' temporary files. A file gone meanwhile is
 * skipped: the database copy decides whether it was needed.
 */
async function copyFiles(from: string, to: string, copied: Map<string, number>, relative = ''): Promise<void> {
  const entries = await readdir(path.join(from, relative), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  for (const e of entries) {
    if (e.name.startsWith('.')) continue
    const key = relative ? `${relative}/${e.name}` : e.name
    if (e.isDirectory()) {
      await copyFiles(from, to, copied, key)
      continue
    }
    if (!e.isFile() || copied.has(key)) continue
    const target = path.join(to, key)
    await mkdir(path.dirname(target), { recursive: true })
    try {
      await copyFile(path.join(from, key), target, constants.COPYFILE_FICLONE)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    copied.set(key, (await stat(target)).size)
  }
}

/** The storage keys the database copy names that the folder must hold: ready photos' variants (when stored locally), waiting photos' kept uploads. */
async function keysNamedBy(databaseFile: string, variantsLocal: boolean) {
  const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true })
  try {
    const db = drizzle(sqlite, { schema })
    const rows = await db
      .select({ id: schema.photo.id, status: schema.photo.status, variants: schema.photo.variants, originalKey: schema.photo.originalKey })
      .from(schema.photo)
    const keys: string[] = []
    for (const row of rows) {
      if (row.status === 'ready' && variantsLocal) keys.push(...row.variants.map((v) => v.key))
      if (row.status === 'processing') keys.push(row.originalKey ?? originalKey(row.id))
    }
    return keys
  } finally {
    sqlite.close()
  }
}

/**
 * Writes a backup into a new folder under `into`, named by the time (backupName): the database copy,
 * the uploads folder's files, and backup.json saying what is in it. The folder is written under a
 * `.partial` name and renamed once complete, so a backup cut short is never taken for a whole one.
 * `missing`: keys the database copy names that could not be copied in any round (the live folder lacks
 * them too: photos already lost before the backup).
 */
export async function writeBackup(options: {
  into: string
  databasePath: string
  uploadsDir: string
  cover: Coverage
  now?: Date
  /** Tests only: runs between a round's database copy and its file walk, where the app's changes race the backup. */
  betweenCopies?: (round: number) => Promise<void>
}): Promise<BackupResult> {
  const { cover } = options
  if (!cover.database && !cover.uploads) throw new Error('nothing to copy')
  const name = backupName(options.now ?? new Date())
  const folder = path.resolve(options.into, name)
  const partial = `${folder}.partial`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true })
  const databaseFile = path.join(partial, BACKUP_FILES.database)
  const uploadsCopy = path.join(partial, BACKUP_FILES.uploads)
  const copied = new Map<string, number>()
  let missing: string[] = []
  let rounds = 0
  for (let previous = ''; rounds < MAX_ROUNDS; ) {
    rounds++
    // The database first, then the files (see the comment at the top).
    if (cover.database) await copyDatabase(path.resolve(options.databasePath), databaseFile)
    await options.betweenCopies?.(rounds)
    if (cover.uploads) await copyFiles(path.resolve(options.uploadsDir), uploadsCopy, copied)
    if (!cover.database || !cover.uploads) break
    missing = (await keysNamedBy(databaseFile, cover.variantsLocal)).filter((key) => !copied.has(key))
    // The same keys missing twice running are not a race: the live folder lacks them.
    if (missing.length === 0 || missing.join('\n') === previous) break
    previous = missing.join('\n')
  }
  if (cover.uploads) await mkdir(uploadsCopy, { recursive: true })
  const manifest: Manifest = {
    format: 1,
    createdAt: (options.now ?? new Date()).toISOString(),
    database: cover.database,
    uploads: cover.uploads,
    files: copied.size,
    bytes: [...copied.values()].reduce((a, b) => a + b, 0),
    rounds,
    notCovered: cover.notCovered,
  }
  await writeFile(path.join(partial, BACKUP_FILES.manifest), `${JSON.stringify({ ...manifest, missing }, null, 2)}\n`)
  await rename(partial, folder)
  return { folder, manifest, missing }
}

export class RestoreRefusal extends Error {}

async function isEmptyDir(dir: string) {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return names.length === 0
}

async function nonEmptyFile(file: string) {
  const info = await stat(file).catch(() => null)
  return !!info && (!info.isFile() || info.size > 0)
}

/**
 * Brings a backup folder back: its database copy to `databasePath`, its files to `uploadsDir`. Refuses
 * (RestoreRefusal, with the message to print) a folder that is not a whole backup, and a target that
 * already holds a database or files, unless `force`, which replaces them. The server must not run on
 * the target meanwhile.
 */
export async function restoreBackup(options: { from: string; databasePath: string; uploadsDir: string; force: boolean; postgres: boolean }) {
  const from = path.resolve(options.from)
  const manifestText = await readFile(path.join(from, BACKUP_FILES.manifest), 'utf8').catch(() => null)
  if (manifestText === null) throw new RestoreRefusal(`В папке ${from} нет ${BACKUP_FILES.manifest}: это не резервная копия или она не дописана.`)
  const manifest = JSON.parse(manifestText) as Manifest
  const restored = { database: false, files: 0 }
  const databasePath = path.resolve(options.databasePath)
  const uploadsDir = path.resolve(options.uploadsDir)

  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep)
  if (manifest.uploads && (inside(process.cwd(), uploadsDir) || inside(from, uploadsDir) || inside(databasePath, uploadsDir))) {
    throw new RestoreRefusal(`Папка для фотографий ${uploadsDir} содержит текущую папку, саму копию или базу данных: укажите отдельную папку (UPLOADS_DIR или --uploads).`)
  }
  if (manifest.database && options.postgres) {
    throw new RestoreRefusal('В копии база данных SQLite, а DATABASE_URL указывает на PostgreSQL: перенос между ними эта команда не делает. Восстановите в файл (DATABASE_PATH без DATABASE_URL).')
  }
  if (!options.force) {
    const busy: string[] = []
    if (manifest.database && (await nonEmptyFile(databasePath))) busy.push(`база данных ${databasePath}`)
    if (manifest.uploads && !(await isEmptyDir(uploadsDir))) busy.push(`папка ${uploadsDir}`)
    if (busy.length) throw new RestoreRefusal(`Уже есть ${busy.join(' и ')}: восстанавливать поверх не буду. Укажите пустое место или добавьте --force, чтобы заменить их копией (сервер при этом должен быть остановлен).`)
  }

  if (manifest.database) {
    const source = path.join(from, BACKUP_FILES.database)
    const check = new Database(source, { readonly: true, fileMustExist: true })
    try {
      const result = check.pragma('integrity_check', { simple: true })
      if (result !== 'ok') throw new RestoreRefusal(`Копия базы данных повреждена (${String(result)}): восстановите другую копию.`)
    } finally {
      check.close()
    }
    await mkdir(path.dirname(databasePath), { recursive: true })
    const temp = `${databasePath}.restoring`
    await copyFile(source, temp)
    for (const suffix of ['', '-wal', '-shm']) await rm(`${databasePath}${suffix}`, { force: true })
    await rename(temp, databasePath)
    restored.database = true
  }
  if (manifest.uploads) {
    await rm(uploadsDir, { recursive: true, force: true })
    await mkdir(path.dirname(uploadsDir), { recursive: true })
    await cp(path.join(from, BACKUP_FILES.uploads), uploadsDir, { recursive: true, errorOnExist: true, force: false })
    restored.files = manifest.files
  }
  return { manifest, restored }
}
