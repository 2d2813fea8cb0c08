import { getEnv } from './env.server'

/**
 * The site's public address, without a trailing slash, for every link that leaves the site: e-mails,
 * diplomas and their QR codes. APP_URL when configured (behind a proxy the request's own origin may be
 * an internal one), else the address the request came to.
 */
export function publicBaseUrl(request: Request) {
  return (getEnv().APP_URL ?? new URL(request.url).origin).replace(/\/+$/, '')
}
