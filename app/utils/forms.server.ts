import type { Submission, SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import type { FormReply } from './forms'
import { asRefusal } from './refusal'
import { refusalReply } from './refusal.server'

/** Values longer than this are never echoed back into a refused form: the error beside the field is enough. */
const ECHO_LIMIT = 2000
/** A field posted more often than any form of ours repeats one is an attack or a mistake: never echoed back. */
const MAX_REPEATS = 100

/** Names of the fields whose values are too long to send back to the browser. */
function oversizedFields(formData: FormData) {
  const names = new Set<string>()
  for (const [name, value] of formData) if (typeof value === 'string' && value.length > ECHO_LIMIT) names.add(name)
  return [...names]
}

/**
 * The top-level field names a schema reads (an object's keys; every option of a union; both sides of an
 * intersection; the input of a pipe), or null when it cannot tell, in which case nothing is dropped.
 */
function schemaFields(schema: z.ZodType): Set<string> | null {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
  const of = (inner: unknown) => schemaFields(inner as z.ZodType)
  const union = (parts: (Set<string> | null)[]) => (parts.some((p) => p === null) ? null : new Set(parts.flatMap((p) => [...p!])))
  switch (def.type) {
    case 'object':
      return new Set(Object.keys(def.shape as object))
    case 'union':
      return union((def.options as unknown[]).map(of))
    case 'intersection':
      return union([of(def.left), of(def.right)])
    case 'pipe':
      return of(def.in) ?? of(def.out)
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return of(def.innerType)
    default:
      return null
  }
}

/** No form of ours has a list longer than this; conform would turn «x[100000000]» into an array of that length. */
const HUGE_INDEX = /\[\d{4,}\]/

/**
 * The posted form made safe to hand to conform: names with a huge list index are dropped, and the
 * fields too long or too repeated to echo are listed for `reply({ hideFields })`.
 */
function cleanForm(formData: FormData, hide: string[] = []) {
  const clean = new FormData()
  const counts = new Map<string, number>()
  for (const [name, value] of formData) {
    if (HUGE_INDEX.test(name)) continue
    clean.append(name, value)
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  const repeated = [...counts].filter(([, n]) => n > MAX_REPEATS).map(([name]) => name)
  return { formData: clean, hideFields: [...hide, ...oversizedFields(clean), ...repeated] }
}

type ReplyOptions = Parameters<Submission<unknown, string[]>['reply']>[0]

/**
 * Makes the submission's reply give back only what the form's own fields held: anything else posted
 * (ten thousand made-up fields) would be sent back into the page as it came. The schema still sees
 * every field, so a strict one refuses what it does not know.
 */
function repliesOwnFields<S extends { reply: (options?: ReplyOptions) => SubmissionResult<string[]> }>(submission: S, schema: z.ZodType) {
  const fields = schemaFields(schema)
  if (!fields) return submission
  const reply = submission.reply.bind(submission)
  // «nominations[2].id» is a field of «nominations».
  const own = (name: string) => fields.has(/^[^.[]*/.exec(name)![0])
  const ownOnly = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([name]) => own(name)))
  submission.reply = (options) => {
    const result = reply(options)
    if (!result.initialValue) return result
    return {
      ...result,
      initialValue: ownOnly(result.initialValue),
      fields: result.fields?.filter(own),
      state: result.state && { ...result.state, validated: ownOnly(result.state.validated ?? {}) },
    }
  }
  return submission
}

/**
 * The posted form made safe (cleanForm) and parsed by conform against the schema, with the fields
 * every reply must not echo back; its reply keeps only the schema's fields.
 */
export function parseForm<Schema extends z.ZodType>(formData: FormData, schema: Schema, hide: string[] = []) {
  const { formData: clean, hideFields } = cleanForm(formData, hide)
  return { submission: repliesOwnFields(parseWithZod(clean, { schema }), schema), hideFields }
}

/**
 * Parses one form of a page that has many (the organiser's pages) with conform and runs `onValid` with
 * the value. A refusal, by the schema (400) or by the service (a Refusal, with the status of its kind),
 * is conform's reply tagged with the form's key, so that only that form shows it (useFormReply); what was typed is kept, except `hide` (passwords) and what cleanForm will not echo.
 */
export async function submitForm<Schema extends z.ZodType, Result>(
  formData: FormData,
  form: string,
  schema: Schema,
  onValid: (value: z.output<Schema>) => Result | Promise<Result>,
  options: { hide?: string[] } = {}
) {
  const { submission, hideFields } = parseForm(formData, schema, options.hide)
  if (submission.status !== 'success') return refuse(form, submission.reply({ hideFields }))
  try {
    return await onValid(submission.value as z.output<Schema>)
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields })
    return refuse(form, result, status)
  }
}

function refuse(form: string, result: SubmissionResult<string[]>, status = 400) {
  return data({ form, result } satisfies FormReply, { status })
}

/** The key of a per-item form («nomination-12»), so a refusal lands beside the item it is about. */
export function itemForm(prefix: string, formData: FormData) {
  const id = formData.get('id')
  return typeof id === 'string' && /^\d{1,10}$/.test(id) ? `${prefix}-${id}` : prefix
}
