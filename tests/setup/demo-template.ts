/**
 * Vitest global setup: the built server seeds the demo once per run into a template database (with the
 * demo entries' photos); every test server then starts on a copy of it (tests/setup/server.ts) instead
 * of drawing and storing the same photos again.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { DEMO_TEMPLATE_ENV, assertBuilt, startServer } from './server'

export default async function setup() {
  assertBuilt()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-demo-'))
  const dbPath = path.join(dir, 'app.db')
  const server = await startServer({ DATABASE_PATH: dbPath, UPLOADS_DIR: path.join(dir, 'uploads') }, { seedAtStart: true })
  await server.stop()
  // Moves what the server left in the write-ahead log into the file, so that a copy of app.db alone is whole.
  const db = new Database(dbPath)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  process.env[DEMO_TEMPLATE_ENV] = dir
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
