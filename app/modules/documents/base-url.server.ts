import { getEnv } from '../../utils/env.server'

/** The site's public address for links in diplomas and e-mails: APP_URL when configured, else the request's own origin. */
export function publicBaseUrl(request: Request) {
  return (getEnv().APP_URL ?? new URL(request.url).origin).replace(/\/+$/, '')
}
