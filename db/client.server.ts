/**
 * The database, on either engine (docs/decisions/018 and 019): SQLite (better-sqlite3, a file at
 * DATABASE_PATH) by default, PostgreSQL when DATABASE_URL is a postgres:// URL. The engine is chosen
 * once per process; services import `schema` from here and run the same queries on both.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as sqliteSchema from './schema'
import * as postgresSchema from './schema-pg'
import { inSqliteTransaction, whenFree } from './sqlite-transaction.server'
import { closePostgres, isPostgres, migratePostgres, openPostgres, postgresVersion, inPostgresTransaction } from './postgres.server'

export type Engine = 'sqlite' | 'postgres'

/** Whether a DATABASE_URL names a PostgreSQL database. */
export const isPostgresUrl = (url: string | undefined) => /^postgres(?:ql)?:\/\//.test(url ?? '')

/** This process's engine. */
export const engine: Engine = isPostgresUrl(process.env.DATABASE_URL) ? 'postgres' : 'sqlite'

/**
 * The tables of this process's engine. Typed as SQLite's: the two schemas have the same names and JS
 * values (tests/postgres/schema-parity.test.ts), and the services are written against that one type.
 */
export const schema = (engine === 'postgres' ? postgresSchema : sqliteSchema) as unknown as typeof sqliteSchema

/** A database handle, inside a transaction or not; on PostgreSQL a pool behind the same query API. */
export type DB = BetterSQLite3Database<typeof sqliteSchema> & { $client: Database.Database }

const MIGRATIONS = path.resolve(process.cwd(), 'db/migrations')

/**
 * Opens the database: a SQLite file (created if needed, with the pragmas we rely on and the committed
 * migrations applied) or, in a PostgreSQL process, a pool to the URL (migrated by migrateDatabase).
 */
export function openDatabase(target: string): DB {
  if (engine === 'postgres') {
    if (!isPostgresUrl(target)) throw new Error(`DATABASE_URL names PostgreSQL: a postgres:// URL is needed, not ${target}`)
    return openPostgres(target, postgresSchema) as unknown as DB
  }
  if (isPostgresUrl(target)) throw new Error('A PostgreSQL database is opened only when DATABASE_URL names PostgreSQL.')
  if (target !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true })
  const sqlite = new Database(target)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle(sqlite, { schema: sqliteSchema })
  migrate(db, { migrationsFolder: MIGRATIONS })
  return db
}

/** Applies PostgreSQL's migrations and sets up its change signal (SQLite's were applied on opening). */
export async function migrateDatabase(db: DB = getDb()) {
  if (isPostgres(db)) await migratePostgres(db)
}

/** Closes the connection (SQLite) or the pool (PostgreSQL). */
export async function closeDatabase(db: DB) {
  if (isPostgres(db)) await closePostgres(db)
  else db.$client.close()
}

const globalForDb = globalThis as unknown as { __db?: DB }

/** The process-wide database (kept across dev reloads). */
export function getDb(): DB {
  globalForDb.__db ??= openDatabase(engine === 'postgres' ? process.env.DATABASE_URL! : (process.env.DATABASE_PATH ?? 'data/app.db'))
  return globalForDb.__db
}

let versionStatement: { db: DB; statement: Database.Statement<[], string> } | undefined

/**
 * A value that changes whenever anyone commits a change to the database. SQLite: `data_version` moves
 * with commits from other connections (scripts, a second process), `total_changes()` with this
 * connection's own. PostgreSQL: a counter moved by the notifications every commit sends. Read before
 * a page's data is, it tells whether the page may since have changed.
 */
export function dataVersion(db: DB = getDb()): string {
  if (isPostgres(db)) return postgresVersion(db)
  if (versionStatement?.db !== db) {
    const statement = db.$client.prepare<[], string>("select (select data_version from pragma_data_version) || '.' || total_changes()").pluck()
    versionStatement = { db, statement }
  }
  return versionStatement.statement.get()!
}

/**
 * Runs `body` in one transaction, which commits when `body` resolves and rolls back when it throws;
 * one opened inside another is a savepoint. `body` gets the handle to run its queries through; on both
 * engines, a query made through `db` (or `getDb()`) by the transaction's own code is part of it, and
 * transactions that write run one at a time, as SQLite's single writer has it (docs/decisions/019).
 *
 * `alongside` names what the transaction writes (one juror's evaluation of one entry): on PostgreSQL
 * such transactions run side by side with others of their kind that name something else, one after
 * another when they name the same, and never beside an ordinary transaction. Only for writes that no
 * other transaction of the kind touches; on SQLite every transaction runs alone anyway.
 */
export function transaction<T>(db: DB, body: (tx: DB) => Promise<T> | T, options: { alongside?: string } = {}): Promise<T> {
  if (isPostgres(db)) return inPostgresTransaction(db, () => body(db), options.alongside)
  return inSqliteTransaction(db.$client, () => body(db))
}

type Prepared = { all(params?: Record<string, unknown>): unknown; get(params?: Record<string, unknown>): unknown; values(params?: Record<string, unknown>): unknown }
type PreparedMethod = 'all' | 'get' | 'values'

/**
 * A statement the hot paths prepare once: built on first use and kept (SQLite), or built for each use
 * on the connection of the moment, a transaction's inside one (PostgreSQL, where preparing is only
 * building the SQL text and the server plans it anyway).
 */
export function prepareOnce<T>(build: () => T): () => T {
  if (engine === 'postgres') return build
  let built: T | undefined
  return () => (built ??= build())
}

/**
 * Runs a prepared statement's `all`, `get` (first row) or `values` (rows as arrays) with its
 * placeholders' values: on SQLite once no transaction of another request holds the connection.
 */
export async function runPrepared<S extends Prepared, M extends PreparedMethod>(
  statement: S,
  method: M,
  params: Record<string, unknown> = {},
  db: DB = getDb(),
): Promise<ReturnType<S[M]>> {
  if (isPostgres(db)) {
    const rows = (await (statement as unknown as { execute(p: Record<string, unknown>): Promise<Record<string, unknown>[]> }).execute(params)) ?? []
    const result = method === 'all' ? rows : method === 'get' ? rows[0] : rows.map((r) => Object.values(r))
    return result as ReturnType<S[M]>
  }
  await whenFree(db.$client)
  return statement[method](params) as ReturnType<S[M]>
}

/** The first row of what a query gives, or undefined when it gives none. */
export async function firstRow<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0]
}
