/**
 * The HTTP server: express + Remix. Compression, security headers with a per-request CSP nonce,
 * the same-origin check and rate limits for every form post, long-lived caching of built assets.
 */
import crypto from 'node:crypto'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type Request, type Response } from 'express'
import { rateLimit } from 'express-rate-limit'
import helmet from 'helmet'
import { prepareDatabase } from './app/utils/prepare-database.server'
import { getEnv } from './app/utils/env.server'
import { PageCache, pageCacheMiddleware } from './app/utils/page-cache.server'
import { DatabaseStore } from './app/utils/rate-limit-store.server'
import { engine } from './db/client.server'

/** What the app's entry module gives the HTTP server (app/entry.server.tsx). */
type AppBuild = ServerBuild & {
  entry: {
    module: {
      isTrustedOrigin: (h: Record<string, string | undefined>) => boolean
      hasSessionCookie: (cookieHeader: string | undefined) => boolean
      withRequestSessions: <T>(handle: () => T) => T
      dataVersion: () => string
      startPhotoWorker: () => unknown
      stopPhotoWorker: (graceMs?: number) => Promise<void>
      startSweeper: () => void
    }
  }
}

// At most this much of rendered pages is kept (the oldest used go first).
const PAGE_CACHE_BYTES = 64 * 1024 * 1024

const env = getEnv()
const production = env.NODE_ENV === 'production'

const viteDevServer = production
  ? undefined
  : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))

async function loadBuild(): Promise<AppBuild> {
  if (viteDevServer) return (await viteDevServer.ssrLoadModule('virtual:remix/server-build')) as AppBuild
  return (await import(path.resolve('build/server/index.js'))) as AppBuild
}

await prepareDatabase()

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', process.env.TRUST_PROXY ? Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY : false)
app.use(compression())

app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  next()
})

app.use(
  helmet({
    contentSecurityPolicy: production
      ? {
          useDefaults: true,
          directives: {
            'default-src': ["'self'"],
            'script-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
            'style-src': ["'self'"],
            'img-src': ["'self'", 'data:', 'blob:'],
            'connect-src': ["'self'"],
            // The altcha widget solves the vote's proof of work in workers it makes from blob: URLs (docs/decisions/037).
            'worker-src': ["'self'", 'blob:'],
            'font-src': ["'self'"],
            'form-action': ["'self'"],
            'frame-ancestors': ["'none'"],
            'object-src': ["'none'"],
            'base-uri': ["'self'"],
            'upgrade-insecure-requests': null,
          },
        }
      : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: production && env.COOKIE_SECURE !== 'false',
  }),
)

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  // Hashed file names: safe to cache for a year.
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(express.static('build/client', { maxAge: '1h' }))
}

// Remix's data requests of before single fetch (`?_data=routes/…`): the app's own pages never make them
// (they ask `<path>.data`), and Remix would answer one with a 500 and a logged stack trace.
const asksOldData = (req: Request) => {
  try {
    return new URL(req.originalUrl, 'http://localhost').searchParams.has('_data')
  } catch {
    return false
  }
}
app.use((req, res, next) => {
  if (!asksOldData(req)) return next()
  res.status(400).type('text/plain; charset=utf-8').send('Запрос отклонён: такой запрос данных не поддерживается.')
})

const tooMany = (message: string) => (_req: Request, res: Response) => {
  res.status(429).type('text/plain; charset=utf-8').send(message)
}
const windowMs = env.RATE_LIMIT_WINDOW_SECONDS * 1000
const isWrite = (req: Request) => !['GET', 'HEAD', 'OPTIONS'].includes(req.method)
// Counted in the database when several instances share it (RATE_LIMIT_STORE, app/utils/rate-limit-store.server.ts).
const countsShared = (env.RATE_LIMIT_STORE ?? (engine === 'postgres' ? 'database' : 'memory')) === 'database'
const countedIn = (limiter: string) => (countsShared ? { store: new DatabaseStore(limiter) } : {})

/**
 * The path as Remix matches it to a route: without the `.data` of a single fetch, each segment decoded,
 * any letter case, trailing slashes dropped. `/Login/`, `/LOGIN.data` and `/%6Cogin` are all /login's
 * route, so a limit on a route is counted on this, never on the string asked for.
 */
function routePath(req: Request) {
  const decoded = req.path
    .replace(/\.data$/, '')
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
    .join('/')
  return decoded.replace(/\/+$/, '').toLowerCase() || '/'
}
const onRoutes = (...paths: string[]) => (req: Request) => paths.includes(routePath(req))

// Log in and registration: brute force and mass sign-ups.
const isAuthRoute = onRoutes('/login', '/register')
app.use(
  rateLimit({
    windowMs,
    limit: env.RATE_LIMIT_AUTH,
    ...countedIn('auth'),
    skip: (req) => !isWrite(req) || !isAuthRoute(req),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooMany('Слишком много попыток. Подождите минуту и попробуйте снова.'),
  }),
)
// Password-reset letters asked from one IP: an hour's window (the per-address limit is the action's,
// in the database: app/modules/accounts/recovery.server.ts).
const isResetRoute = onRoutes('/forgot-password')
app.use(
  rateLimit({
    windowMs: 3_600_000,
    limit: env.RATE_LIMIT_RESET,
    ...countedIn('reset-ip'),
    skip: (req) => !isWrite(req) || !isResetRoute(req),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooMany('Слишком много запросов на восстановление пароля. Попробуйте через час.'),
  }),
)
// Every other form post.
app.use(
  rateLimit({
    windowMs,
    limit: env.RATE_LIMIT_POST,
    ...countedIn('post'),
    skip: (req) => !isWrite(req),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooMany('Слишком много запросов. Подождите минуту и попробуйте снова.'),
  }),
)

// What a post may weigh, refused by its Content-Length before anything reads it. A guest's forms (log
// in, registration, a new password, an invitation) carry no file and a few hundred characters: 64 KB
// whatever the type, so that nobody who has not signed in makes the server read megabytes. A signed-in
// person's forms without files hold at most a contest's texts: 1 MB. Files go as multipart to the
// upload routes, which count their own limits as they read (app/modules/photos/uploads.server.ts), or
// as the bytes of a resumable upload (tus), whose server counts them against the same limit
// (app/modules/photos/resumable.server.ts).
// An oversized post is read to its end and discarded before the answer: a browser still sending it
// would otherwise see a reset connection instead of the page that says what happened.
const GUEST_BODY_LIMIT = 64 * 1024
const FORM_BODY_LIMIT = 1024 * 1024
const TOO_LARGE_PAGE = `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Слишком большой запрос — Городские конкурсы</title></head>
<body>
<main>
<h1>Слишком большой запрос</h1>
<p>В форме слишком много текста, поэтому она не сохранена. Вернитесь на предыдущую страницу кнопкой браузера «Назад», сократите текст и отправьте форму снова.</p>
<p><a href="/">На главную страницу</a></p>
</main>
</body>
</html>
`
// In production the build is loaded once and handed to Remix as it is: given a function, Remix would
// rebuild its route tables on every request.
const productionBuild = viteDevServer ? undefined : await loadBuild()
const getBuild = async () => productionBuild ?? loadBuild()

const sendsFile = (req: Request) => !!req.is('multipart/form-data') || !!req.is('application/offset+octet-stream')
const bodyLimit = (req: Request, signedIn: boolean) => (!signedIn ? GUEST_BODY_LIMIT : sendsFile(req) ? null : FORM_BODY_LIMIT)
app.use(async (req, res, next) => {
  if (!isWrite(req)) return next()
  const limit = bodyLimit(req, (await getBuild()).entry.module.hasSessionCookie(req.get('cookie')))
  if (limit === null) return next()
  const length = req.get('content-length')
  if (length === undefined && req.get('transfer-encoding')) {
    // A body of unknown length cannot be refused before it is read; browsers always give the length.
    res.status(411).type('text/plain; charset=utf-8').set('Connection', 'close').send('Запрос отклонён: не указан размер формы.')
    return
  }
  if (Number(length ?? 0) <= limit) return next()
  req.on('end', () => res.status(413).type('html').send(TOO_LARGE_PAGE))
  req.resume()
})

// CSRF: a form posted from another site is refused before any action runs.
app.use(async (req, res, next) => {
  if (!isWrite(req)) return next()
  const build = await getBuild()
  const trusted = build.entry.module.isTrustedOrigin({
    origin: req.get('origin'),
    referer: req.get('referer'),
    host: req.get('x-forwarded-host') && app.get('trust proxy') ? req.get('x-forwarded-host') : req.get('host'),
  })
  if (!trusted) {
    res.status(403).type('text/plain; charset=utf-8').send('Запрос отклонён: форма отправлена с другого сайта.')
    return
  }
  next()
})

// Guests' pages are reused while the database has not changed and for a few seconds at most, and a
// crowd of identical requests is rendered once (app/utils/page-cache.server.ts, docs/decisions/011).
const pageCache = new PageCache(env.PAGE_CACHE_SECONDS * 1000, PAGE_CACHE_BYTES)
app.get(
  '*',
  pageCacheMiddleware(pageCache, {
    dataVersion: async () => (await getBuild()).entry.module.dataVersion(),
    nonce: (res) => res.locals.cspNonce as string,
  }),
)

const remixHandler = createRequestHandler({
  build: productionBuild ?? getBuild,
  mode: env.NODE_ENV,
  getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, receivedAt: performance.now(), ip: req.ip }),
})
// Every loader and action of one request gets its own copy of the request: the session is read once
// for all of them (app/utils/auth.server.ts).
app.all('*', async (req, res, next) => {
  const { withRequestSessions } = (await getBuild()).entry.module
  await withRequestSessions(() => remixHandler(req, res, next))
})

// Photos are processed by a worker inside this process unless PHOTO_WORKER=off (separate workers,
// `npm run worker`): docs/decisions/020-photo-processing-queue.md.
const appModule = (await getBuild()).entry.module
appModule.startPhotoWorker()
// Leftovers of a process killed midway (parts of uploads, files with no photo) are swept now and every
// hour, once they are an hour old (app/modules/photos/sweep.server.ts).
appModule.startSweeper()

const server = app.listen(env.PORT, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  console.log(`Городские конкурсы: http://localhost:${port}`)
  if (env.NODE_ENV === 'production' && !env.ALTCHA_HMAC_KEY) {
    console.warn('ALTCHA_HMAC_KEY is not set: the votes’ proof-of-work challenges are signed with a key of this process alone. Set one key for every instance (docs/deployment.md).')
  }
})

// Longer than the idle timeout of the usual proxies and clients (60 s): a connection the server closes
// while the other side still counts it open takes that side's next request with it (EPIPE).
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A photo job still running after 2 s goes back to the queue for the next worker.
    const stopped = appModule.stopPhotoWorker(2000).catch((error: unknown) => console.error('Photo worker did not stop cleanly', error))
    server.close(() => void stopped.then(() => process.exit(0)))
    setTimeout(() => process.exit(0), 3000).unref()
  })
}
