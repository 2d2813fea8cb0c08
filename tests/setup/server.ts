import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../db/seed'
import type { Role } from '../../db/schema/enums'
import { engine } from '../../db/client.server'
import { createDatabase, databaseUrl, dropDatabase } from './postgres-server'

/** `dbPath`: what openDatabase takes for the server's database: its SQLite file, or its PostgreSQL URL when the run is on PostgreSQL. */
export type TestServer = {
  url: string
  pid: number
  dbPath: string
  dir: string
  /** The environment the server runs with: a photo worker of its own takes the same (startPhotoWorker). */
  env: Record<string, string>
  stop: () => Promise<void>
  output: () => string
}

/** The built server, started with plain node as in production (`npm run build` makes it). */
export const BUILT_SERVER = 'build/server.js'
/** The built photo worker (`npm run worker`), built with the server. */
export const BUILT_WORKER = 'build/worker.js'

/**
 * Where the run's pre-seeded demo database and its uploads lie (`app.db`, `uploads/`), set by the global
 * setup (tests/setup/demo-template.ts). Without it, each server seeds its own on start.
 */
export const DEMO_TEMPLATE_ENV = 'KONKURS_DEMO_TEMPLATE'
/** On PostgreSQL, the name of the run's pre-seeded demo database, which each server's is a copy of. */
export const DEMO_TEMPLATE_DB_ENV = 'KONKURS_DEMO_TEMPLATE_DB'

export function assertBuilt() {
  for (const file of [BUILT_SERVER, BUILT_WORKER, 'build/server/index.js']) {
    if (!fs.existsSync(file)) throw new Error(`No build (${file}): run \`npm run build\` first (npm test does).`)
  }
}

/**
 * Starts the real production server (`node build/server.js`, `npm run build` first) on a random port,
 * with a database file and uploads folder of its own: a copy of the run's pre-seeded demo when there is
 * one (`seedAtStart` makes the server seed an empty database itself, as on a first start).
 */
export async function startServer(env: Record<string, string | undefined> = {}, options: { seedAtStart?: boolean } = {}): Promise<TestServer> {
  assertBuilt()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-test-'))
  const dbPath = path.join(dir, 'app.db')
  const uploadsDir = path.join(dir, 'uploads')
  const template = process.env[DEMO_TEMPLATE_ENV]
  const fromTemplate = !!template && !options.seedAtStart && env.DATABASE_PATH === undefined && env.DATABASE_URL === undefined && env.SEED_DEMO !== 'false'
  if (fromTemplate) {
    if (engine === 'sqlite') fs.copyFileSync(path.join(template, 'app.db'), dbPath)
    fs.cpSync(path.join(template, 'uploads'), uploadsDir, { recursive: true })
  }
  // On PostgreSQL, a database of the server's own (a copy of the demo's), dropped when it stops.
  let database: string | null = null
  if (engine === 'postgres' && env.DATABASE_URL === undefined) {
    database = `konkurs_srv_${randomBytes(5).toString('hex')}`
    await createDatabase(database, fromTemplate ? process.env[DEMO_TEMPLATE_DB_ENV] : undefined)
  }
  const fullEnv: Record<string, string | undefined> = {
    ...process.env,
    [DEMO_TEMPLATE_ENV]: undefined,
    NODE_ENV: 'production',
    // The system picks a free port as the server listens, and the server prints it: a port picked here
    // first could be taken by another run's server before this one listens.
    PORT: '0',
    DATABASE_PATH: dbPath,
    DATABASE_URL: database ? databaseUrl(database) : undefined,
    [DEMO_TEMPLATE_DB_ENV]: undefined,
    UPLOADS_DIR: uploadsDir,
    COOKIE_SECURE: 'false',
    RATE_LIMIT_AUTH: '1000',
    RATE_LIMIT_POST: '10000',
    RATE_LIMIT_RESET: '1000',
    ALTCHA_HMAC_KEY: 'test-altcha-key-0123456789',
    VOTE_POW_MAX_NUMBER: '200',
    // Tests see every change at once; the guests' page cache has its own test.
    PAGE_CACHE_SECONDS: '0',
    ...env,
  }
  // A key given as undefined is removed, to test the defaults.
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k]
  const child: ChildProcess = spawn(process.execPath, [BUILT_SERVER], { env: fullEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start:\n${output}`)), 60_000)
    const check = () => {
      const listening = /http:\/\/localhost:(\d+)/.exec(output)
      if (listening) {
        clearTimeout(timer)
        resolve(Number(listening[1]))
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Server exited with ${code}:\n${output}`))
    })
  }).catch(async (error: unknown) => {
    if (database) await dropDatabase(database)
    throw error
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    dbPath: database ? databaseUrl(database) : (env.DATABASE_URL ?? env.DATABASE_PATH ?? dbPath),
    dir,
    env: fullEnv as Record<string, string>,
    output: () => output,
    stop: async () => {
      // Killed by the test itself (SIGKILL, as a machine dies), it has exited already.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
      if (database) await dropDatabase(database)
    },
  }
}

export type TestWorker = { pid: number; output: () => string; kill: (signal: NodeJS.Signals) => Promise<void> }

/**
 * Starts a photo worker of the server's own as `npm run worker` does (`node build/worker.js`), on the
 * server's database and storage, with `env` on top; resolves once it says it runs. Killed with the
 * signal given (SIGKILL: as a machine dies), and in any case when the test process ends.
 */
export async function startPhotoWorker(server: TestServer, env: Record<string, string | undefined> = {}): Promise<TestWorker> {
  const fullEnv: Record<string, string | undefined> = { ...server.env, ...env }
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k]
  const child = spawn(process.execPath, [BUILT_WORKER], { env: fullEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  process.once('exit', () => child.kill('SIGKILL'))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Photo worker did not start:\n${output}`)), 60_000)
    const check = () => {
      if (output.includes('обработка фотографий запущена')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', check)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`Photo worker exited:\n${output}`))
    })
  })
  return {
    pid: child.pid!,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal)
        await exited
      }
    },
  }
}

/**
 * A database of the test's own, for a server or script it starts itself: the variables that point the
 * process at it, what openDatabase takes for it, and its removal (an empty SQLite file, or an empty
 * PostgreSQL database on a run on PostgreSQL).
 */
export async function ownDatabase(): Promise<{ env: Record<string, string>; target: string; remove: () => Promise<void> }> {
  if (engine === 'postgres') {
    const name = `konkurs_own_${randomBytes(5).toString('hex')}`
    await createDatabase(name)
    const url = databaseUrl(name)
    return { env: { DATABASE_URL: url }, target: url, remove: () => dropDatabase(name) }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-own-'))
  const file = path.join(dir, 'app.db')
  return { env: { DATABASE_PATH: file }, target: file, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/**
 * The guest page at `url` once the server has learnt of a change committed elsewhere: at once on
 * SQLite; on PostgreSQL the change's notification reaches each instance a moment after the commit
 * (docs/decisions/018), so the page is asked for again, a bounded number of times, until the server
 * renders it anew (`x-page-cache: miss`). The page must be in the cache before the change (asked for
 * once): otherwise its first render may come before the notice, which then empties the cache again.
 */
export async function pageAfterChange(url: string) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url)
    if (res.headers.get('x-page-cache') === 'miss' || engine === 'sqlite' || attempt === 50) return res
    await res.text()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A browser-like client: keeps cookies, sends Origin with posts, never follows redirects on its own. */
export class Client {
  cookies = new Map<string, string>()
  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async get(pathname: string, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + pathname, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } })
    this.remember(res)
    return res
  }

  async post(pathname: string, form: Record<string, string> | URLSearchParams | FormData, headers: Record<string, string> = {}) {
    const body = form instanceof URLSearchParams || form instanceof FormData ? form : new URLSearchParams(form)
    const res = await fetch(this.base + pathname, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: { cookie: this.cookieHeader(), origin: this.base, ...headers },
    })
    this.remember(res)
    return res
  }

  async login(email: string, password: string) {
    const res = await this.post('/login', { email, password })
    if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`)
    return res
  }
}

/** The demo accounts the server seeds, by role. */
export const DEMO = {
  password: DEMO_PASSWORD,
  ...(Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, a.email])) as Record<Role, string>),
}

/** The text of a page as a person reads it: React's separators between adjacent text nodes removed. */
export function pageText(html: string) {
  return html.replace(/<!-- -->/g, '')
}

/**
 * The page without its scripts: what is shown, not the loader data the page carries for hydration
 * (which holds every string a loader returned); soft hyphens, which show only where a word breaks, are left out.
 */
export function shownText(html: string) {
  return pageText(html.replace(/<script\b[\s\S]*?<\/script>/gi, '')).replaceAll('\u00ad', '')
}
