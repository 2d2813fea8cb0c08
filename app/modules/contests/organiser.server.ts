import { asc, desc, eq } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'

/** Every contest, drafts included: for organisers only (callers check the role). */
export function listOrganiserContests() {
  const { contest } = schema
  return getDb()
    .select({ id: contest.id, slug: contest.slug, title: contest.title, status: contest.status })
    .from(contest)
    .orderBy(desc(contest.year), asc(contest.title))
    .all()
}

export function getOrganiserContest(id: number) {
  if (!Number.isInteger(id) || id <= 0) return null
  return getDb().select().from(schema.contest).where(eq(schema.contest.id, id)).get() ?? null
}
