/**
 * Which stylesheets a page links, read from its HTML over HTTP: the base stylesheet everywhere, and
 * only the areas whose classes the page renders. Before, every page linked all five.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeServerDb, seededContest, serverDb } from '../factories-entries'
import { judgingContest, makeJuror } from '../factories-jury'
import { Client, DEMO, startServer, type TestServer } from '../setup/server'

let server: TestServer
let scene: Awaited<ReturnType<typeof judgingContest>>
let juror: { email: string | null }
let snowSlug: string

beforeAll(async () => {
  server = await startServer()
  const db = serverDb(server)
  scene = await judgingContest(db, { perNomination: 1, prefix: 'СТ', uploadsDir: path.join(server.dir, 'uploads') })
  juror = await makeJuror(db, { stageId: scene.stage.id, nominationIds: [scene.yard.id] })
  snowSlug = (await seededContest(db, 'snezhnyj-kalejdoskop')).contest.slug
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

/** The stylesheets a page links, by the name Vite keeps in front of the hash: app, entries, jury … */
async function stylesheets(client: Client, pathname: string) {
  const res = await client.get(pathname)
  expect(res.status, pathname).toBe(200)
  const html = await res.text()
  const hrefs = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => /href="([^"]+)"/.exec(m[0])![1])
  return hrefs.map((href) => /\/([a-z]+)-[\w-]+\.css$/.exec(href)?.[1] ?? href)
}

async function as(email: string) {
  const client = new Client(server.url)
  await client.login(email, DEMO.password)
  return client
}

describe('the stylesheets a page links', () => {
  it('are only the base stylesheet on the public pages without an area of their own', async () => {
    const guest = new Client(server.url)
    expect(await stylesheets(guest, '/')).toEqual(['app'])
    expect(await stylesheets(guest, `/contests/${snowSlug}`)).toEqual(['app'])
    expect(await stylesheets(guest, '/login')).toEqual(['app'])
  })

  it('add the entries stylesheet, and no other area, on the application form and the gallery', async () => {
    expect(await stylesheets(await as(DEMO.resident), `/contests/${snowSlug}/apply`)).toEqual(['app', 'entries'])
    expect(await stylesheets(new Client(server.url), `/contests/${snowSlug}/gallery`)).toEqual(['app', 'entries'])
  })

  it('add the jury stylesheet on the juror’s scoring page', async () => {
    const entry = scene.entries.find((e) => e.nominationId === scene.yard.id)!
    expect(await stylesheets(await as(juror.email!), `/jury/stages/${scene.stage.id}/entries/${entry.id}`)).toEqual(['app', 'jury'])
  })

  it('give each organiser page the areas it shows: its own, the entries it moderates, the results it reviews', async () => {
    const organiser = await as(DEMO.organiser)
    const base = `/organiser/contests/${scene.contest.id}`
    expect(await stylesheets(organiser, `${base}/jury`)).toEqual(['app', 'organiser'])
    expect(await stylesheets(organiser, `${base}/moderation`)).toEqual(['app', 'entries'])
    expect(await stylesheets(organiser, `${base}/statistics`)).toEqual(['app', 'results'])
  })
})
