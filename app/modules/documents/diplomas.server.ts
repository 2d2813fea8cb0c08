/** Diplomas as issued at publication: public verification, a resident's own, and a contest's whole set. */
import { and, asc, count, gt, inArray, isNull, like, or, eq } from 'drizzle-orm'
import { getDb, schema, firstRow } from '../../../db/client.server'
import type { CurrentUser } from '../../utils/auth.server'
import { can } from '../../utils/permissions.server'
import { Refusal } from '../../utils/refusal'
import { chairedBy } from '../contests/entrant.server'
import { diplomaKey, diplomaNumberParts, type ResultSnapshot } from '../results/ranking'

const { diploma, resultPublication, contest, entry, author } = schema

export interface DiplomaDocument {
  number: string
  kind: (typeof schema.DIPLOMA_KINDS)[number]
  place: number | null
  recipientName: string
  nominationName: string
  /** The age category the entry was ranked in, as the publication froze it; null without one. */
  ageCategory: string | null
  /** The people's choice prize's name, as the publication froze it; null where the contest had no voting. */
  prizeName: string | null
  contestTitle: string
  entryNumber: string
  entryTitle: string
  issuedAt: Date
}

const columns = {
  id: diploma.id,
  number: diploma.number,
  kind: diploma.kind,
  place: diploma.place,
  recipientName: diploma.recipientName,
  nominationName: diploma.nominationName,
  issuedAt: diploma.issuedAt,
  entryId: diploma.entryId,
  contestId: diploma.contestId,
  contestTitle: contest.title,
  contestSlug: contest.slug,
  publicationId: diploma.publicationId,
  withdrawnAt: resultPublication.withdrawnAt,
}

type Row = { entryId: number; publicationId: number; contestTitle: string; kind: DiplomaDocument['kind'] }

/**
 * The contest's title and the entries' numbers and titles as the publication froze them, so that renaming
 * the contest or editing an entry later cannot change a diploma.
 */
async function frozenTexts(publicationIds: number[]) {
  const entries = new Map<string, { number: string; title: string; ageCategory: string | null }>()
  const contestTitles = new Map<number, string>()
  const prizeNames = new Map<number, string>()
  if (!publicationIds.length) return { entries, contestTitles, prizeNames }
  const rows = await getDb()
    .select({ id: resultPublication.id, snapshot: resultPublication.snapshot })
    .from(resultPublication)
    .where(inArray(resultPublication.id, [...new Set(publicationIds)]))
  for (const { id, snapshot } of rows) {
    const s = snapshot as ResultSnapshot
    contestTitles.set(id, s.contest.title)
    for (const n of s.nominations) for (const e of n.entries) entries.set(`${id}:${e.entryId}`, { number: e.number, title: e.title, ageCategory: e.ageCategory ?? null })
    for (const e of s.earlierEntries) entries.set(`${id}:${e.entryId}`, { number: e.number, title: e.title, ageCategory: null })
    if (s.peoplesChoice) prizeNames.set(id, s.peoplesChoice.prizeName)
  }
  return { entries, contestTitles, prizeNames }
}

async function withFrozenTexts<T extends Row>(rows: T[], known?: Awaited<ReturnType<typeof frozenTexts>>) {
  const texts = known ?? (await frozenTexts(rows.map((r) => r.publicationId)))
  return rows.map((r) => {
    const e = texts.entries.get(`${r.publicationId}:${r.entryId}`)
    return {
      ...r,
      contestTitle: texts.contestTitles.get(r.publicationId) ?? r.contestTitle,
      entryNumber: e?.number ?? '',
      entryTitle: e?.title ?? '',
      // The people's choice ranks a nomination whole, without its age categories.
      ageCategory: r.kind === 'peoples_choice' ? null : (e?.ageCategory ?? null),
      prizeName: texts.prizeNames.get(r.publicationId) ?? null,
    }
  })
}

/**
 * A diploma by its number as typed or scanned (see diplomaKey), for the verification page; `valid` is
 * false once its publication is withdrawn. The year and sequence narrow the search to a diploma or
 * two, so the look-alike comparison needs no column of its own.
 */
export async function findDiploma(typed: string) {
  const parts = diplomaNumberParts(typed)
  if (!parts) return null
  const key = diplomaKey(typed)
  const row = (
    await getDb()
      .select(columns)
      .from(diploma)
      .innerJoin(resultPublication, eq(resultPublication.id, diploma.publicationId))
      .innerJoin(contest, eq(contest.id, diploma.contestId))
      .where(like(diploma.number, `%-${parts.year}-${parts.seq}-%`))
  ).find((r) => diplomaKey(r.number) === key)
  if (!row) return null
  return { ...(await withFrozenTexts([row]))[0], valid: row.withdrawnAt === null }
}

/** The verification page's answer: the diploma, or a refusal to show beside the check form's number. */
export async function verifyDiploma(typed: string) {
  const found = await findDiploma(typed)
  if (!found) throw new Refusal('not_found', 'Диплома с таким номером нет. Проверьте номер: он напечатан внизу диплома, рядом с QR-кодом.', 'number')
  return found
}

/**
 * The diplomas of the resident's entries: where they are an author, or where they submitted the entry, or where the
 * entry is their committee's or organisation's in an organisation's contest (contests/entrant.server.ts). Standing publications only.
 */
export async function listMyDiplomas(userId: string) {
  const rows = await getDb()
    .select(columns)
    .from(diploma)
    .innerJoin(resultPublication, eq(resultPublication.id, diploma.publicationId))
    .innerJoin(contest, eq(contest.id, diploma.contestId))
    .innerJoin(author, eq(author.id, diploma.authorId))
    .innerJoin(entry, eq(entry.id, diploma.entryId))
    .where(and(isNull(resultPublication.withdrawnAt), or(eq(author.userId, userId), eq(entry.ownerId, userId), chairedBy(userId))))
    .orderBy(asc(contest.year), asc(contest.title), asc(diploma.number))
  return await withFrozenTexts(rows)
}

/**
 * A diploma the user may download: their own (as author, as the entry's owner, as its organisation's chairperson), or any for an
 * organiser. Null when there is no such standing diploma or it is not theirs, so both answer alike.
 */
export async function diplomaForDownload(user: CurrentUser, number: string): Promise<DiplomaDocument | null> {
  const found = await findDiploma(number)
  if (!found || !found.valid) return null
  if (!can(user, 'diploma.read_any')) {
    const own = await firstRow(
      getDb()
        .select({ id: diploma.id })
        .from(diploma)
        .innerJoin(author, eq(author.id, diploma.authorId))
        .innerJoin(entry, eq(entry.id, diploma.entryId))
        .where(
          and(
            eq(diploma.id, found.id),
            or(eq(author.userId, user.id), eq(entry.ownerId, user.id), chairedBy(user.id), can(user, 'diploma.read_paper') ? paperOf(user) : undefined),
          ),
        ),
    )
    if (!own) return null
  }
  return found
}

/** An operator, as far as their paper applications go: their own and their ЦРН's. */
export type PaperOperator = Pick<CurrentUser, 'id' | 'centreId'>

/**
 * The paper applications an operator answers for: those their ЦРН took (entry.centre_id, recorded at
 * intake), and those they entered themselves (before they had a ЦРН, or at another one).
 */
function paperOf(operator: PaperOperator) {
  return or(eq(entry.enteredById, operator.id), operator.centreId !== null ? eq(entry.centreId, operator.centreId) : undefined)
}

/** Which of a contest's diplomas: all, or those of one operator's paper applications (theirs and their ЦРН's). */
export type DiplomaScope = { paperOf?: PaperOperator }

/**
 * Every diploma of a contest's standing publication (or of its paper applications one operator
 * entered), in pages, so that a ZIP of a thousand diplomas never holds more than one page of rows in memory.
 */
export async function* contestDiplomas(contestId: number, pageSize = 200, scope: DiplomaScope = {}): AsyncGenerator<DiplomaDocument> {
  const db = getDb()
  const live = await firstRow(
    db
      .select({ id: resultPublication.id })
      .from(resultPublication)
      .where(and(eq(resultPublication.contestId, contestId), isNull(resultPublication.withdrawnAt))),
  )
  if (!live) return
  const texts = await frozenTexts([live.id])
  let after = 0
  for (;;) {
    const page = await db
      .select(columns)
      .from(diploma)
      .innerJoin(resultPublication, eq(resultPublication.id, diploma.publicationId))
      .innerJoin(contest, eq(contest.id, diploma.contestId))
      .innerJoin(entry, eq(entry.id, diploma.entryId))
      .where(and(eq(diploma.publicationId, live.id), gt(diploma.id, after), scope.paperOf ? paperOf(scope.paperOf) : undefined))
      .orderBy(asc(diploma.id))
      .limit(pageSize)
    if (!page.length) return
    yield* await withFrozenTexts(page, texts)
    after = page[page.length - 1].id
  }
}

/** How many standing diplomas a contest has, by kind. */
export async function countContestDiplomas(contestId: number) {
  const rows = await getDb()
    .select({ kind: diploma.kind, n: count() })
    .from(diploma)
    .innerJoin(resultPublication, eq(resultPublication.id, diploma.publicationId))
    .where(and(eq(diploma.contestId, contestId), isNull(resultPublication.withdrawnAt)))
    .groupBy(diploma.kind)
  const counts = { total: 0, winner: 0, laureate: 0, special_prize: 0, participant: 0, peoples_choice: 0 }
  for (const r of rows) {
    counts[r.kind] = r.n
    counts.total += r.n
  }
  return counts
}

/**
 * The standing diplomas of the paper applications of an operator's ЦРН (and of those they entered
 * themselves), by contest: what the operator prints for residents who have no way to download them.
 */
export async function listPaperDiplomas(operator: PaperOperator) {
  const rows = await getDb()
    .select(columns)
    .from(diploma)
    .innerJoin(resultPublication, eq(resultPublication.id, diploma.publicationId))
    .innerJoin(contest, eq(contest.id, diploma.contestId))
    .innerJoin(entry, eq(entry.id, diploma.entryId))
    .where(and(isNull(resultPublication.withdrawnAt), paperOf(operator)))
    .orderBy(asc(contest.year), asc(contest.title), asc(diploma.number))
  return await withFrozenTexts(rows)
}
