/**
 * The server's half of contests/entrant.ts: which entries a committee's or organisation's chairperson sees as
 * their own (read only, like a co-author): in a contest whose entrants are organisations, the sent entries of an
 * organisation the directory names them chairperson of, whoever submitted them — they, another representative,
 * an operator from a paper application (chairpersonSees, entrant.ts, says the same of one entry).
 */
import { and, eq, inArray, ne } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'
import type { OrganisationKind } from '../../../db/schema/enums'

const { entry, organisation, contest } = schema

/** A condition on `entry`: the entry is one the user chairs the organisation of (see above). */
export function chairedBy(userId: string) {
  return inArray(
    entry.id,
    getDb()
      .select({ id: entry.id })
      .from(entry)
      .innerJoin(organisation, eq(organisation.id, entry.organisationId))
      .innerJoin(contest, eq(contest.id, entry.contestId))
      .where(and(eq(organisation.chairpersonId, userId), eq(contest.organisationEntrant, true), ne(entry.status, 'draft'))),
  )
}

/**
 * The organisation the form starts with for a resident applying to a contest whose entrants are organisations:
 * the one of the kinds it takes that the directory names them chairperson of, when there is exactly one.
 */
export async function chairedOrganisation(userId: string, c: { organisationEntrant: boolean; organisationKinds: OrganisationKind[] }) {
  if (!c.organisationEntrant || !c.organisationKinds.length) return undefined
  const rows = await getDb()
    .select({ id: organisation.id })
    .from(organisation)
    .where(and(eq(organisation.chairpersonId, userId), inArray(organisation.kind, c.organisationKinds)))
    .limit(2)
  return rows.length === 1 ? rows[0].id : undefined
}
