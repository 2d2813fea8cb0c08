/**
 * Rendered pages, kept for a few seconds and only while the database has not changed.
 *
 * A page is stored under the person it was rendered for (a guest, or a signed-in user) and its URL,
 * with the database's version read before its data was: any commit since then, by anyone, makes it
 * stale. The time limit covers what changes with the clock alone (time left, a stage closing).
 * So a crowd opening the published results, or a juror coming back to a page, costs one render, and
 * nobody is ever shown a page older than the data it shows or one rendered for someone else.
 */

export type CachedPage = { html: string; nonce: string; version: string; expires: number }

export class PageCache {
  private readonly pages = new Map<string, CachedPage>()
  private bytes = 0

  constructor(
    private readonly ttlMs: number,
    private readonly maxBytes: number,
  ) {}

  static key(userId: string | null, url: string) {
    return `${userId ?? ''}\n${url}`
  }

  get enabled() {
    return this.ttlMs > 0
  }

  /** The page, if it was rendered at this database version and has not expired; a stale one is dropped. */
  get(key: string, version: string, now = Date.now()): CachedPage | null {
    const page = this.pages.get(key)
    if (!page) return null
    this.remove(key)
    if (page.version !== version || page.expires <= now) return null
    // Re-inserted: the map's order is the order of last use, the first entry the one to evict.
    this.insert(key, page)
    return page
  }

  set(key: string, page: Omit<CachedPage, 'expires'>, now = Date.now()) {
    this.remove(key)
    if (page.html.length * 2 > this.maxBytes) return
    this.insert(key, { ...page, expires: now + this.ttlMs })
    for (const oldest of this.pages.keys()) {
      if (this.bytes <= this.maxBytes) break
      this.remove(oldest)
    }
  }

  get size() {
    return this.pages.size
  }

  private insert(key: string, page: CachedPage) {
    this.pages.set(key, page)
    // JavaScript strings take two bytes a character at most; close enough for a budget.
    this.bytes += page.html.length * 2
  }

  private remove(key: string) {
    const page = this.pages.get(key)
    if (!page) return
    this.pages.delete(key)
    this.bytes -= page.html.length * 2
  }
}

/** The cookies of a Cookie header, by name. */
export function cookieNames(header: string | undefined) {
  if (!header) return []
  return header
    .split(';')
    .map((part) => part.split('=')[0].trim())
    .filter(Boolean)
}
