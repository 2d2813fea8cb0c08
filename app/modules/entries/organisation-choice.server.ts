/**
 * The entry form's choice of a committee or organisation among the city's thousands (7,779 ТОС bodies):
 * typed, not picked from a list the page would have to carry. The form posts the text; with JavaScript
 * the field suggests names as one types (the resource route /resources/contests/:slug/organisations),
 * each suggestion ending in the organisation's code, «(код 12)», so that two committees of one name are
 * told apart. Without JavaScript the typed name is found here, or the refusal beside the field lists
 * the organisations that fit, to copy one.
 */
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm'
import { firstRow, getDb, schema } from '../../../db/client.server'
import { containsText } from '../../../db/dialect.server'
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../db/schema/enums'
import { countOf, NOUNS, plural, quoted } from '../../utils/format'
import { asRefusal, Refusal } from '../../utils/refusal'
import { ORGANISATION_NOT_TAKEN } from '../contests/entrant'
import { ORGANISATION_CODE as CODE, ORGANISATION_MIN_QUERY, type OrganisationChoice } from './validation'

const { organisation, district } = schema

/** The field of the form that holds the typed choice. */
export const ORGANISATION_FIELD = 'organisation'
/** Suggestions shown as one types, and organisations named in a refusal. */
export const SUGGESTIONS = 10

type Named = { id: number; name: string; districtName: string | null }

/** «Уличный комитет ул. Садовая, Центральный район (код 12)»: what the field shows and posts. */
export const organisationLabel = (o: Named) => `${o.name}${o.districtName ? `, ${o.districtName}` : ''} (код ${o.id})`

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('ru')

function named(kinds: OrganisationKind[], where: SQL, limit: number) {
  return getDb()
    .select({ id: organisation.id, name: organisation.name, districtName: district.name })
    .from(organisation)
    .leftJoin(district, eq(district.id, organisation.districtId))
    .where(and(inArray(organisation.kind, kinds), where))
    .orderBy(asc(organisation.name), asc(organisation.id))
    .limit(limit)
}

/** The contest's organisations whose name contains the text, as the field suggests them. */
export async function searchOrganisations(c: { organisationKinds: OrganisationKind[] }, text: string) {
  const q = text.replace(CODE, '').trim().slice(0, 100)
  if (!c.organisationKinds.length || q.length < ORGANISATION_MIN_QUERY) return []
  return (await named(c.organisationKinds, containsText(organisation.name, q), SUGGESTIONS)).map(organisationLabel)
}

/** The label of an entry's organisation, as the form shows it back. */
export async function labelOf(id: number | null) {
  if (id === null) return undefined
  const [o] = await named([...ORGANISATION_KINDS], eq(organisation.id, id), 1)
  return o ? organisationLabel(o) : undefined
}

/**
 * The organisation the form names: by the code a suggestion ends in, else by its exact name, else by a
 * part of its name that fits one only; `organisationId` (a form that posts the id itself) when no text is
 * posted. Only the kinds the contest takes. Refused beside the field when nothing or several fit.
 */
export async function resolveOrganisation(c: { organisationKinds: OrganisationKind[] }, posted: { organisation?: string; organisationId?: number }): Promise<number | null> {
  const text = (posted.organisation ?? '').trim()
  const kinds = c.organisationKinds
  if (!kinds.length) {
    if (text || posted.organisationId !== undefined) throw new Refusal('invalid', ORGANISATION_NOT_TAKEN, ORGANISATION_FIELD)
    return null
  }
  const code = CODE.exec(text)?.[1] ?? (text ? null : posted.organisationId)
  if (code !== null && code !== undefined) {
    const found = await firstRow(getDb().select({ id: organisation.id }).from(organisation).where(and(eq(organisation.id, Number(code)), inArray(organisation.kind, kinds))))
    if (!found) throw new Refusal('invalid', 'Выберите организацию из списка подсказок: такой нет среди тех, что принимает этот конкурс.', ORGANISATION_FIELD)
    return found.id
  }
  if (!text) return null
  const where = containsText(organisation.name, text)
  const fitting = await named(kinds, where, 500)
  const exact = fitting.filter((o) => norm(o.name) === norm(text))
  const chosen = exact.length ? exact : fitting
  if (chosen.length === 1) return chosen[0].id
  const total = exact.length ? exact.length : ((await firstRow(getDb().select({ n: count() }).from(organisation).where(and(inArray(organisation.kind, kinds), where))))?.n ?? 0)
  if (!chosen.length) throw new Refusal('invalid', `Организации ${quoted(text)} в справочнике нет: проверьте название или выберите из подсказок.`, ORGANISATION_FIELD)
  const listed = chosen.slice(0, SUGGESTIONS).map((o) => quoted(organisationLabel(o)))
  const more = total > SUGGESTIONS ? ` и ещё ${countOf(total - SUGGESTIONS, NOUNS.organisation)}` : ''
  throw new Refusal(
    'invalid',
    `Под ${quoted(text)} ${plural(total, ['подходит', 'подходят', 'подходят'])} ${countOf(total, NOUNS.organisation)}: ${listed.join(', ')}${more}. Впишите одну из них целиком, с кодом.`,
    ORGANISATION_FIELD,
  )
}

/** The posted form's choice, found before the form is checked, so that its refusal is told with the other answers'. */
export async function chooseOrganisation(c: { organisationKinds: OrganisationKind[] }, formData: FormData): Promise<OrganisationChoice> {
  const text = formData.get(ORGANISATION_FIELD)
  const id = formData.get('organisationId')
  const posted = {
    organisation: typeof text === 'string' ? text.slice(0, 1000) : undefined,
    organisationId: typeof id === 'string' && /^\d{1,9}$/.test(id.trim()) ? Number(id) : undefined,
  }
  try {
    return { id: await resolveOrganisation(c, posted) }
  } catch (error) {
    return { id: null, error: asRefusal(error).message }
  }
}
