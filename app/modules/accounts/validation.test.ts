/** Where a person may be sent after signing in: this site's paths only, read as a browser reads them. */
import { describe, expect, it } from 'vitest'
import { safeRedirect, withRedirect } from './validation'

describe('safeRedirect', () => {
  it.each(['/cabinet', '/contests/teplo-tvoih-ruk-2027/apply', '/cabinet?tab=1#email', '/invitations/abc_DEF-123', '/%0d%0a'])('follows this site’s path %j', (to) => {
    expect(safeRedirect(to)).toBe(to)
  })

  it.each([
    ['nothing', ''],
    ['a relative path', 'cabinet'],
    ['another site', 'https://evil.example/'],
    ['a protocol-relative address', '//evil.example'],
    ['a backslash, which browsers read as a slash', '/\\evil.example'],
    ['a tab, which browsers drop (/\\t/evil.example → //evil.example)', '/\t/evil.example'],
    ['a line break, which would split the Location header', '/cabinet\r\nSet-Cookie: x=1'],
    ['a NUL', '/cabinet\u0000'],
    ['a javascript: address', 'javascript:alert(1)'],
  ])('refuses %s', (_name, to) => {
    expect(safeRedirect(to)).toBe('/cabinet')
    expect(safeRedirect(to, '/')).toBe('/')
  })

  it('carries the way back to the registration and log-in pages, or leaves it off', () => {
    expect(withRedirect('/register', '/contests/x/apply')).toBe('/register?redirectTo=%2Fcontests%2Fx%2Fapply')
    expect(withRedirect('/login', '//evil.example')).toBe('/login')
    expect(withRedirect('/login', null)).toBe('/login')
  })
})
