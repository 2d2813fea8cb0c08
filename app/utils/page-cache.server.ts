/**
 * Rendered pages for guests, kept for a few seconds and only while the database has not changed
 * (docs/decisions/008 and 011).
 *
 * A page is stored under its URL with the database's version read before its data was: any commit
 * since then, by anyone, makes it stale; the time limit covers what changes with the clock alone
 * (time left, a stage closing). A crowd opening the published results costs one render: the first
 * request renders, and identical requests arriving meanwhile wait for its page instead of rendering
 * it again. Only requests without any cookie qualify: signed-in people (and a guest with a one-time
 * message waiting) always get a page rendered for them.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { LRUCache } from 'lru-cache'

export type CachedPage = {
  /** The route's own headers (Content-Type, Cache-Control, Vary…), without those made per request. */
  headers: Record<string, string | string[]>
  html: string
  /** The CSP nonce the page was rendered with, replaced by each request's own. */
  nonce: string
}

/** Set again for every response, by the HTTP server or by whatever sends the bytes: never stored. */
const PER_RESPONSE_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'date', 'connection', 'keep-alive', 'set-cookie', 'x-page-cache', 'etag'])

export class PageCache {
  private readonly pages: LRUCache<string, CachedPage & { version: string }> | null
  private readonly rendering = new Map<string, Promise<CachedPage | null>>()

  /** Pages live `ttlMs` at most (0 turns the cache off) and take `maxBytes` at most, the least recently used going first. */
  constructor(ttlMs: number, maxBytes: number) {
    this.pages =
      ttlMs > 0
        ? new LRUCache({
            ttl: ttlMs,
            maxSize: maxBytes,
            // JavaScript strings take two bytes a character at most; close enough for a budget.
            sizeCalculation: (page) => page.html.length * 2 || 1,
          })
        : null
  }

  get enabled() {
    return this.pages !== null
  }

  get size() {
    return this.pages?.size ?? 0
  }

  /**
   * The page for `key` at the database's `version`: kept from an earlier request (`hit`), or rendered
   * by an identical request already under way and waited for (`shared`; null when that page could not
   * be kept, and then the caller renders for itself), or else rendered by `render` (`rendered`), which
   * answers its own request and gives back what may be kept (null for nothing).
   */
  async page(key: string, version: string, render: () => Promise<CachedPage | null>) {
    const kept = this.pages?.get(key)
    if (kept?.version === version) return { source: 'hit' as const, page: kept as CachedPage }
    if (kept) this.pages!.delete(key)
    const id = `${version}\n${key}`
    const pending = this.rendering.get(id)
    if (pending) return { source: 'shared' as const, page: await pending }
    const rendering = render()
      .catch(() => null)
      .then((page) => {
        if (page) this.pages?.set(key, { ...page, version })
        return page
      })
      .finally(() => this.rendering.delete(id))
    this.rendering.set(id, rendering)
    return { source: 'rendered' as const, page: await rendering }
  }
}

/**
 * Lets the rest of the chain answer the request while keeping a copy of what it sends: the page and
 * the headers the route set (those present before, such as the security headers and their per-request
 * nonce, are the server's and are set again on every response). Resolves when the response ends:
 * with the page if it may be reused, null if not (not a 200 HTML page, a cookie set, `no-store`, or
 * the client gone).
 */
function capture(res: Response, next: NextFunction, nonce: string): Promise<CachedPage | null> {
  const before = new Map(Object.entries(res.getHeaders()).map(([name, value]) => [name, String(value)]))
  const chunks: Buffer[] = []
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  const end = res.end.bind(res) as (...args: unknown[]) => Response
  return new Promise((resolve) => {
    res.once('close', () => resolve(null))
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.from(chunk as Uint8Array))
      return write(chunk, ...rest)
    }) as typeof res.write
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Uint8Array))
      const storable =
        res.statusCode === 200 &&
        !res.getHeader('set-cookie') &&
        !String(res.getHeader('cache-control') ?? '').includes('no-store') &&
        String(res.getHeader('content-type') ?? '').startsWith('text/html')
      const headers: CachedPage['headers'] = {}
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined || PER_RESPONSE_HEADERS.has(name) || before.get(name) === String(value)) continue
        headers[name] = typeof value === 'number' ? String(value) : value
      }
      resolve(storable ? { headers, html: Buffer.concat(chunks).toString('utf8'), nonce } : null)
      return end(chunk, ...rest)
    }) as typeof res.end
    next()
  })
}

function send(res: Response, page: CachedPage, nonce: string) {
  res.status(200)
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value)
  res.setHeader('X-Page-Cache', 'hit')
  res.end(Buffer.from(page.html.replaceAll(page.nonce, nonce)))
}

/**
 * The express middleware in front of the Remix handler. Only plain page views by guests qualify: GET,
 * no route data (`.data`), no files (`/resources/`), no cookie at all.
 */
export function pageCacheMiddleware(
  cache: PageCache,
  options: { dataVersion: () => Promise<string> | string; nonce: (res: Response) => string },
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!cache.enabled || req.method !== 'GET' || req.path.endsWith('.data') || req.path.startsWith('/resources/') || req.headers.cookie) return next()
      const nonce = options.nonce(res)
      const key = `${req.get('host') ?? ''}${req.originalUrl}`
      const version = await options.dataVersion()
      const { source, page } = await cache.page(key, version, () => {
        res.setHeader('X-Page-Cache', 'miss')
        return capture(res, next, nonce)
      })
      if (source === 'rendered') return
      if (page) return send(res, page, nonce)
      res.setHeader('X-Page-Cache', 'miss')
      next()
    } catch (error) {
      next(error)
    }
  }
}
