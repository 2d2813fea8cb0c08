/**
 * PostgreSQL for the tests in tests/postgres (docs/decisions/018-postgresql-second-engine.md). Once per
 * run the global setup (tests/setup/postgres-template.ts) makes a template database with
 * db/migrations-pg applied; each test file then gets a database of its own, copied from it by
 * `CREATE DATABASE … TEMPLATE` and dropped after the file (`usePostgresDatabase`). With no server to
 * reach the tests say so and skip (`postgresAvailable`), except in CI, where that is a failure.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { createDatabase, dropDatabase, FILE_PREFIX_ENV, openPostgres, TEMPLATE_ENV, type PgDB } from './postgres-server'

export { connectionConfig, createDatabase, dropDatabase, migratePostgres, postgresAvailable, runDatabaseNames, type PgDB } from './postgres-server'

/**
 * In a test file (inside a describe that skips without PostgreSQL): a database of the file's own,
 * copied from the run's template before its tests and dropped after them.
 */
export function usePostgresDatabase(): { readonly db: PgDB; readonly name: string } {
  let current: { db: PgDB; name: string } | undefined
  beforeAll(async () => {
    const template = process.env[TEMPLATE_ENV]
    const prefix = process.env[FILE_PREFIX_ENV]
    if (!template || !prefix) throw new Error('No template database: the global setup of the vitest project "postgres" (tests/setup/postgres-template.ts) makes it.')
    const name = prefix + randomBytes(4).toString('hex')
    await createDatabase(name, template)
    current = { db: openPostgres(name), name }
  })
  afterAll(async () => {
    if (!current) return
    await current.db.$client.end()
    await dropDatabase(current.name)
  })
  return {
    get db() {
      if (!current) throw new Error('The test database exists from beforeAll on')
      return current.db
    },
    get name() {
      if (!current) throw new Error('The test database exists from beforeAll on')
      return current.name
    },
  }
}
