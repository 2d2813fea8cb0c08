/**
 * A contest's and a year's figures in the style of the city's annual report: participants (distinct
 * authors), entries, winners, by nomination, district and age category, and the sums of numeric fields.
 */
import { and, asc, count, inArray, eq, sql } from 'drizzle-orm'
import { getDb, schema, firstRow } from '../../../db/client.server'
import type { ContestStatus } from '../../../db/schema/enums'
import { activePublication } from './results.server'
import { isWinner, type ResultSnapshot } from './ranking'
import { districtRoots } from '../contests/stages.server'
import { ageCategoryIndex, NO_AGE_CATEGORY } from '../contests/age-categories'
import { contestWords, statisticsSentences, type Forms } from './statistics-text'

const { contest, entry, author, nomination, formField, entryFieldValue } = schema

export interface NamedCount {
  name: string
  count: number
}

export interface ContestStatistics {
  contest: { id: number; title: string; shortName: string; slug: string; year: number; status: ContestStatus }
  participants: number
  entries: number
  /** Null while results are not published. */
  winners: number | null
  byNomination: (NamedCount & { winners: number | null; isSpecialPrize: boolean })[]
  byDistrict: NamedCount[]
  /** Participants per age category of the contest. */
  byAge: NamedCount[]
  fields: { label: string; value: number; forms: Forms | null; participle: [string, string] | null }[]
  sentences: string[]
}

/**
 * One person, counted once: an author linked to an account is that account; an author typed in by
 * name is that name (case, ё and spacing aside) within the same entrant's entries, since two residents
 * may well share a name.
 */
export function participantKey(a: { userId: string | null; fullName: string; ownerId: string }) {
  if (a.userId) return `u:${a.userId}`
  const name = a.fullName.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim()
  return `n:${a.ownerId}:${name}`
}

const NO_DISTRICT = 'Район не указан'

async function acceptedEntries(contestIds: number[]) {
  if (!contestIds.length) return []
  return await getDb()
    .select({ id: entry.id, contestId: entry.contestId, nominationId: entry.nominationId, districtId: entry.districtId, ownerId: entry.ownerId })
    .from(entry)
    .where(and(inArray(entry.contestId, contestIds), eq(entry.status, 'accepted')))
}

async function authorsOfContests(contestIds: number[]) {
  if (!contestIds.length) return []
  return await getDb()
    .select({ userId: author.userId, fullName: author.fullName, age: author.age, ownerId: entry.ownerId, contestId: entry.contestId })
    .from(author)
    .innerJoin(entry, eq(entry.id, author.entryId))
    .where(and(inArray(entry.contestId, contestIds), eq(entry.status, 'accepted')))
    .orderBy(asc(author.id))
}

/** Residential areas (ж.р.) count towards the district they lie in, as the report counts them. */
async function districtResolver() {
  const { rootOf, names } = await districtRoots()
  return (id: number | null) => names.get(rootOf(id) ?? -1) ?? NO_DISTRICT
}

function countBy<T>(items: readonly T[], key: (item: T) => string): NamedCount[] {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return [...counts].map(([name, count]) => ({ name, count }))
}

export async function getContestStatistics(contestId: number): Promise<ContestStatistics | null> {
  const db = getDb()
  const c = await firstRow(db.select().from(contest).where(eq(contest.id, contestId)))
  if (!c) return null
  const entries = await acceptedEntries([c.id])
  const authors = await authorsOfContests([c.id])
  const people = new Map<string, { age: number | null }>()
  for (const a of authors) if (!people.has(participantKey(a))) people.set(participantKey(a), { age: a.age })

  const live = await activePublication(c.id)
  const snapshot = live ? (live.snapshot as ResultSnapshot) : null
  const winnersByNomination = new Map(snapshot?.nominations.map((n) => [n.id, n.entries.filter(isWinner).length]) ?? [])
  // Entries, not awards: one with a place and a special prize is one winner.
  const winners = snapshot ? new Set(snapshot.nominations.flatMap((n) => n.entries.filter(isWinner).map((e) => e.entryId))).size : null

  const nominations = await db.select().from(nomination).where(eq(nomination.contestId, c.id)).orderBy(asc(nomination.position), asc(nomination.id))
  const byNomination = nominations.map((n) => ({
    name: n.name,
    isSpecialPrize: n.isSpecialPrize,
    count: entries.filter((e) => e.nominationId === n.id).length,
    winners: snapshot ? (winnersByNomination.get(n.id) ?? 0) : null,
  }))

  const districtOf = await districtResolver()
  const byDistrict = countBy(entries, (e) => districtOf(e.districtId)).sort(
    (a, b) => Number(a.name === NO_DISTRICT) - Number(b.name === NO_DISTRICT) || b.count - a.count || a.name.localeCompare(b.name, 'ru'),
  )

  const categories = c.ageCategories
  const ageOf = (age: number | null) => {
    const index = ageCategoryIndex(categories, age)
    return index === null ? NO_AGE_CATEGORY : categories[index].name
  }
  const ageCounts = new Map(countBy([...people.values()], (p) => ageOf(p.age)).map((r) => [r.name, r.count]))
  const byAge = [...categories.map((k) => k.name), NO_AGE_CATEGORY]
    .map((name) => ({ name, count: ageCounts.get(name) ?? 0 }))
    .filter((r) => r.name !== NO_AGE_CATEGORY || r.count > 0)

  const fields = await db
    .select({
      label: formField.label,
      forms: formField.unitForms,
      participle: formField.participle,
      value: sql<number>`coalesce(sum(case when ${entry.status} = 'accepted' then ${entryFieldValue.numberValue} end), 0)`.mapWith(Number),
    })
    .from(formField)
    .leftJoin(entryFieldValue, eq(entryFieldValue.fieldId, formField.id))
    .leftJoin(entry, eq(entry.id, entryFieldValue.entryId))
    .where(and(eq(formField.contestId, c.id), eq(formField.summedInStats, true), eq(formField.kind, 'number')))
    .groupBy(formField.id)
    .orderBy(asc(formField.position), asc(formField.id))

  const sentences = statisticsSentences({
    participants: people.size,
    entries: entries.length,
    winners: winners ?? 0,
    ...contestWords(c.statisticsWords, c.shortName),
    byNomination: nominations.length > 1 ? byNomination.map((n) => ({ name: n.name, entries: n.count, juryOnly: n.isSpecialPrize })) : undefined,
    byDistrict: byDistrict.some((d) => d.name !== NO_DISTRICT) ? byDistrict.filter((d) => d.name !== NO_DISTRICT).map((d) => ({ name: d.name, entries: d.count })) : undefined,
    fields: fields.filter((f) => f.forms).map((f) => ({ value: f.value, forms: f.forms!, ...(f.participle ? { participle: f.participle } : {}) })),
  })

  return {
    contest: { id: c.id, title: c.title, shortName: c.shortName, slug: c.slug, year: c.year, status: c.status },
    participants: people.size,
    entries: entries.length,
    winners,
    byNomination,
    byDistrict,
    byAge,
    fields,
    sentences,
  }
}

/** Contests whose figures are public: their results are out. */
const PUBLIC_STATISTICS: ContestStatus[] = ['published', 'archived']

export async function listStatisticsYears() {
  return await getDb()
    .select({ year: contest.year, contests: count() })
    .from(contest)
    .where(inArray(contest.status, PUBLIC_STATISTICS))
    .groupBy(contest.year)
    .orderBy(sql`${contest.year} desc`)
}

export interface YearStatistics {
  year: number
  /** Distinct people across the year's contests: a resident who took part in two contests counts once. */
  participants: number
  entries: number
  winners: number
  contests: ContestStatistics[]
}

export async function getYearStatistics(year: number): Promise<YearStatistics | null> {
  const rows = await getDb()
    .select({ id: contest.id })
    .from(contest)
    .where(and(eq(contest.year, year), inArray(contest.status, PUBLIC_STATISTICS)))
    .orderBy(asc(contest.title))
  if (!rows.length) return null
  const contests = await Promise.all(rows.map(async (r) => (await getContestStatistics(r.id))!))
  const people = new Set((await authorsOfContests(rows.map((r) => r.id))).map(participantKey))
  return {
    year,
    participants: people.size,
    entries: contests.reduce((sum, c) => sum + c.entries, 0),
    winners: contests.reduce((sum, c) => sum + (c.winners ?? 0), 0),
    contests,
  }
}
