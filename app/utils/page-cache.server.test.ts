import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import compression from 'compression'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { PageCache, pageCacheMiddleware, type CachedPage } from './page-cache.server'

const page = (html: string): CachedPage => ({ html, nonce: 'n', headers: { 'content-type': 'text/html; charset=utf-8' } })
const rendersOf = (html: string) => {
  const calls = { count: 0 }
  return { calls, render: async () => (calls.count++, page(html)) }
}

describe('PageCache', () => {
  it('gives a page back only at the database version it was rendered at', async () => {
    const cache = new PageCache(60_000, 1_000_000)
    const { calls, render } = rendersOf('<p>A</p>')
    expect((await cache.page('a', 'v1', render)).source).toBe('rendered')
    expect(await cache.page('a', 'v1', render)).toMatchObject({ source: 'hit', page: page('<p>A</p>') })
    expect((await cache.page('a', 'v2', render)).source).toBe('rendered')
    expect(calls.count).toBe(2)
  })

  it('renders again once a page has expired', async () => {
    const cache = new PageCache(20, 1_000_000)
    const { calls, render } = rendersOf('<p>A</p>')
    await cache.page('a', 'v1', render)
    await sleep(60)
    expect((await cache.page('a', 'v1', render)).source).toBe('rendered')
    expect(calls.count).toBe(2)
  })

  it('keeps within its byte budget by dropping the pages used longest ago, and never keeps one larger than the budget', async () => {
    const cache = new PageCache(60_000, 3 * 2 * 100)
    const html = (c: string) => c.repeat(100)
    for (const key of ['a', 'b', 'c']) await cache.page(key, 'v1', async () => page(html(key)))
    expect((await cache.page('a', 'v1', async () => null)).source).toBe('hit')
    await cache.page('d', 'v1', async () => page(html('d')))
    expect(cache.size).toBe(3)
    expect((await cache.page('b', 'v1', async () => null)).source).toBe('rendered')
    for (const key of ['a', 'c', 'd']) expect((await cache.page(key, 'v1', async () => null)).source, key).toBe('hit')
    await cache.page('huge', 'v1', async () => page(html('h').repeat(10)))
    expect((await cache.page('huge', 'v1', async () => null)).source).toBe('rendered')
  })

  it('renders a crowd of identical concurrent misses once and gives every one of them the page', async () => {
    const cache = new PageCache(60_000, 1_000_000)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let renders = 0
    const render = async () => {
      renders++
      await gate
      return page('<p>Итоги</p>')
    }
    const crowd = Array.from({ length: 20 }, () => cache.page('/results', 'v1', render))
    release()
    const answers = await Promise.all(crowd)
    expect(renders).toBe(1)
    expect(answers.map((a) => a.source).sort()).toEqual(['rendered', ...Array(19).fill('shared')].sort())
    for (const a of answers) expect(a.page?.html).toBe('<p>Итоги</p>')
  })

  it('lets the crowd render for itself when the first page cannot be kept, and does not coalesce across versions', async () => {
    const cache = new PageCache(60_000, 1_000_000)
    let renders = 0
    const unkeepable = async () => (renders++, await sleep(5), null)
    const [first, second] = await Promise.all([cache.page('/x', 'v1', unkeepable), cache.page('/x', 'v1', unkeepable)])
    expect([first.source, second.source].sort()).toEqual(['rendered', 'shared'])
    expect(second.page ?? first.page).toBeNull()
    await Promise.all([cache.page('/y', 'v1', unkeepable), cache.page('/y', 'v2', unkeepable)])
    expect(renders).toBe(3)
  })

  it('is off with no time to keep pages', async () => {
    const cache = new PageCache(0, 1_000_000)
    expect(cache.enabled).toBe(false)
  })
})

/** The middleware in an express app shaped like server.ts: compression, a per-request CSP nonce, then the cache, then the "route". */
function app(route: express.RequestHandler, options: { arrived?: { count: number } } = {}) {
  const cache = new PageCache(60_000, 1_000_000)
  const server = express()
  server.use(compression())
  server.use((_req, res, next) => {
    if (options.arrived) options.arrived.count++
    res.locals.cspNonce = crypto.randomBytes(8).toString('base64url')
    res.setHeader('Content-Security-Policy', `script-src 'nonce-${res.locals.cspNonce}'`)
    res.setHeader('X-Frame-Options', 'DENY')
    next()
  })
  server.get('*', pageCacheMiddleware(cache, { dataVersion: () => 'v1', nonce: (res) => res.locals.cspNonce as string }))
  server.get('*', route)
  return server
}

let listening: ReturnType<ReturnType<typeof express>['listen']> | undefined
afterEach(() => new Promise<void>((resolve) => (listening ? listening.close(() => resolve()) : resolve())))

async function start(server: ReturnType<typeof express>) {
  listening = server.listen(0)
  await new Promise((resolve) => listening!.once('listening', resolve))
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
}

/** A page streamed in two writes, with the route's own headers and its nonce in a script tag. */
const streamedPage = (renders: { count: number }): express.RequestHandler => (_req, res) => {
  renders.count++
  res.status(200)
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Cache-Control', 'public, max-age=5')
  res.setHeader('Vary', 'Accept-Language')
  res.setHeader('X-Route', 'results')
  res.write(`<html><script nonce="${res.locals.cspNonce}">`)
  res.end(`</script><p>Итоги конкурса</p></html>`)
}

describe('pageCacheMiddleware', () => {
  it('sends on a hit the headers the route sent on the miss, with the request’s own nonce', async () => {
    const renders = { count: 0 }
    const url = await start(app(streamedPage(renders)))
    const miss = await fetch(`${url}/contests/x/results`)
    const hit = await fetch(`${url}/contests/x/results`)
    expect(renders.count).toBe(1)
    expect(miss.headers.get('x-page-cache')).toBe('miss')
    expect(hit.headers.get('x-page-cache')).toBe('hit')
    for (const name of ['content-type', 'cache-control', 'x-route', 'x-frame-options']) expect(hit.headers.get(name), name).toBe(miss.headers.get(name))
    expect(hit.headers.get('vary')).toContain('Accept-Language')
    expect(hit.headers.get('vary')).toBe(miss.headers.get('vary'))
    const [missHtml, hitHtml] = [await miss.text(), await hit.text()]
    const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1]
    expect(nonceOf(hit)).not.toBe(nonceOf(miss))
    expect(missHtml).toContain(`nonce="${nonceOf(miss)}"`)
    expect(hitHtml).toBe(missHtml.replace(nonceOf(miss), nonceOf(hit)))
  })

  it('renders a crowd of identical concurrent requests once, and answers all of them', async () => {
    const renders = { count: 0 }
    const arrived = { count: 0 }
    const CROWD = 12
    const slow: express.RequestHandler = async (req, res, next) => {
      // The first request renders only once the whole crowd has reached the server.
      while (arrived.count < CROWD) await sleep(5)
      streamedPage(renders)(req, res, next)
    }
    const url = await start(app(slow, { arrived }))
    const answers = await Promise.all(Array.from({ length: CROWD }, () => fetch(`${url}/contests/x/results`)))
    expect(renders.count).toBe(1)
    const bodies = await Promise.all(answers.map((a) => a.text()))
    for (const [i, a] of answers.entries()) {
      expect(a.status).toBe(200)
      expect(a.headers.get('cache-control')).toBe('public, max-age=5')
      expect(bodies[i]).toContain('Итоги конкурса')
    }
    expect(answers.map((a) => a.headers.get('x-page-cache')).sort()).toEqual([...Array(CROWD - 1).fill('hit'), 'miss'])
  })

  it('never keeps a page that sets a cookie or is not a 200, and never serves one to a request with a cookie', async () => {
    const renders = { count: 0 }
    const url = await start(
      app((req, res, next) => {
        if (req.path === '/cookie') res.setHeader('Set-Cookie', 'toast=1')
        if (req.path === '/missing') res.status(404)
        if (req.path === '/missing') return void res.type('html').send('<p>Нет такой страницы</p>')
        streamedPage(renders)(req, res, next)
      }),
    )
    for (const path of ['/cookie', '/missing']) {
      await (await fetch(url + path)).text()
      expect((await fetch(url + path)).headers.get('x-page-cache'), path).toBe('miss')
    }
    await (await fetch(`${url}/page`)).text()
    const signedIn = await fetch(`${url}/page`, { headers: { cookie: 'session=abc' } })
    expect(signedIn.headers.get('x-page-cache')).toBeNull()
    expect((await fetch(`${url}/page`)).headers.get('x-page-cache')).toBe('hit')
  })
})
