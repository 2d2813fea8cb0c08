/**
 * The only module that knows about lucia (see docs/decisions/002-sessions-with-lucia.md):
 * sessions, the session cookie, password hashing and the same-origin check live here.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { hash, verify } from '@node-rs/argon2'
import { redirect } from '@remix-run/node'
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import { Lucia, TimeSpan, verifyRequestOrigin, type Adapter, type DatabaseSession, type DatabaseUser, type Session } from 'lucia'
import { getDb, prepareOnce, runPrepared, schema, type DB } from '../../db/client.server'
import { getEnv } from './env.server'
import { hashSecret } from './secret-token.server'
import type { Role } from '../../db/schema'
import { withRedirect } from '../modules/accounts/validation'

/** The name of the session cookie (the page cache serves no page to a request carrying any other cookie). */
export const SESSION_COOKIE = 'session'
const SESSION_LIFETIME = new TimeSpan(30, 'd')

let luciaInstance: ReturnType<typeof createLucia> | undefined

/**
 * What the session table keeps of a session id: its SHA-256 (as of every secret, secret-token.server.ts).
 * The id is the cookie's secret; a copy of the database gives no one a way into an account.
 */
const storedSessionId = (sessionId: string) => hashSecret(sessionId)

/**
 * A session, its user and the user's roles, by the hash of the session's id: the one statement every
 * signed-in request makes (a row per role, one row without roles).
 */
const sessionStatement = prepareOnce(() => {
  const { session, user, userRole } = schema
  return getDb()
    .select({
      userId: session.userId,
      expiresAt: session.expiresAt,
      userAgent: session.userAgent,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      fullName: user.fullName,
      districtId: user.districtId,
      centreId: user.centreId,
      organisationId: user.organisationId,
      role: userRole.role,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .leftJoin(userRole, eq(userRole.userId, session.userId))
    .where(eq(session.id, sql.placeholder('id')))
    .prepare()
})

/** Seconds, as the session table keeps its expiry (the same on both engines, docs/decisions/018). */
const toSeconds = (date: Date) => Math.floor(date.getTime() / 1000)

/**
 * lucia's storage of sessions, on the services' one query API so that it runs on either engine. lucia
 * hands it session ids; the table is written and searched by their hashes only. The lookup every
 * signed-in request makes is the prepared statement above, which brings the whole CurrentUser.
 */
class SessionAdapter implements Adapter {
  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const rows = await runPrepared(sessionStatement(), 'all', { id: storedSessionId(sessionId) })
    const [row] = rows
    if (!row) return [null, null]
    const { userId, expiresAt, userAgent, role: _role, ...attributes } = row
    const roles = rows.flatMap((r) => (r.role ? [r.role] : []))
    return [
      { id: sessionId, userId, expiresAt: new Date(expiresAt * 1000), attributes: { userAgent } },
      { id: userId, attributes: { ...attributes, roles } },
    ]
  }

  /** The sessions' ids are not kept, only their hashes: lucia's list of a user's sessions is not used here (listSessions is). */
  async getUserSessions(): Promise<DatabaseSession[]> {
    throw new Error('Session ids are stored hashed: use listSessions')
  }

  async setSession(s: DatabaseSession) {
    await getDb()
      .insert(schema.session)
      .values({ id: storedSessionId(s.id), userId: s.userId, expiresAt: toSeconds(s.expiresAt), createdAt: new Date(), userAgent: s.attributes.userAgent })
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date) {
    await getDb().update(schema.session).set({ expiresAt: toSeconds(expiresAt) }).where(eq(schema.session.id, storedSessionId(sessionId)))
  }

  async deleteSession(sessionId: string) {
    await getDb().delete(schema.session).where(eq(schema.session.id, storedSessionId(sessionId)))
  }

  async deleteUserSessions(userId: string) {
    await getDb().delete(schema.session).where(eq(schema.session.userId, userId))
  }

  async deleteExpiredSessions() {
    await getDb().delete(schema.session).where(lte(schema.session.expiresAt, toSeconds(new Date())))
  }
}

function createLucia() {
  const env = getEnv()
  const secure = env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production'
  return new Lucia(new SessionAdapter(), {
    sessionExpiresIn: SESSION_LIFETIME,
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure, sameSite: 'lax' } },
    getUserAttributes: (attributes) => attributes,
  })
}

function lucia() {
  luciaInstance ??= createLucia()
  return luciaInstance
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>
    DatabaseUserAttributes: Omit<CurrentUser, 'id'>
    DatabaseSessionAttributes: { userAgent: string | null }
  }
}

// OWASP's minimum for argon2id: m=19 MiB, t=2, p=1.
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string) {
  return hash(password, ARGON2)
}

// Verified against when the e-mail is unknown, so both failures cost the same time.
let dummyHash: Promise<string> | undefined

export async function verifyPassword(passwordHash: string | null | undefined, password: string) {
  if (!passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password')
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  return verify(passwordHash, password).catch(() => false)
}

export type CurrentUser = {
  id: string
  email: string | null
  /** When the address was confirmed; null while it is not (isVerified in the accounts module reads it). */
  emailVerifiedAt: Date | null
  fullName: string
  roles: Role[]
  districtId: number | null
  /** An operator's ЦРН (the directory's centres). */
  centreId: number | null
  organisationId: number | null
}

type SessionResult = { user: CurrentUser; session: Session } | { user: null; session: null }

type PendingSession = Promise<SessionResult & { setCookie?: string }>

/**
 * The session read once per HTTP request. Remix hands each loader and action a copy of the request
 * of its own, so the server runs each request inside `withRequestSessions` (server.ts), and the read
 * is kept there by the cookie the request carries; without it (loaders called in tests), per Request.
 */
const requestSessions = new AsyncLocalStorage<Map<string, PendingSession>>()
const perRequest = new WeakMap<Request, PendingSession>()

export function withRequestSessions<T>(handle: () => T): T {
  return requestSessions.run(new Map(), handle)
}

function readSession(request: Request) {
  const scope = requestSessions.getStore()
  const cookie = request.headers.get('cookie') ?? ''
  let pending = scope?.get(cookie) ?? perRequest.get(request)
  if (!pending) {
    pending = (async () => {
      const sessionId = lucia().readSessionCookie(cookie)
      if (!sessionId) return { user: null, session: null }
      const { session, user } = await lucia().validateSession(sessionId)
      if (!session) return { user: null, session: null, setCookie: lucia().createBlankSessionCookie().serialize() }
      return {
        user,
        session,
        setCookie: session.fresh ? lucia().createSessionCookie(session.id).serialize() : undefined,
      }
    })()
    perRequest.set(request, pending)
    scope?.set(cookie, pending)
  }
  return pending
}

/** The signed-in user, or null. Also returns a Set-Cookie value when the session cookie must be renewed or cleared. */
export async function getUser(request: Request) {
  const { user, setCookie } = await readSession(request)
  return { user, setCookie }
}

/** The log-in page that comes back to this request's page afterwards. */
export function loginRedirectUrl(request: Request) {
  const url = new URL(request.url)
  return withRedirect('/login', url.pathname + url.search)
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const { user } = await readSession(request)
  if (!user) throw redirect(loginRedirectUrl(request))
  return user
}

export async function requireAnonymous(request: Request) {
  const { user } = await readSession(request)
  if (user) throw redirect('/cabinet')
}

/** The longest User-Agent kept with a session: enough to name any real browser, never a page of text. */
export const USER_AGENT_MAX = 400

/** Starts a session and returns the Set-Cookie header value; the request's browser is kept for the list of sessions. */
export async function startSession(userId: string, request?: Request) {
  const userAgent = request?.headers.get('user-agent')?.slice(0, USER_AGENT_MAX) || null
  const session = await lucia().createSession(userId, { userAgent })
  return lucia().createSessionCookie(session.id).serialize()
}

/** The Set-Cookie value that clears the session cookie (after this browser's session was ended). */
export function blankSessionCookie() {
  return lucia().createBlankSessionCookie().serialize()
}

/**
 * How a page names a session: a hash of its id (the start of the hash the table keeps), since the id
 * itself is the cookie's secret and never goes into a page. Ending a session by its handle finds it
 * among its owner's sessions only.
 */
const handleOfStored = (stored: string) => stored.slice(0, 32)

export function sessionHandle(sessionId: string) {
  return handleOfStored(storedSessionId(sessionId))
}

/** The handle of this request's session, or null without one. */
export async function currentSessionHandle(request: Request) {
  const { session } = await readSession(request)
  return session ? sessionHandle(session.id) : null
}

/** A person's sessions that have not expired, oldest first: when each started and in which browser. */
export async function listSessions(userId: string, now = new Date()) {
  const { session } = schema
  const rows = await getDb()
    .select({ id: session.id, createdAt: session.createdAt, userAgent: session.userAgent })
    .from(session)
    .where(and(eq(session.userId, userId), gt(session.expiresAt, toSeconds(now))))
    .orderBy(asc(session.createdAt), asc(session.id))
  return rows.map(({ id, ...rest }) => ({ handle: handleOfStored(id), ...rest }))
}

/** Which of a person's sessions to end: all, all but this request's, or the one with this handle. */
export type SessionChoice = { all: true } | { except: Request } | { handle: string }

/**
 * Ends some of a person's sessions, in the caller's transaction, and says how many ended. The browsers
 * holding them are signed out on their next request.
 */
export async function endSessions(tx: DB, userId: string, which: SessionChoice) {
  const { session } = schema
  const current = 'except' in which ? (await readSession(which.except)).session?.id : undefined
  const keep = current === undefined ? undefined : storedSessionId(current)
  const ids = (await tx.select({ id: session.id }).from(session).where(eq(session.userId, userId)))
    .map((r) => r.id)
    .filter((id) => ('handle' in which ? handleOfStored(id) === which.handle : id !== keep))
  if (ids.length) await tx.delete(session).where(and(eq(session.userId, userId), inArray(session.id, ids)))
  return ids.length
}

/** Ends the current session (if any) and returns the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request) {
  const { session } = await readSession(request)
  if (session) await lucia().invalidateSession(session.id)
  return lucia().createBlankSessionCookie().serialize()
}

/**
 * Whether a request carries a session cookie, valid or not, read without the database: for what the
 * server decides before the app runs (how large a post may be) and for pages that must not be kept
 * (`Cache-Control: private, no-store`, entry.server.tsx).
 */
export function hasSessionCookie(cookieHeader: string | null | undefined) {
  return !!cookieHeader && lucia().readSessionCookie(cookieHeader) !== null
}

/** What is sent with every page and route data answered to someone signed in: nobody keeps a copy. */
export const SIGNED_IN_CACHE_CONTROL = 'private, no-store'

/**
 * CSRF defence for every non-GET request: the Origin header (or, failing that, the Referer)
 * must name this host. Browsers send Origin with every form post.
 */
export function isTrustedOrigin(headers: { origin?: string; referer?: string; host?: string }) {
  const host = headers.host
  if (!host) return false
  let origin = headers.origin
  if (!origin || origin === 'null') {
    if (!headers.referer) return false
    try {
      origin = new URL(headers.referer).origin
    } catch {
      return false
    }
  }
  return verifyRequestOrigin(origin, [host])
}
