/**
 * The server's half of contests/entrant.ts: which entries a committee's or organisation's chairperson sees as
 * their own (read only, like a co-author): in a contest whose entrants are organisations, the sent entries of an
 * organisation the directory names them chairperson of, whoever submitted them — they, another representative,
 * an operator from a paper application (chairpersonSees, entrant.ts, says the same of one entry).
 */
import { and, eq, inArray, ne } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'

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
