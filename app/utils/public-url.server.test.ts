import { afterEach, describe, expect, it, vi } from 'vitest'

// getEnv reads the environment once per process: each case loads the module afresh.
async function load(appUrl: string | undefined) {
  vi.resetModules()
  vi.stubEnv('APP_URL', appUrl)
  return (await import('./public-url.server')).publicBaseUrl
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

describe('publicBaseUrl', () => {
  it('is the configured APP_URL, without a trailing slash, whatever address the request came to', async () => {
    const publicBaseUrl = await load('https://konkurs.example.ru/')
    expect(publicBaseUrl(new Request('http://127.0.0.1:3000/organiser/contests/1/moderation'))).toBe('https://konkurs.example.ru')
  })

  it('is the request’s own origin when APP_URL is not configured', async () => {
    const publicBaseUrl = await load(undefined)
    expect(publicBaseUrl(new Request('http://localhost:3000/organiser/contests/1/jury?x=1'))).toBe('http://localhost:3000')
  })
})
