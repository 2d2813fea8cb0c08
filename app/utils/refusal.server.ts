/**
 * The one place a Refusal becomes HTTP: its status, and the Russian message as a page (thrown to the
 * shared error boundary), beside a form field (conform's reply), as a toast after a redirect, or as
 * JSON for the scripts that post to resource routes.
 */
import type { SubmissionResult } from '@conform-to/react'
import { redirectWithToast } from './toast.server'
import { Refusal, type RefusalKind } from './refusal'

export const REFUSAL_STATUS = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many: 429,
  unavailable: 503,
} as const satisfies Record<RefusalKind, number>

export type RefusalStatus = (typeof REFUSAL_STATUS)[RefusalKind]

export function refusalStatus(refusal: Refusal): RefusalStatus {
  return REFUSAL_STATUS[refusal.kind]
}

/** The page answer: thrown from a loader or an action, the error boundary shows the message under the status. */
export function refusalResponse(refusal: Refusal) {
  return new Response(refusal.message, { status: refusalStatus(refusal), headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** A route's own refusal (no such contest, an unknown button): thrown as its page answer. */
export function refuse(kind: RefusalKind, message: string): never {
  throw refusalResponse(new Refusal(kind, message))
}

/** For `catch (error) { throw refusalAsResponse(error) }`: a refusal as its page answer, anything else unchanged. */
export function refusalAsResponse(error: unknown) {
  return error instanceof Refusal ? refusalResponse(error) : error
}

type Replyable = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }) => SubmissionResult<string[]> }

/**
 * For a form: conform's reply with the message beside the refusal's field (or `field`, when the
 * route knows better where it goes), or above the form when there is none, and the status.
 */
export function refusalReply(submission: Replyable, refusal: Refusal, options: { hideFields?: string[]; field?: string | null } = {}) {
  const field = options.field === undefined ? refusal.field : options.field
  const errors = field ? { fieldErrors: { [field]: [refusal.message] } } : { formErrors: [refusal.message] }
  return { status: refusalStatus(refusal), result: submission.reply({ ...errors, hideFields: options.hideFields }) }
}

/** For a form whose values are lost (the body could not be read): the message alone, beside its field. */
export function refusalResult(refusal: Refusal, field = refusal.field): { status: RefusalStatus; result: SubmissionResult<string[]> } {
  return { status: refusalStatus(refusal), result: { status: 'error', error: { [field ?? '']: [refusal.message] } } }
}

/** For a route that redirects either way: the message as an error toast on the page it goes to. */
export function redirectWithRefusal(url: string, refusal: Refusal) {
  return redirectWithToast(url, { message: refusal.message, kind: 'error' })
}

/** For the resource routes that scripts post to: `{ error }` with the status. */
export function refusalJson(refusal: Refusal, init: ResponseInit = {}) {
  return Response.json({ error: refusal.message }, { ...init, status: refusalStatus(refusal) })
}
