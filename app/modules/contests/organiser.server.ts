import { asc, desc } from 'drizzle-orm'
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
