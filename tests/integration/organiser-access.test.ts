/**
 * A guest's data requests for the organiser's pages, over HTTP: single fetch answers a redirect with
 * 204 and the target in a header. Who may open which page is asked of the loaders and actions
 * themselves in tests/inprocess/organiser-access.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, type DB } from '../../db/client.server'
import { makeContest, testDb } from '../factories'
import { Client, startServer, type TestServer } from '../setup/server'

let server: TestServer
let db: DB
let contestId: number

beforeAll(async () => {
  server = await startServer()
  db = testDb(server.dbPath)
  contestId = (await makeContest(db, { status: 'draft', nominations: [], criteria: [] })).contest.id
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await server?.stop()
})

const PAGES = [
  '/organiser',
  '/organiser/contests/new',
  '/organiser/contests/:id',
  '/organiser/contests/:id/nominations',
  '/organiser/contests/:id/stages',
  '/organiser/contests/:id/fields',
  '/organiser/contests/:id/jury',
  '/organiser/contests/:id/progress',
  '/organiser/contests/:id/audit',
  '/organiser/contests/:id/moderation',
  '/organiser/contests/:id/extra-jurors',
  '/organiser/contests/:id/special',
  '/organiser/contests/:id/results',
  '/organiser/contests/:id/statistics',
  '/organiser/contests/:id/voting',
  '/organiser/contests/:id/documents',
  '/organiser/outbox',
]

describe('every organiser page', () => {
  it('sends a guest’s data request to log in', async () => {
    for (const template of PAGES) {
      const path = template.replace(':id', String(contestId))
      const data = await new Client(server.url).get(`${path}.data`)
      expect(data.headers.get('x-remix-redirect') ?? data.headers.get('location'), path).toMatch(/^\/login\?redirectTo=/)
    }
  })
})
