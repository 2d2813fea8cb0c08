/**
 * Faults of the machine, through the real server: a server killed (SIGKILL) in the middle of an upload
 * leaves parts and files of photos that never got a row, and the next start sweeps them once they are
 * an hour old, while every file of a real photo and every part still being written stays
 * (app/modules/photos/sweep.server.ts); an uploads folder the server cannot write to answers the entry
 * form with a Russian message and the form as it was typed, loses nothing, and the server goes on
 * answering others meanwhile.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../fixtures/generate'
import { closeServerDb, filesUnder, multipart, photoJobsDone, seededContest, serverDb, uploadsDir } from '../factories-entries'
import { Client, pageText, startServer, type TestServer } from '../setup/server'
import { engine, schema } from '../../db/client.server'
import { originalKey, variantKeys } from '../../app/modules/photos/pipeline.server'

let fixtures: GeneratedFixtures
beforeAll(async () => {
  fixtures = await generateFixtures()
})

/** Two hours ago: past the sweep's grace of an hour, whatever the clock says now. */
const longAgo = () => new Date(Date.now() - 2 * 60 * 60 * 1000)

function writeOld(file: string, bytes = Buffer.alloc(4096, 7)) {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, bytes)
  utimesSync(file, longAgo(), longAgo())
}

async function newResident(server: TestServer, n: string) {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: 'Лебедева Ольга Павловна', email: `faults-${n}-${Date.now()}@example.ru`, password: 'Skvorec2027', consent: 'on' })
  expect(res.status).toBe(302)
  return client
}

function entryForm(snow: Awaited<ReturnType<typeof seededContest>>) {
  const field = (key: string) => `custom.f${snow.fields.find((f) => f.key === key)!.id}`
  return {
    save: 'submit',
    nominationId: String(snow.nominations[1].id),
    title: 'Снежная крепость во дворе',
    description: 'Всем двором строили три дня.',
    address: 'ул. Весенняя, 20',
    'authors[0].fullName': 'Лебедева Ольга Павловна',
    'authors[0].age': '41',
    [field('snow_figures')]: '12',
    [field('snow_towns')]: '1,5',
    consent: 'on',
  }
}

/** The stored files of the photos that have rows: what must survive every sweep and every fault. */
async function realPhotoFiles(server: TestServer) {
  const rows = await serverDb(server).select({ id: schema.photo.id }).from(schema.photo)
  const keys = rows.flatMap((r) => [...variantKeys(r.id), originalKey(r.id)])
  return keys.filter((key) => existsSync(path.join(uploadsDir(server), key))).sort()
}

/** Waits (a bounded number of looks) until the server's output says `text`. */
async function outputSays(server: TestServer, text: string, after = 0) {
  for (let i = 0; i < 600; i++) {
    if (server.output().indexOf(text, after) >= 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`The server never said «${text}»:\n${server.output().slice(-2000)}`)
}

describe('a server killed in the middle of an upload', () => {
  let first: TestServer
  let second: TestServer | undefined
  afterAll(async () => {
    await second?.stop()
    if (first) await closeServerDb(first)
    await first?.stop()
  })

  it('leaves parts and files without photos that the next start sweeps once they are an hour old, and nothing else', async () => {
    first = await startServer({ BENCH: '1' })
    const snow = await seededContest(serverDb(first), 'snezhnyj-kalejdoskop')
    const client = await newResident(first, 'kill')
    const uploads = uploadsDir(first)

    // A phone posting the form with a large photo, slowly: the server has written part of it when it dies.
    const boundary = `----faults${randomUUID()}`
    const head = Object.entries(entryForm(snow))
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('')
    const upload = request(`${first.url}/contests/${snow.contest.slug}/apply`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(20 * 1024 * 1024),
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: first.url,
      },
    })
    upload.on('error', () => {})
    upload.write(head + `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`)
    const incoming = path.join(uploads, '.incoming')
    const written = () => (existsSync(incoming) ? readdirSync(incoming).filter((n) => statSync(path.join(incoming, n)).size > 0) : [])
    for (let i = 0; i < 400 && written().length === 0; i++) {
      upload.write(Buffer.alloc(64 * 1024, 1))
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const [killedPart] = written()
    expect(killedPart, 'the server wrote part of the upload').toBeDefined()
    process.kill(first.pid, 'SIGKILL')
    await new Promise((resolve) => upload.once('close', resolve).destroy())

    // What else a process killed midway leaves: the local storage's temp file, a job's copy, and the
    // variants and kept upload of a photo whose row was never committed. All an hour old by now.
    utimesSync(path.join(incoming, killedPart), longAgo(), longAgo())
    const ghost = randomUUID()
    const leftovers = ['.tmp/3f1c.part', '.jobs/job-1.part', ...variantKeys(ghost), originalKey(ghost)]
    for (const key of leftovers) writeOld(path.join(uploads, key))
    // Parts and a file being written right now, by another instance on the same folder: not an hour old.
    const fresh = randomUUID()
    const writing = ['.incoming/now.part', '.tmp/now.part', '.jobs/job-now.part', variantKeys(fresh)[0]]
    for (const key of writing) {
      mkdirSync(path.dirname(path.join(uploads, key)), { recursive: true })
      writeFileSync(path.join(uploads, key), 'being written')
    }
    // The real photos' files, however old, are the photos' own.
    const real = await realPhotoFiles(first)
    expect(real.length).toBeGreaterThan(10)
    for (const key of real) utimesSync(path.join(uploads, key), longAgo(), longAgo())

    second = await startServer({ BENCH: '1', UPLOADS_DIR: uploads, ...(engine === 'postgres' ? { DATABASE_URL: first.dbPath } : { DATABASE_PATH: first.dbPath }) })
    await outputSays(second, 'Уборка загрузок')
    expect(second.output()).toContain('частей незаконченных загрузок — 3')
    expect(second.output()).toContain('файлов без фотографий — 4')

    const left = await filesUnder(uploads)
    expect(left).not.toContain(path.join('.incoming', killedPart))
    for (const key of leftovers) expect(left).not.toContain(path.normalize(key))
    for (const key of writing) expect(left).toContain(path.normalize(key))
    expect(await realPhotoFiles(first)).toEqual(real)
    // The interrupted form saved nothing, and the server answers.
    expect(await serverDb(first).select().from(schema.entry)).not.toContainEqual(expect.objectContaining({ title: 'Снежная крепость во дворе' }))
    expect((await fetch(`${second.url}/hello`)).status).toBe(200)
  })
})

/**
 * Makes the uploads folder refuse writes, as a read-only mount or a folder of another user does. Not as
 * root (CI runs as root, whom permissions do not stop): there every folder is made immutable
 * (`chattr +i`), which stops root too. Returns the undoing, or null when the machine allows neither.
 */
function refuseWrites(root: string, except: string[] = []): (() => void) | null {
  const dirs = [root, ...readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name))].filter(
    (dir) => !except.includes(path.relative(root, dir)),
  )
  if (process.getuid?.() !== 0) {
    for (const dir of dirs) chmodSync(dir, 0o555)
    return () => dirs.forEach((dir) => chmodSync(dir, 0o755))
  }
  try {
    execFileSync('chattr', ['+i', ...dirs], { stdio: 'pipe' })
  } catch {
    execFileSync('chattr', ['-i', ...dirs], { stdio: 'ignore' })
    return null
  }
  return () => execFileSync('chattr', ['-i', ...dirs], { stdio: 'pipe' })
}

describe('an uploads folder the server cannot write to', () => {
  let server: TestServer
  let undo: (() => void) | null = null
  beforeAll(async () => {
    server = await startServer({ BENCH: '1' })
  })
  afterAll(async () => {
    undo?.()
    if (server) await closeServerDb(server)
    await server?.stop()
  })

  it('answers the form with the reason in Russian and the form as typed, loses nothing, and goes on answering others', async (ctx) => {
    const snow = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
    const client = await newResident(server, 'readonly')
    await photoJobsDone(server)
    const db = serverDb(server)
    const counts = async () => ({ entries: (await db.select().from(schema.entry)).length, photos: (await db.select().from(schema.photo)).length })
    const before = await counts()
    const real = await realPhotoFiles(server)
    const photoFile = { name: 'dvor.jpg', file: fixtures.orientation[1], type: 'image/jpeg' }

    undo = refuseWrites(uploadsDir(server))
    if (!undo) return ctx.skip('neither permissions nor chattr can make a folder read-only for this user here')

    const [res, hello] = await Promise.all([
      client.post(`/contests/${snow.contest.slug}/apply`, multipart(entryForm(snow), [photoFile, { ...photoFile, name: 'gorka.jpg' }])),
      fetch(`${server.url}/hello`),
    ])
    expect(hello.status).toBe(200)
    expect(res.status).toBe(503)
    const html = pageText(await res.text())
    expect(html).toContain('Не удалось сохранить фотографии: хранилище на сервере сейчас закрыто для записи. Попробуйте ещё раз немного позже')
    expect(html).not.toContain('Что-то пошло не так')
    for (const typed of ['Снежная крепость во дворе', 'ул. Весенняя, 20', 'Лебедева Ольга Павловна', '41', '1,5']) expect(html).toContain(`value="${typed}"`)
    expect(html).toContain('Всем двором строили три дня.')

    // A request's files written, but the storage refusing to keep them: the same answer, nothing left behind.
    undo()
    mkdirSync(path.join(uploadsDir(server), '.incoming'), { recursive: true })
    undo = refuseWrites(uploadsDir(server), ['.incoming'])!
    const kept = await client.post(`/contests/${snow.contest.slug}/apply`, multipart(entryForm(snow), [photoFile, { ...photoFile, name: 'gorka.jpg' }]))
    expect(kept.status).toBe(503)
    const keptHtml = pageText(await kept.text())
    expect(keptHtml).toContain('Не удалось сохранить фотографии: хранилище на сервере сейчас закрыто для записи')
    expect(keptHtml).toContain('value="Снежная крепость во дворе"')
    expect(await filesUnder(path.join(uploadsDir(server), '.incoming'))).toEqual([])

    // The page's own upload (with JavaScript) says the same, as JSON.
    const ahead = await client.post(`/resources/photos/upload?contest=${snow.contest.id}`, multipart({}, [photoFile], 'photo'))
    expect(ahead.status).toBe(503)
    expect(((await ahead.json()) as { error: string }).error).toContain('хранилище на сервере сейчас закрыто для записи')

    // A form without new photos does not need the disk: an edit of a draft still saves.
    const draft = await client.post(`/contests/${snow.contest.slug}/apply`, multipart({ ...entryForm(snow), save: 'draft', title: 'Черновик без фото' }))
    expect(draft.status).toBe(302)

    // Nothing lost: no entry or photo half made, every real photo's file in place and served.
    expect(await counts()).toEqual({ ...before, entries: before.entries + 1 })
    expect(await realPhotoFiles(server)).toEqual(real)
    expect((await fetch(`${server.url}/hello`)).status).toBe(200)

    // Once the folder can be written again, the same form goes through.
    undo()
    undo = null
    const again = await client.post(`/contests/${snow.contest.slug}/apply`, multipart(entryForm(snow), [photoFile]))
    expect(again.status).toBe(302)
  })
})
