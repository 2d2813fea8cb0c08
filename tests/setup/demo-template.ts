/**
 * Vitest global setup: the built server seeds the demo once per run into a template database (with the
 * demo entries' photos); every test server then starts on a copy of it (tests/setup/server.ts) instead
 * of drawing and storing the same photos again. On SQLite the template is a file; on PostgreSQL (a run
 * with DATABASE_URL, `npm run test:postgres`) a database that each server's is created from.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { engine } from '../../db/client.server'
import { createDatabase, databaseUrl, dropDatabase, runDatabaseNames } from './postgres-server'
import { DEMO_TEMPLATE_DB_ENV, DEMO_TEMPLATE_ENV, assertBuilt, startServer } from './server'

export default async function setup() {
  assertBuilt()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-demo-'))
  const uploads = path.join(dir, 'uploads')
  process.env[DEMO_TEMPLATE_ENV] = dir
  if (engine === 'postgres') {
    const name = `${runDatabaseNames().template}_demo`
    await createDatabase(name)
    const server = await startServer({ DATABASE_URL: databaseUrl(name), UPLOADS_DIR: uploads }, { seedAtStart: true })
    await server.stop()
    process.env[DEMO_TEMPLATE_DB_ENV] = name
    return async () => {
      fs.rmSync(dir, { recursive: true, force: true })
      await dropDatabase(name)
    }
  }
  const dbPath = path.join(dir, 'app.db')
  const server = await startServer({ DATABASE_PATH: dbPath, UPLOADS_DIR: uploads }, { seedAtStart: true })
  await server.stop()
  // Moves what the server left in the write-ahead log into the file, so that a copy of app.db alone is whole.
  const db = new Database(dbPath)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
