import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { Suspense } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { hasSessionCookie, SIGNED_IN_CACHE_CONTROL } from './utils/auth.server'
import { getEnv } from './utils/env.server'
import { NonceProvider } from './utils/nonce'
import { logSlowPage, slowPageResponse } from './utils/slow-page.server'

// The express server takes the same-origin check from the build, so that lucia stays inside the auth
// module, the database's version (for the page cache) from the app's own connection, and the photo
// worker from the module the services wake it through.
export { hasSessionCookie, isTrustedOrigin, withRequestSessions } from './utils/auth.server'
export { dataVersion } from '../db/client.server'
export { startPhotoWorker, stopPhotoWorker } from './modules/photos/worker.server'
export { startSweeper } from './modules/photos/sweep.server'

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY
/** How long a page may take to render (its data streamed in, docs: single fetch) before it is given up. */
const RENDER_LIMIT = ABORT_DELAY + 1000

/** Tests only (RENDER_TEST_STALL): what never finishes rendering, as a page too slow to make. */
const never = new Promise<never>(() => {})
function Stall(): never {
  // A pending promise thrown is how a component waits in React 18.
  throw never
}
const stalls = (request: Request) => getEnv().RENDER_TEST_STALL === new URL(request.url).pathname

/**
 * React 18.3 flushes its whole 2 KB write buffer when the next Cyrillic letter does not fit in it,
 * zero-filled tail included (fixed in React 19): pages would carry stray NUL bytes, which browsers
 * turn into U+FFFD inside the loader data. The bytes are dropped on the way out.
 */
function withoutNulBytes(page: Buffer) {
  const parts: Buffer[] = []
  let from = 0
  for (let at = page.indexOf(0); at !== -1; at = page.indexOf(0, from)) {
    parts.push(page.subarray(from, at))
    from = at + 1
  }
  return from === 0 ? page : Buffer.concat([...parts, page.subarray(from)])
}

/**
 * The whole page React writes, as one buffer: written to the response in one piece, it is compressed
 * in one call instead of one per 2 KB chunk of React's (about 2 ms of CPU less for the 18 KB scoring
 * page, bench/organiser-scale.ts).
 */
function collect(done: (page: Buffer) => void) {
  const chunks: Buffer[] = []
  return new Writable({
    write(chunk: Buffer, _encoding, next) {
      chunks.push(chunk)
      next()
    },
    final(next) {
      done(withoutNulBytes(Buffer.concat(chunks)))
      next()
    },
  })
}

/**
 * Pages and route data for someone signed in are theirs alone: no browser cache, proxy or page cache
 * keeps them, whatever a route said (the guests' page cache, app/utils/page-cache.server.ts, stores no
 * `no-store` answer and serves no request with a cookie).
 */
function privateWhenSignedIn(request: Request, headers: Headers) {
  if (hasSessionCookie(request.headers.get('cookie'))) headers.set('Cache-Control', SIGNED_IN_CACHE_CONTROL)
}

/**
 * What reaches the server's log: errors of the server, not a request Remix refuses itself because the
 * client asked for something that is not there (a post to a page without a form: 405; an unknown
 * route's data: 404), which anyone could otherwise repeat to fill the log with stack traces.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined
  console.error(inner ?? error)
}

export function handleDataRequest(response: Response, { request }: { request: Request }) {
  try {
    privateWhenSignedIn(request, response.headers)
    return response
  } catch {
    // A response whose headers are immutable: the same answer, with headers that can be set.
    const copy = new Response(response.body, response)
    privateWhenSignedIn(request, copy.headers)
    return copy
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined
  privateWhenSignedIn(request, responseHeaders)
  const started = performance.now()
  return new Promise<Response>((resolve, reject) => {
    // Once the page is answered (whole, refused, or given up as too slow), later news of the render is not.
    let answered = false
    let givenUp = false
    const app = <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    // The tree is the browser's (one child), or React's generated ids (useId) would not match on hydration.
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        {stalls(request) ? (
          <>
            {app}
            <Suspense fallback={null}>
              <Stall />
            </Suspense>
          </>
        ) : (
          app
        )}
      </NonceProvider>,
      {
        nonce,
        // No route defers data, so the page is sent whole: in one write, which costs less than streaming it.
        onAllReady() {
          if (answered) return
          answered = true
          clearTimeout(limit)
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          const body = (page: Buffer) => new Uint8Array(page.buffer as ArrayBuffer, page.byteOffset, page.byteLength)
          pipe(collect((page) => resolve(new Response(body(page), { headers: responseHeaders, status: responseStatusCode }))))
        },
        onShellError(error: unknown) {
          if (answered) return
          answered = true
          clearTimeout(limit)
          reject(error)
        },
        onError(error: unknown) {
          if (givenUp) return
          responseStatusCode = 500
          if (answered) console.error(error)
        },
      },
    )
    // A page still unfinished at the limit (its loaders' data still streaming in, on a server too busy)
    // would go out cut off where the render stopped: it is given up, said in the log, and answered with a
    // whole page that asks to reload. A page already whole is never cut: it is only being sent.
    // (The render's callbacks come in later turns of the event loop, after `limit` is set.)
    const limit = setTimeout(() => {
      if (answered) return
      answered = givenUp = true
      abort()
      const receivedAt = typeof loadContext.receivedAt === 'number' ? loadContext.receivedAt : null
      logSlowPage(request, performance.now() - started, receivedAt === null ? null : performance.now() - receivedAt)
      resolve(slowPageResponse(request, responseHeaders))
    }, RENDER_LIMIT)
  })
}
