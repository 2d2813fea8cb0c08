import { createCookie, redirect } from '@remix-run/node'

/** A one-time message shown after a redirect (post → redirect → get), so forms work without JavaScript. */
const toastCookie = createCookie('toast', { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 })

export type Toast = { message: string; kind?: 'success' | 'error' }

export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await toastCookie.serialize(toast))
  return redirect(url, { ...init, headers })
}

export async function readToast(request: Request): Promise<{ toast: Toast | null; setCookie?: string }> {
  const value = (await toastCookie.parse(request.headers.get('cookie'))) as Toast | null
  if (!value || typeof value.message !== 'string') return { toast: null }
  return { toast: value, setCookie: await toastCookie.serialize('', { maxAge: 0 }) }
}
