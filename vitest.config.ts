import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `npm run test:postgres`: the integration suite against PostgreSQL (docs/decisions/018). The test
// processes take the engine from DATABASE_URL, as the app does; it names the tests' server (the PG*
// variables, as .ci/postgres prints them), where each test server gets a database of its own.
if (process.env.KONKURS_TEST_ENGINE === 'postgres' && !process.env.DATABASE_URL) {
  const { PGUSER = 'konkurs_test', PGPASSWORD = 'konkurs_test', PGHOST = '127.0.0.1', PGPORT = '5432', PGDATABASE = 'konkurs_test' } = process.env
  process.env.DATABASE_URL = `postgres://${encodeURIComponent(PGUSER)}:${encodeURIComponent(PGPASSWORD)}@${PGHOST}:${PGPORT}/${PGDATABASE}`
}

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  test: {
    environment: 'node',
    setupFiles: ['tests/setup/vitest.setup.ts'],
    pool: 'forks',
    // A worker per core, not vitest's default of one fewer: an integration file spends most of its time
    // waiting on its own server process, so on two cores one worker leaves a core idle (PostgreSQL's
    // run of the integration suite: 220 s with one, 133 s with two).
    maxWorkers: availableParallelism(),
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['app/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'] } },
      // Only a run that includes integration tests pays for seeding the demo template (once).
      // Loaders and actions called in-process on a database of the file's own: no server, no demo template.
      { extends: true, test: { name: 'inprocess', include: ['tests/inprocess/**/*.test.{ts,tsx}'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.{ts,tsx}'], globalSetup: ['tests/setup/demo-template.ts'] } },
      // Needs a PostgreSQL server (.ci/postgres); each file gets a copy of one migrated template database.
      { extends: true, test: { name: 'postgres', include: ['tests/postgres/**/*.test.{ts,tsx}'], globalSetup: ['tests/setup/postgres-template.ts'] } },
    ],
  },
})
