/**
 * Loaders and actions called in the test process, for tests with no HTTP detail under test: no built
 * server, no port, no login form. The app's own database client opens a real SQLite file of the test
 * file's own (vitest runs each file in a process of its own), and sessions come from the app's auth module.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { getDb, type DB } from '../../db/client.server'
import { startSession } from '../../app/utils/auth.server'

/**
 * Points the app at a fresh, migrated database in a temp folder (uploads beside it) and returns it for
 * the factories. Call once per test file, before anything in the app has opened the database.
 */
export function openAppDatabase(): DB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-inprocess-'))
  const file = path.join(dir, 'app.db')
  process.env.DATABASE_PATH = file
  process.env.UPLOADS_DIR = path.join(dir, 'uploads')
  const db = getDb()
  // The client keeps its first connection for the whole process: a second call would test the wrong file.
  if (db.$client.name !== file) throw new Error(`The app's database was opened before openAppDatabase (${db.$client.name})`)
  return db
}

/** The cookie a browser sends after the user logs in. */
export async function sessionCookie(userId: string) {
  const setCookie = await startSession(userId)
  return setCookie.split(';')[0]
}

/** What a user notices of an answer: the status, where a redirect goes, the data or the message, and the cookies it sets (a toast). */
export type Answer = { status: number; location: string | null; data: unknown; setCookies: string[] }

type Call = { path: string; params?: Record<string, string>; cookie?: string }

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown
  action?: (args: ActionFunctionArgs) => unknown
}

const ORIGIN = 'http://konkurs.test'

export async function load(route: RouteModule, call: Call): Promise<Answer> {
  if (!route.loader) throw new Error(`No loader for ${call.path}`)
  const request = new Request(ORIGIN + call.path, { headers: call.cookie ? { cookie: call.cookie } : {} })
  return settle(() => route.loader!({ request, params: call.params ?? {}, context: {} }))
}

/** Posts the form as a browser does (urlencoded, repeated names for lists; multipart when given FormData, for files). */
export async function act(
  route: RouteModule,
  /** `context`: what server.ts gives the app, e.g. the client's address (`ip`) that per-address limits count. */
  call: Call & { form: Record<string, string> | URLSearchParams | FormData; context?: AppLoadContext },
): Promise<Answer> {
  if (!route.action) throw new Error(`No action for ${call.path}`)
  const request = new Request(ORIGIN + call.path, {
    method: 'POST',
    body: call.form instanceof URLSearchParams || call.form instanceof FormData ? call.form : new URLSearchParams(call.form),
    headers: { origin: ORIGIN, ...(call.cookie ? { cookie: call.cookie } : {}) },
  })
  return settle(() => route.action!({ request, params: call.params ?? {}, context: call.context ?? {} }))
}

/** Remix answers a thrown Response as it answers a returned one (a refusal, a redirect to log in). */
async function settle(run: () => unknown): Promise<Answer> {
  try {
    return await answer(await run())
  } catch (thrown) {
    if (thrown instanceof Response || isDataWithInit(thrown)) return answer(thrown)
    throw thrown
  }
}

async function answer(value: unknown): Promise<Answer> {
  if (value instanceof Response) {
    const type = value.headers.get('content-type') ?? ''
    const data = value.body === null ? null : type.includes('json') ? await value.json() : await value.text()
    return { status: value.status, location: value.headers.get('location'), data, setCookies: value.headers.getSetCookie() }
  }
  if (isDataWithInit(value)) {
    const init = typeof value.init === 'number' ? { status: value.init } : (value.init ?? {})
    const headers = new Headers(init.headers)
    return { status: init.status ?? 200, location: headers.get('location'), data: value.data, setCookies: headers.getSetCookie() }
  }
  return { status: 200, location: null, data: value, setCookies: [] }
}

// `data()` of @remix-run/node: its class is not exported, so it is told by the tag Remix itself reads.
function isDataWithInit(value: unknown): value is { data: unknown; init: number | ResponseInit | null } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'DataWithResponseInit'
}
