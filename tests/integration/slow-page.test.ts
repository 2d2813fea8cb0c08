/**
 * A page that takes too long is never cut off silently (issue #13, item 6), against the built server:
 * a page whose render does not finish in time (made so by the test-only RENDER_TEST_STALL, as a busy
 * server's would) is given up, said in the log with its address and how long it ran, and answered
 * with a whole Russian page and a 503; the other pages keep answering meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, pageText, startServer, type TestServer } from '../setup/server'

const SLOW = '/privacy'
let server: TestServer

beforeAll(async () => {
  server = await startServer({ RENDER_TEST_STALL: SLOW })
})
afterAll(() => server?.stop())

describe('a page too slow to render', () => {
  it('is answered whole, with a 503 and a Russian page that asks to reload, and is logged', async () => {
    const client = new Client(server.url)
    const slow = client.get(`${SLOW}?from=test`)
    // Meanwhile another page answers at once.
    const other = await client.get('/contacts')
    expect(other.status).toBe(200)

    const res = await slow
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    expect(pageText(html)).toContain('Страница не успела открыться')
    expect(html).toContain('Обновите её')
    expect(html).toContain(`href="${SLOW}?from=test"`)

    const line = server
      .output()
      .split('\n')
      .find((l) => l.startsWith('Page render aborted'))
    expect(line).toMatch(new RegExp(`^Page render aborted after \\d+ ms \\(\\d+ ms since the request came\\): GET ${SLOW}\\?from=test$`))
    const ms = Number(/after (\d+) ms/.exec(line!)![1])
    expect(ms).toBeGreaterThanOrEqual(5000)
  }, 30_000)
})
