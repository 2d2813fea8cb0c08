/**
 * A contest's and a year's figures in the style of the city's annual report: participants (distinct
 * authors), entries, winners, by nomination, district and age category, and the sums of numeric fields.
 */
import { and, asc, count, inArray, eq, sql } from 'drizzle-orm'
import { getDb, schema, firstRow } from '../../../db/client.server'
import type { ContestStatus, EntryStatus, StatisticsWords } from '../../../db/schema/enums'
import { activePublication, peoplesChoiceTotals } from './results.server'
import { isWinner, type ResultSnapshot } from './ranking'
import { districtRoots } from '../contests/stages.server'
import { ageCategoryIndex, NO_AGE_CATEGORY } from '../contests/age-categories'
import { PUBLIC_STATUSES, resultsPublished } from '../contests/lifecycle'
import { participantWordsOf, wordsOf } from '../contests/statistics-words'
import { ORGANISATION_WORDS } from '../contests/entrant'
import { contestWords, receivedSentences, statisticsSentences, type Forms } from './statistics-text'

const { contest, entry, author, nomination, formField, entryFieldValue } = schema

export interface NamedCount {
  name: string
  count: number
}

/**
 * What the statistics count, the one place of these rules:
 * - received («было подано 618 заявок»): every entry submitted to the organisers, whatever they decided later —
 *   on moderation, accepted or rejected; after judging, disqualified. Not drafts (never sent) and not withdrawn
 *   ones (the entrant took them back before judging, and may have sent another instead).
 * - took part: the accepted entries. They are what the participants made («которые изготовили 412 скворечников»),
 *   and what the breakdowns by nomination and district, the sums of the form's fields and the participants
 *   (distinct people among their authors; distinct organisations where they are the entrants: participantsOf) count. Winners are entries of the published results (places and prizes).
 */
export const RECEIVED_STATUSES: EntryStatus[] = ['submitted', 'accepted', 'rejected', 'disqualified']
export const TOOK_PART_STATUSES: EntryStatus[] = ['accepted']

type ContestHead = { id: number; title: string; shortName: string; slug: string; year: number; status: ContestStatus }

/** The contest's nouns after a numeral, for the charts' figures: «618 заявок», «412 скворечников», «1125 жителей». */
export type StatisticsNouns = { entry: Forms; participant: Forms }

export interface ContestStatistics {
  /** Every figure: the organisers' page, and the public one once the results are out. */
  shown: 'all'
  contest: ContestHead
  /** Whether the contest's results are out (contests/lifecycle.ts resultsPublished). */
  published: boolean
  nouns: StatisticsNouns
  /** Entries received (RECEIVED_STATUSES). */
  received: number
  participants: number
  /** Entries that took part (TOOK_PART_STATUSES). */
  entries: number
  /** Null while results are not published. */
  winners: number | null
  byNomination: (NamedCount & { winners: number | null; isSpecialPrize: boolean })[]
  byDistrict: NamedCount[]
  /** Participants per age category of the contest. */
  byAge: NamedCount[]
  fields: { label: string; value: number; forms: Forms | null; participle: [string, string] | null }[]
  /** The people's choice: residents who voted and the votes that stand (frozen at publication); null without voting. */
  voting: { voters: number; votes: number } | null
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
    .where(and(inArray(entry.contestId, contestIds), inArray(entry.status, TOOK_PART_STATUSES)))
}

/** Entries received per contest (RECEIVED_STATUSES). */
async function receivedCounts(contestIds: number[]) {
  if (!contestIds.length) return new Map<number, number>()
  const rows = await getDb()
    .select({ contestId: entry.contestId, n: count() })
    .from(entry)
    .where(and(inArray(entry.contestId, contestIds), inArray(entry.status, RECEIVED_STATUSES)))
    .groupBy(entry.contestId)
  return new Map(rows.map((r) => [r.contestId, Number(r.n)]))
}

/**
 * The contest's statistics words; where organisations are its entrants (participantsOf counts them) and it does
 * not name its participants, they are organisations (ORGANISATION_WORDS), not residents.
 */
function wordsFor(c: { statisticsWords: StatisticsWords | null; organisationEntrant: boolean }): StatisticsWords | null {
  if (!c.organisationEntrant || c.statisticsWords?.participantForms) return c.statisticsWords
  return { ...wordsOf(c.statisticsWords), ...ORGANISATION_WORDS }
}

function nounsOf(words: StatisticsWords | null): StatisticsNouns {
  return { entry: wordsOf(words).entryForms, participant: participantWordsOf(words).forms }
}

async function authorsOfContests(contestIds: number[]) {
  if (!contestIds.length) return []
  return await getDb()
    .select({ userId: author.userId, fullName: author.fullName, age: author.age, ownerId: entry.ownerId, contestId: entry.contestId })
    .from(author)
    .innerJoin(entry, eq(entry.id, author.entryId))
    .where(and(inArray(entry.contestId, contestIds), inArray(entry.status, TOOK_PART_STATUSES)))
    .orderBy(asc(author.id))
}

/**
 * The participants of contests, one row each time one takes part (participantKey makes them distinct): where people
 * are the entrants, the authors of the entries that took part; where committees and organisations are
 * (contests/entrant.ts, «Лучший комитет ТОС»), the organisations of those entries — their representatives are
 * not counted, and an entry that names no organisation is one entrant of its own. Organisations have no age.
 */
async function participantsOf(contests: readonly { id: number; organisationEntrant: boolean }[]) {
  const people = contests.filter((c) => !c.organisationEntrant).map((c) => c.id)
  const organisations = contests.filter((c) => c.organisationEntrant).map((c) => c.id)
  const rows: { key: string; age: number | null; contestId: number }[] = (await authorsOfContests(people)).map((a) => ({ key: participantKey(a), age: a.age, contestId: a.contestId }))
  if (organisations.length) {
    const entrants = await getDb()
      .select({ entryId: entry.id, organisationId: entry.organisationId, contestId: entry.contestId })
      .from(entry)
      .where(and(inArray(entry.contestId, organisations), inArray(entry.status, TOOK_PART_STATUSES)))
    for (const e of entrants) rows.push({ key: e.organisationId === null ? `e:${e.entryId}` : `o:${e.organisationId}`, age: null, contestId: e.contestId })
  }
  return rows
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
  const received = (await receivedCounts([c.id])).get(c.id) ?? 0
  const people = new Map<string, { age: number | null }>()
  for (const p of await participantsOf([c])) if (!people.has(p.key)) people.set(p.key, { age: p.age })

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
      value: sql<number>`coalesce(sum(case when ${inArray(entry.status, TOOK_PART_STATUSES)} then ${entryFieldValue.numberValue} end), 0)`.mapWith(Number),
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
    received,
    winners: winners ?? 0,
    ...contestWords(wordsFor(c), c.shortName),
    byNomination: nominations.length > 1 ? byNomination.map((n) => ({ name: n.name, entries: n.count, juryOnly: n.isSpecialPrize })) : undefined,
    byDistrict: byDistrict.some((d) => d.name !== NO_DISTRICT) ? byDistrict.filter((d) => d.name !== NO_DISTRICT).map((d) => ({ name: d.name, entries: d.count })) : undefined,
    fields: fields.filter((f) => f.forms).map((f) => ({ value: f.value, forms: f.forms!, ...(f.participle ? { participle: f.participle } : {}) })),
  })

  return {
    shown: 'all',
    contest: headOf(c),
    published: resultsPublished(c),
    nouns: nounsOf(wordsFor(c)),
    received,
    participants: people.size,
    entries: entries.length,
    winners,
    byNomination,
    byDistrict,
    byAge,
    fields,
    voting: await peoplesChoiceTotals(c),
    sentences,
  }
}

const headOf = (c: ContestHead): ContestHead => ({ id: c.id, title: c.title, shortName: c.shortName, slug: c.slug, year: c.year, status: c.status })

/**
 * What the public year page shows of a contest whose results are not out (contests/lifecycle.ts resultsPublished):
 * what was received, and that the results are not out. Nothing the jury or the moderation decided: no scores,
 * no winners, not even which entries were accepted.
 */
export interface ReceivedOnlyStatistics {
  shown: 'received'
  contest: ContestHead
  published: false
  nouns: StatisticsNouns
  received: number
  sentences: string[]
}

export type YearContestStatistics = ContestStatistics | ReceivedOnlyStatistics

export async function listStatisticsYears() {
  const rows = await getDb()
    .select({ year: contest.year, status: contest.status })
    .from(contest)
    .where(inArray(contest.status, PUBLIC_STATUSES))
  const years = new Map<number, { year: number; contests: number; published: number }>()
  for (const r of rows) {
    const y = years.get(r.year) ?? { year: r.year, contests: 0, published: 0 }
    y.contests++
    if (resultsPublished(r)) y.published++
    years.set(r.year, y)
  }
  return [...years.values()].sort((a, b) => b.year - a.year)
}

/** A year the statistics know no contest of (drafts aside). */
export const NO_STATISTICS_YEAR = 'За этот год конкурсов нет.'

export interface YearStatistics {
  year: number
  /** Every contest of the year the public sees (not drafts), by title. */
  contests: YearContestStatistics[]
  /** Entries received by all of them. */
  received: number
  /**
   * Of the contests whose results are out: distinct participants (a resident in two contests counts once; a committee
   * where committees are the entrants, participantsOf), the entries that took part, the winners.
   */
  published: { contests: number; participants: number; entries: number; winners: number }
}

export async function getYearStatistics(year: number): Promise<YearStatistics | null> {
  const rows = await getDb()
    .select()
    .from(contest)
    .where(and(eq(contest.year, year), inArray(contest.status, PUBLIC_STATUSES)))
    .orderBy(asc(contest.title))
  if (!rows.length) return null
  const received = await receivedCounts(rows.map((r) => r.id))
  const contests: YearContestStatistics[] = await Promise.all(
    rows.map(async (c): Promise<YearContestStatistics> => {
      if (resultsPublished(c)) return (await getContestStatistics(c.id))!
      const n = received.get(c.id) ?? 0
      return { shown: 'received', contest: headOf(c), published: false, nouns: nounsOf(wordsFor(c)), received: n, sentences: receivedSentences(n, contestWords(wordsFor(c), c.shortName)) }
    }),
  )
  const full = contests.filter((c) => c.shown === 'all')
  const fullIds = new Set(full.map((c) => c.contest.id))
  const people = new Set((await participantsOf(rows.filter((c) => fullIds.has(c.id)))).map((p) => p.key))
  return {
    year,
    contests,
    received: contests.reduce((sum, c) => sum + c.received, 0),
    published: {
      contests: full.length,
      participants: people.size,
      entries: full.reduce((sum, c) => sum + c.entries, 0),
      winners: full.reduce((sum, c) => sum + (c.winners ?? 0), 0),
    },
  }
}
