import { createCookie, redirect } from '@remix-run/node'

/** A one-time message shown after a redirect (post → redirect → get), so forms work without JavaScript. */
const toastCookie = createCookie('toast', { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 })

export const TOAST_KINDS = ['success', 'warning', 'error'] as const

/** A message and how it reads: done (green), done but mind this (a warning, amber), not done (red). */
export type Toast = { message: string; kind?: (typeof TOAST_KINDS)[number] }

/** Redirects with one message or several (what was done, then a warning about it), each shown in its kind's style. */
export async function redirectWithToast(url: string, toast: Toast | Toast[], init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await toastCookie.serialize(Array.isArray(toast) ? toast : [toast]))
  return redirect(url, { ...init, headers })
}

const isToast = (value: unknown): value is Toast =>
  typeof value === 'object' && value !== null && typeof (value as Toast).message === 'string' && [undefined, ...TOAST_KINDS].includes((value as Toast).kind)

/** The messages of the last redirect (`toasts`; `toast` is the first), and the cookie that forgets them. */
export async function readToast(request: Request): Promise<{ toast: Toast | null; toasts: Toast[]; setCookie?: string }> {
  const value: unknown = await toastCookie.parse(request.headers.get('cookie'))
  const toasts = (Array.isArray(value) ? value : [value]).filter(isToast).map((t) => ({ message: t.message, kind: t.kind ?? 'success' }))
  if (!toasts.length) return { toast: null, toasts }
  return { toast: toasts[0], toasts, setCookie: await toastCookie.serialize('', { maxAge: 0 }) }
}
