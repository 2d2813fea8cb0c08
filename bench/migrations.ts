/**
 * What a fresh database costs on each engine (docs/decisions/018-postgresql-second-engine.md): applying
 * the committed migrations to a new SQLite file (opened as the app opens it) and to a new PostgreSQL
 * database, and copying a migrated PostgreSQL template (`CREATE DATABASE … TEMPLATE`, as every
 * PostgreSQL test file does) with PostgreSQL 15's two strategies. Needs the server of `.ci/postgres`
 * (or the PG* variables).
 *
 *   npx tsx bench/migrations.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import pg from 'pg'
import { connectionConfig, createDatabase, dropDatabase, migratePostgres, postgresAvailable, runDatabaseNames } from '../tests/setup/postgres-server'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)

async function time(run: () => unknown): Promise<number> {
  const start = performance.now()
  await run()
  return performance.now() - start
}

function summary(label: string, ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  console.log(`${label.padEnd(72)} median ${median.toFixed(1).padStart(7)} ms   min ${sorted[0].toFixed(1).padStart(7)}   max ${sorted.at(-1)!.toFixed(1).padStart(7)}   (${ms.length} runs)`)
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-bench-migrations-'))
const sqlite: number[] = []
for (let i = 0; i < RUNS; i++) {
  const file = path.join(dir, `run-${i}.db`)
  sqlite.push(
    await time(() => {
      const db = new Database(file)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      migrate(drizzle(db), { migrationsFolder: 'db/migrations' })
      db.close()
    }),
  )
}
fs.rmSync(dir, { recursive: true, force: true })
summary('SQLite: new file + db/migrations', sqlite)

if (!(await postgresAvailable())) process.exit(1)
const server = new pg.Client(connectionConfig())
await server.connect()
const version = (await server.query<{ server_version: string }>('show server_version')).rows[0].server_version.split(' ')[0]
await server.end()

const { template, filePrefix } = runDatabaseNames()
const create: number[] = []
const migrations: number[] = []
for (let i = 0; i < RUNS; i++) {
  const name = `${filePrefix}m${i}`
  create.push(await time(() => createDatabase(name)))
  migrations.push(await time(() => migratePostgres(name)))
  await dropDatabase(name)
}
summary(`PostgreSQL ${version}: CREATE DATABASE (empty)`, create)
summary(`PostgreSQL ${version}: db/migrations-pg into it`, migrations)
summary(`PostgreSQL ${version}: both`, create.map((c, i) => c + migrations[i]))

await createDatabase(template)
await migratePostgres(template)
for (const strategy of ['wal_log', 'file_copy']) {
  const copies: number[] = []
  const drops: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const name = `${filePrefix}${strategy}${i}`
    copies.push(
      await time(async () => {
        const client = new pg.Client(connectionConfig())
        await client.connect()
        await client.query(`create database ${client.escapeIdentifier(name)} template ${client.escapeIdentifier(template)} strategy ${strategy}`)
        await client.end()
      }),
    )
    drops.push(await time(() => dropDatabase(name)))
  }
  summary(`PostgreSQL ${version}: copy of the template, strategy ${strategy}${strategy === 'wal_log' ? ' (default)' : ''}`, copies)
  summary(`PostgreSQL ${version}: drop it`, drops)
}
await dropDatabase(template)
