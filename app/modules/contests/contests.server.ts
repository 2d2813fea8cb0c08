import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'
import { PUBLIC_STATUSES } from './lifecycle'

const { contest, nomination, criterion, stage } = schema

/** Every page of the site lists contests. */
export async function listPublicContests() {
  return await getDb()
    .select({
      id: contest.id,
      slug: contest.slug,
      title: contest.title,
      shortName: contest.shortName,
      summary: contest.summary,
      status: contest.status,
      opensAt: contest.opensAt,
      closesAt: contest.closesAt,
      year: contest.year,
    })
    .from(contest)
    .where(inArray(contest.status, PUBLIC_STATUSES))
    .orderBy(asc(contest.status), desc(contest.year), asc(contest.title))
}

/** A public contest with what its page shows: nominations with their criteria, and stages. */
export async function getPublicContest(slug: string) {
  const db = getDb()
  const row = await db.query.contest.findFirst({
    where: and(eq(contest.slug, slug), inArray(contest.status, PUBLIC_STATUSES)),
    with: {
      nominations: { orderBy: [asc(nomination.position), asc(nomination.id)] },
      criteria: { orderBy: [asc(criterion.position), asc(criterion.id)] },
      stages: { orderBy: [asc(stage.position), asc(stage.id)] },
    },
  })
  return row ?? null
}
