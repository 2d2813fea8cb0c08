/**
 * People's choice voting (docs/decisions/037): the organiser's settings, and the one place that decides
 * who may vote for what and when. The window is lifecycle's votingState; an entry of which the voter is
 * an author is kept out by the jury's authorship rule (conflict-rule.server.ts), not another one.
 */
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction, type DB } from '../../../db/client.server'
import { changes, recordAudit } from '../audit/audit.server'
import { isVerified } from '../accounts/accounts.server'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'
import { isGalleryOpen, PUBLIC_STATUSES, votingCountsPublic, votingState, votingWindowRefusal, type VotingState } from '../contests/lifecycle'
import { getOrganiserContest } from '../contests/organiser.server'
import { listNominations } from '../contests/nominations.server'
import type { VotingSettings } from '../contests/validation'
import { authoredBySql } from '../jury/conflict-rule.server'
import type { CurrentUser } from '../../utils/auth.server'
import { countOf, NOUNS, quoted, toCityInputValue } from '../../utils/format'
import { hitRateLimit, type RateLimitRule } from '../../utils/rate-limit.server'
import { NO_SUCH_CONTEST, Refusal } from '../../utils/refusal'
import { checkProof, spendProof } from './proof.server'

const { contest, entry, vote } = schema

/* ---------- the organiser's settings ---------- */

/** The settings form's values: the window as the city's <input type="datetime-local"> values. */
export async function votingSettingsOf(contestId: number) {
  const c = await getOrganiserContest(contestId)
  if (!c) throw new Refusal('not_found', NO_SUCH_CONTEST)
  return {
    votingEnabled: c.votingEnabled,
    votingOpensAt: toCityInputValue(c.votingOpensAt),
    votingClosesAt: toCityInputValue(c.votingClosesAt),
    votingNominationIds: c.votingNominationIds,
    votesPerVoter: c.votesPerVoter,
    votingCountsLive: c.votingCountsLive,
    votingPrizeName: c.votingPrizeName,
    state: votingState(c),
    nominations: (await listNominations(contestId)).map((n) => ({ id: n.id, name: n.name })),
  }
}

/** Saves the voting settings as one audit record; returns whether anything changed. */
export async function updateVotingSettings(actorId: string, contestId: number, value: VotingSettings) {
  return await transaction(getDb(), async (tx) => {
    const current = await getOrganiserContest(contestId, tx)
    if (!current) throw new Refusal('invalid', NO_SUCH_CONTEST)
    const own = new Set((await listNominations(contestId, tx)).map((n) => n.id))
    if (value.votingNominationIds.some((id) => !own.has(id))) throw new Refusal('invalid', 'Такой номинации нет: обновите страницу.', 'votingNominationIds')
    const diff = changes(current as typeof current & Record<string, unknown>, value)
    if (!diff.changed) return false
    await tx
      .update(contest)
      .set({ ...diff.after, updatedAt: new Date() })
      .where(eq(contest.id, contestId))
    await recordAudit(tx, { actorId, action: 'contest.voting_settings', entityType: 'contest', entityId: contestId, contestId, before: diff.before, after: diff.after })
    return true
  })
}

/* ---------- who may vote ---------- */

export const SIGN_IN_TO_VOTE = 'Голосовать могут жители, вошедшие на сайт: войдите или зарегистрируйтесь.'
export const CONFIRM_TO_VOTE = 'Голосовать можно после подтверждения адреса электронной почты: откройте ссылку из письма или отправьте письмо ещё раз в личном кабинете.'
export const OWN_ENTRY = 'За свою работу голосовать нельзя: вы её автор или соавтор.'

/** Per account: more than a person clicks, fewer than a script. */
const ACCOUNT_VOTES: RateLimitRule = { name: 'vote-account', limit: 30, windowMs: 10 * 60_000, message: 'Слишком много голосов подряд. Подождите несколько минут.' }
/** Per address, votes with the proof of work: a school's or an office's network votes together. */
const IP_VOTES: RateLimitRule = { name: 'vote-ip', limit: 600, windowMs: 10 * 60_000, message: 'С вашего адреса слишком много голосов. Подождите несколько минут.' }
/** Per address, votes without JavaScript (no proof of work): much fewer (docs/decisions/037). */
const IP_VOTES_NO_PROOF: RateLimitRule = {
  name: 'vote-ip-nojs',
  limit: 10,
  windowMs: 60 * 60_000,
  message: 'С вашего адреса слишком много голосов без JavaScript. Включите JavaScript в браузере или попробуйте через час.',
}

/** Why this person may not vote at all, or null. */
export function voterRefusal(voter: Pick<CurrentUser, 'email' | 'emailVerifiedAt'> | null): string | null {
  if (!voter) return SIGN_IN_TO_VOTE
  if (!isVerified(voter)) return CONFIRM_TO_VOTE
  return null
}

type VotingContest = {
  id: number
  slug: string
  status: (typeof PUBLIC_STATUSES)[number]
  numberPrefix: string
  galleryOpenDuringContest: boolean
  votingEnabled: boolean
  votingOpensAt: Date | null
  votingClosesAt: Date | null
  votingNominationIds: number[]
  votesPerVoter: number
  votingCountsLive: boolean
  votingPrizeName: string
}

async function publicVotingContest(slug: string, db: DB = getDb()): Promise<VotingContest | null> {
  const c = await firstRow(
    db
      .select({
        id: contest.id,
        slug: contest.slug,
        status: contest.status,
        numberPrefix: contest.numberPrefix,
        galleryOpenDuringContest: contest.galleryOpenDuringContest,
        votingEnabled: contest.votingEnabled,
        votingOpensAt: contest.votingOpensAt,
        votingClosesAt: contest.votingClosesAt,
        votingNominationIds: contest.votingNominationIds,
        votesPerVoter: contest.votesPerVoter,
        votingCountsLive: contest.votingCountsLive,
        votingPrizeName: contest.votingPrizeName,
      })
      .from(contest)
      .where(and(eq(contest.slug, slug), inArray(contest.status, PUBLIC_STATUSES))),
  )
  return c ?? null
}

export type VoteIntent = 'vote' | 'withdraw' | 'move'

export type VoteRequest = {
  slug: string
  number: string
  intent: VoteIntent
  /** For «move»: the entry whose vote moves here. */
  from?: string | null
  /** The altcha widget's payload; empty from the form without JavaScript. */
  proof: string
  ip: string | null
}

/**
 * A vote given, withdrawn or moved, in one transaction per voter (votes of different voters run side
 * by side on PostgreSQL, one voter's one after another). Refuses, in Russian, a voter who may not vote,
 * a closed window, an entry not in the vote, one's own entry, a vote beyond the limit, a wrong or spent
 * proof. Returns what the voter reads.
 */
export async function castVote(voter: CurrentUser, request: VoteRequest, now = new Date()): Promise<string> {
  const refusal = voterRefusal(voter)
  if (refusal) throw new Refusal('forbidden', refusal)
  await hitRateLimit(voter.id, ACCOUNT_VOTES, now)
  if (request.intent !== 'withdraw' && request.ip) await hitRateLimit(request.ip, request.proof ? IP_VOTES : IP_VOTES_NO_PROOF, now)
  // The proof is checked before the transaction and spent inside it, last.
  const proof = request.proof && request.intent !== 'withdraw' ? checkProof(request.proof, now) : null

  return await transaction(
    getDb(),
    async (tx) => {
      const c = await publicVotingContest(request.slug, tx)
      if (!c) throw new Refusal('not_found', NO_SUCH_CONTEST)
      const closed = votingWindowRefusal(c, now)
      if (closed) throw new Refusal('forbidden', closed)
      const target = await votableEntry(tx, c, request.number, voter.id)

      const mine = await tx
        .select({ id: vote.id, entryId: vote.entryId })
        .from(vote)
        .where(and(eq(vote.voterId, voter.id), eq(vote.nominationId, target.nominationId)))
      const already = mine.find((v) => v.entryId === target.id)

      if (request.intent === 'withdraw') {
        if (!already) throw new Refusal('conflict', `Вы не голосовали за работу ${target.number}.`)
        await tx.delete(vote).where(eq(vote.id, already.id))
        return `Голос за работу ${target.number} отозван.`
      }
      if (already) throw new Refusal('conflict', `Вы уже проголосовали за работу ${target.number}.`)

      let moved: { id: number; number: string } | null = null
      if (request.intent === 'move') {
        const from = request.from ? await votableEntry(tx, c, request.from, voter.id, false) : null
        const old = from ? mine.find((v) => v.entryId === from.id) : null
        if (!from || !old) throw new Refusal('conflict', 'Голос, который вы переносите, уже отозван или перенесён. Обновите страницу.')
        moved = { id: old.id, number: from.number }
      } else if (mine.length >= c.votesPerVoter) {
        throw new Refusal(
          'conflict',
          `В номинации ${quoted(target.nomination)} у вас ${countOf(c.votesPerVoter, NOUNS.vote)}, и ${c.votesPerVoter === 1 ? 'он отдан' : 'все отданы'}. ` +
            'Чтобы проголосовать за эту работу, отзовите голос за другую или перенесите его сюда.',
        )
      }
      // The proof is spent last: a refusal above does not spend it.
      if (proof) await spendProof(tx, proof, now)
      if (moved) await tx.delete(vote).where(eq(vote.id, moved.id))
      await tx.insert(vote).values({
        contestId: c.id,
        nominationId: target.nominationId,
        entryId: target.id,
        voterId: voter.id,
        ip: request.ip,
        withProof: !!proof,
        createdAt: now,
      })
      return moved ? `Голос перенесён с работы ${moved.number} на работу ${target.number}.` : `Ваш голос за работу ${target.number} принят.`
    },
    { alongside: `vote:${voter.id}` },
  )
}

/** An accepted entry of the contest in a nomination that is voted in, not the voter's own. */
async function votableEntry(tx: DB, c: VotingContest, number: string, voterId: string, refuseOwn = true) {
  const seq = parseEntryNumber(number, c.numberPrefix)
  const row =
    seq === null || !isGalleryOpen(c)
      ? undefined
      : await firstRow(
          tx
            .select({
              id: entry.id,
              seq: entry.seq,
              nominationId: entry.nominationId,
              nomination: schema.nomination.name,
              own: sql<number | boolean>`case when ${authoredBySql(voterId)} then 1 else 0 end`,
            })
            .from(entry)
            .innerJoin(schema.nomination, eq(schema.nomination.id, entry.nominationId))
            .where(and(eq(entry.contestId, c.id), eq(entry.seq, seq), eq(entry.status, 'accepted'))),
        )
  if (!row || row.nominationId === null || row.seq === null) throw new Refusal('not_found', 'Такой работы нет в галерее конкурса.')
  const nominationId = row.nominationId
  if (!c.votingNominationIds.includes(nominationId)) throw new Refusal('forbidden', `В номинации ${quoted(row.nomination)} голосования нет.`)
  if (refuseOwn && Number(row.own) === 1) throw new Refusal('forbidden', OWN_ENTRY)
  return { ...row, nominationId, number: formatEntryNumber(c.numberPrefix, row.seq) }
}

/* ---------- what the gallery and the entry page show ---------- */

/** What the button of one shown entry offers this person. */
export type EntryVote =
  | { kind: 'own' }
  | { kind: 'voted' }
  | { kind: 'vote' }
  /** The nomination's votes are all given: with one vote, it may move here from `from`. */
  | { kind: 'full'; from: string | null }
  | { kind: 'none' }

export type VotingView = {
  state: VotingState
  prizeName: string
  /** Why the buttons are not live, for everyone (the window) or this person (sign in, confirm the address). */
  notice: string | null
  /** Which link helps: log in, or the cabinet where the address is confirmed. */
  help: 'login' | 'account' | null
  /** Per shown entry number. */
  entries: Record<string, EntryVote>
  /** Vote counts by entry number, only when the public may see them. */
  counts: Record<string, number> | null
}

/**
 * The voting part of a public gallery page or entry page for this person (null: the contest has no
 * voting): what each shown entry's button offers, and the counts only when votingCountsPublic allows.
 * A juror's pages never call this.
 */
export async function votingView(slug: string, person: CurrentUser | null, numbers: string[], now = new Date()): Promise<VotingView | null> {
  const c = await publicVotingContest(slug)
  if (!c) return null
  const state = votingState(c, now)
  if (state === 'off') return null
  const db = getDb()
  const seqs = numbers.map((n) => parseEntryNumber(n, c.numberPrefix)).filter((n): n is number => n !== null)
  const numberOf = (seq: number | null) => formatEntryNumber(c.numberPrefix, seq ?? 0)
  const shown = seqs.length
    ? await db
        .select({
          id: entry.id,
          seq: entry.seq,
          nominationId: entry.nominationId,
          own: person ? sql<number | boolean>`case when ${authoredBySql(person.id)} then 1 else 0 end` : sql<number>`0`,
        })
        .from(entry)
        .where(and(eq(entry.contestId, c.id), inArray(entry.seq, seqs), eq(entry.status, 'accepted')))
    : []
  const mine = person
    ? await db
        .select({ nominationId: vote.nominationId, entryId: vote.entryId, seq: entry.seq })
        .from(vote)
        .innerJoin(entry, eq(entry.id, vote.entryId))
        .where(and(eq(vote.voterId, person.id), eq(vote.contestId, c.id)))
    : []
  const window = votingWindowRefusal(c, now)
  const personal = state === 'open' ? voterRefusal(person) : null
  const live = !window && !personal
  const entries: Record<string, EntryVote> = {}
  for (const e of shown) {
    const inVote = e.nominationId !== null && c.votingNominationIds.includes(e.nominationId)
    const given = mine.filter((v) => v.nominationId === e.nominationId)
    entries[numberOf(e.seq)] = !inVote
      ? { kind: 'none' }
      : Number(e.own) === 1
        ? { kind: 'own' }
        : given.some((v) => v.entryId === e.id)
          ? { kind: 'voted' }
          : !live
            ? { kind: 'none' }
            : given.length >= c.votesPerVoter
              ? { kind: 'full', from: c.votesPerVoter === 1 && given[0] ? numberOf(given[0].seq) : null }
              : { kind: 'vote' }
  }
  let counts: Record<string, number> | null = null
  // Jurors never see counts, not even on the public pages while counts are live: they score.
  if (votingCountsPublic(c, now) && shown.length && !person?.roles.includes('juror')) {
    counts = {}
    const rows = await db
      .select({ entryId: vote.entryId, n: count() })
      .from(vote)
      .where(inArray(vote.entryId, shown.map((e) => e.id)))
      .groupBy(vote.entryId)
    for (const e of shown) counts[numberOf(e.seq)] = Number(rows.find((r) => r.entryId === e.id)?.n ?? 0)
  }
  return {
    state,
    prizeName: c.votingPrizeName,
    notice: window ?? personal,
    help: window ? null : personal === SIGN_IN_TO_VOTE ? 'login' : personal ? 'account' : null,
    entries,
    counts,
  }
}

/** The number of votes an entry has: for the organiser and the tests, never a juror's page. */
export async function voteCount(entryId: number) {
  return (await firstRow(getDb().select({ n: count() }).from(vote).where(eq(vote.entryId, entryId))))!.n
}

/** The person's own votes, newest first, for the cabinet: which entry of which contest, and whether it may still change. */
export async function myVotes(voterId: string, now = new Date()) {
  const rows = await getDb()
    .select({
      slug: contest.slug,
      contestTitle: contest.title,
      numberPrefix: contest.numberPrefix,
      seq: entry.seq,
      title: entry.title,
      nomination: schema.nomination.name,
      status: contest.status,
      votingEnabled: contest.votingEnabled,
      votingOpensAt: contest.votingOpensAt,
      votingClosesAt: contest.votingClosesAt,
    })
    .from(vote)
    .innerJoin(entry, eq(entry.id, vote.entryId))
    .innerJoin(contest, eq(contest.id, vote.contestId))
    .innerJoin(schema.nomination, eq(schema.nomination.id, vote.nominationId))
    .where(eq(vote.voterId, voterId))
    .orderBy(desc(vote.createdAt), desc(vote.id))
  return rows.map((r) => ({
    href: `/contests/${r.slug}/entries/${formatEntryNumber(r.numberPrefix, r.seq ?? 0)}`,
    contestTitle: r.contestTitle,
    number: formatEntryNumber(r.numberPrefix, r.seq ?? 0),
    title: r.title,
    nomination: r.nomination,
    open: votingState(r, now) === 'open',
  }))
}
