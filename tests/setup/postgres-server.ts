/**
 * The PostgreSQL server of the tests and its databases, without vitest: the global setup
 * (tests/setup/postgres-template.ts) runs outside the test runner and uses this too. Test files import
 * tests/setup/postgres.ts.
 *
 * The server is the one the PG* variables name (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, as
 * `.ci/postgres` prints them), else the local cluster with the role `.ci/postgres` makes.
 */
import path from 'node:path'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from '../../db/schema-pg'

export const PG_MIGRATIONS = path.resolve(import.meta.dirname, '../../db/migrations-pg')

export type PgDB = NodePgDatabase<typeof schema> & { $client: pg.Pool }

/** Set by the global setup for the test files: the run's template database, or that the server was not reachable. */
export const TEMPLATE_ENV = 'KONKURS_PG_TEMPLATE'
export const FILE_PREFIX_ENV = 'KONKURS_PG_FILE_PREFIX'
const UNREACHABLE_ENV = 'KONKURS_PG_UNREACHABLE'

/** The cluster and role `.ci/postgres` sets up. */
const LOCAL = { host: '127.0.0.1', port: 5432, user: 'konkurs_test', password: 'konkurs_test', database: 'konkurs_test' }

/** The tests' server, and `database` on it (by default the one the role logs in to, where databases are created and dropped from). */
export function connectionConfig(database?: string): pg.ClientConfig {
  const env = process.env
  return {
    host: env.PGHOST ?? LOCAL.host,
    port: Number(env.PGPORT ?? LOCAL.port),
    user: env.PGUSER ?? LOCAL.user,
    password: env.PGPASSWORD ?? LOCAL.password,
    database: database ?? env.PGDATABASE ?? LOCAL.database,
    connectionTimeoutMillis: 5_000,
  }
}

function describeServer() {
  const c = connectionConfig()
  return `${c.user}@${c.host}:${c.port}/${c.database}${process.env.PGHOST === undefined ? ' (no PGHOST: the local default)' : ''}`
}

/** Why the server cannot be reached, or null when it can. */
async function unreachableBecause(): Promise<string | null> {
  const client = new pg.Client(connectionConfig())
  try {
    await client.connect()
  } catch (error) {
    // A client that never connected has nothing to end.
    return error instanceof Error ? error.message || error.name : String(error)
  }
  await client.end()
  return null
}

/**
 * Whether PostgreSQL is there for the tests. When it is not, a note says so and the caller skips;
 * in CI (CI=true) it throws instead, since there the server is part of the run (.ci/run starts it).
 */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env[TEMPLATE_ENV]) return true
  // The global setup has already looked, and said so.
  if (process.env[UNREACHABLE_ENV] && process.env.CI !== 'true') return false
  const reason = await unreachableBecause()
  if (reason === null) return true
  const where = `PostgreSQL is not reachable at ${describeServer()}: ${reason}.`
  if (process.env.CI === 'true') throw new Error(`${where} In CI the PostgreSQL tests must run: .ci/run starts the server with .ci/postgres.`)
  console.warn(`${where}\nThe PostgreSQL tests (tests/postgres) are skipped. Start a server with \`.ci/postgres\` (as root), or set PGHOST, PGPORT, PGUSER, PGPASSWORD.`)
  process.env[UNREACHABLE_ENV] = reason
  return false
}

async function asAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(connectionConfig())
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** The URL of `database` on the tests' server, as DATABASE_URL takes it. */
export function databaseUrl(database: string) {
  const c = connectionConfig(database)
  return `postgres://${encodeURIComponent(c.user!)}:${encodeURIComponent(String(c.password ?? ''))}@${c.host}:${c.port}/${encodeURIComponent(database)}`
}

/** Creates a database, empty or as a copy of `template` (which nobody may be connected to meanwhile). */
export async function createDatabase(name: string, template?: string) {
  await asAdmin((c) => c.query(`create database ${c.escapeIdentifier(name)}${template ? ` template ${c.escapeIdentifier(template)}` : ''}`))
}

/**
 * Drops a database, ending any connection still open to it. An autovacuum worker busy in it is not the
 * tests' role's to end (insufficient_privilege, 42501): it finishes in a moment, and the drop is tried again.
 */
export async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await asAdmin((c) => c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`))
      return
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt === 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

export function openPostgres(database: string): PgDB {
  return drizzle(new pg.Pool({ ...connectionConfig(database), max: 4 }), { schema })
}

/** Applies db/migrations-pg to a database, as the app will on start. */
export async function migratePostgres(database: string) {
  const db = openPostgres(database)
  try {
    await migrate(db, { migrationsFolder: PG_MIGRATIONS })
  } finally {
    await db.$client.end()
  }
}

/** Unique per run, so that runs side by side on one server keep to their own databases. */
export function runDatabaseNames() {
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`
  return { template: `konkurs_tpl_${run}`, filePrefix: `konkurs_t_${run}_` }
}

/** Global setup: the run's template database, migrated; the returned teardown drops it and every file's database left behind. */
export async function setUpTemplate(): Promise<(() => Promise<void>) | undefined> {
  if (!(await postgresAvailable())) return undefined
  const { template, filePrefix } = runDatabaseNames()
  await createDatabase(template)
  await migratePostgres(template)
  process.env[TEMPLATE_ENV] = template
  process.env[FILE_PREFIX_ENV] = filePrefix
  return async () => {
    const left = await asAdmin((c) => c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [filePrefix]))
    for (const { datname } of left.rows) await dropDatabase(datname)
    await dropDatabase(template)
  }
}
