import { describe, expect, it } from 'vitest'
import { cookieNames, PageCache } from './page-cache.server'

const page = (html: string, version = 'v1') => ({ html, nonce: 'n', version })

describe('PageCache', () => {
  it('gives a page back only at the version it was rendered at, and before it expires', () => {
    const cache = new PageCache(5000, 1_000_000)
    cache.set('a', page('<p>A</p>'), 1000)
    expect(cache.get('a', 'v1', 2000)?.html).toBe('<p>A</p>')
    expect(cache.get('a', 'v2', 2000)).toBeNull()
    // A stale page is dropped, not kept for when the version comes back.
    expect(cache.get('a', 'v1', 2000)).toBeNull()
    cache.set('b', page('<p>B</p>'), 1000)
    expect(cache.get('b', 'v1', 6000)).toBeNull()
    expect(cache.size).toBe(0)
  })

  it('keeps within its byte budget by dropping the pages used longest ago', () => {
    const cache = new PageCache(60_000, 3 * 2 * 100)
    const html = (c: string) => c.repeat(100)
    cache.set('a', page(html('a')), 0)
    cache.set('b', page(html('b')), 0)
    cache.set('c', page(html('c')), 0)
    expect(cache.get('a', 'v1', 1)).not.toBeNull()
    cache.set('d', page(html('d')), 1)
    expect(cache.get('b', 'v1', 2)).toBeNull()
    expect(cache.get('a', 'v1', 2)).not.toBeNull()
    expect(cache.get('c', 'v1', 2)).not.toBeNull()
    expect(cache.get('d', 'v1', 2)).not.toBeNull()
    // A page larger than the whole budget is not kept at all.
    cache.set('huge', page(html('h').repeat(10)), 2)
    expect(cache.get('huge', 'v1', 3)).toBeNull()
    expect(cache.size).toBe(3)
  })

  it('keys pages by person and URL', () => {
    expect(PageCache.key(null, '/')).not.toBe(PageCache.key('u1', '/'))
    expect(PageCache.key('u1', '/a')).not.toBe(PageCache.key('u2', '/a'))
  })
})

describe('cookieNames', () => {
  it('lists the names of a Cookie header', () => {
    expect(cookieNames('session=abc; toast=x%3D')).toEqual(['session', 'toast'])
    expect(cookieNames(undefined)).toEqual([])
    expect(cookieNames('')).toEqual([])
  })
})
