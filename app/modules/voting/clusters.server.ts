/**
 * Suspicious clusters of people's choice votes for the organiser (issue #16 item 3), and annulment.
 * The thresholds are here, in one place, and the page states them. An annulled vote is deleted (it
 * leaves every count, which all read the vote table) and kept whole in the audit record of its
 * annulment with the organiser's reason (docs/decisions/037).
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import ipaddr from 'ipaddr.js'
import { getDb, schema, transaction } from '../../../db/client.server'
import { recordAudit } from '../audit/audit.server'
import { formatEntryNumber } from '../contests/entry-number'
import { resultsPublished } from '../contests/lifecycle'
import { getOrganiserContest } from '../contests/organiser.server'
import { NO_SUCH_CONTEST, Refusal } from '../../utils/refusal'
import { ANNUL_AFTER_PUBLICATION, CLUSTER_THRESHOLDS, type Cluster, type ClusterKind, type ClusterVote } from './clusters'

const { vote, entry, user } = schema

/** The subnet of an address: IPv4 /24, IPv6 /64 (an IPv4-mapped IPv6 address counts as IPv4); null if unreadable. */
export function subnetOf(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null
  const address = ipaddr.process(ip)
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets
    return `${a}.${b}.${c}.0/24`
  }
  return `${(address as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** Dense runs of time-ordered votes: at least `min` within the window, each vote in one run at most. */
function denseRuns<T extends { at: Date }>(sorted: T[], min: number, windowMs: number): T[][] {
  const runs: T[][] = []
  let i = 0
  while (i < sorted.length) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1].at.getTime() - sorted[i].at.getTime() <= windowMs) j++
    if (j - i + 1 >= min) {
      runs.push(sorted.slice(i, j + 1))
      i = j + 1
    } else i++
  }
  return runs
}

function groupBy<T>(items: T[], key: (item: T) => string | null) {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    if (k === null) continue
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}

function cluster(kind: ClusterKind, key: string, votes: ClusterVote[], extra: Partial<Cluster> = {}): Cluster {
  return {
    kind,
    key,
    votes,
    from: votes[0].at,
    to: votes[votes.length - 1].at,
    entries: new Set(votes.map((v) => v.number)).size,
    voters: new Set(votes.map((v) => v.voter)).size,
    addresses: new Set(votes.map((v) => v.ip ?? '')).size,
    ...extra,
  }
}

/** The contest's suspicious clusters of votes, each with the figures behind its flag. */
export async function voteClusters(contestId: number) {
  const c = await getOrganiserContest(contestId)
  if (!c) throw new Refusal('not_found', NO_SUCH_CONTEST)
  const rows = await getDb()
    .select({ id: vote.id, seq: entry.seq, voter: vote.voterId, ip: vote.ip, withProof: vote.withProof, at: vote.createdAt, accountCreatedAt: user.createdAt })
    .from(vote)
    .innerJoin(entry, eq(entry.id, vote.entryId))
    .innerJoin(user, eq(user.id, vote.voterId))
    .where(eq(vote.contestId, contestId))
  const votes: ClusterVote[] = rows
    .map((r) => ({
      id: r.id,
      number: formatEntryNumber(c.numberPrefix, r.seq),
      voter: r.voter,
      ip: r.ip,
      withProof: r.withProof,
      at: r.at,
      accountAgeMinutes: Math.floor((r.at.getTime() - r.accountCreatedAt.getTime()) / 60_000),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
  const t = CLUSTER_THRESHOLDS
  const windowMs = t.windowMinutes * 60_000
  const clusters: Cluster[] = []

  for (const [ip, list] of groupBy(votes, (v) => v.ip)) {
    for (const run of denseRuns(list, t.sameAddressVotes, windowMs)) clusters.push(cluster('address', ip, run))
  }
  for (const [subnet, list] of groupBy(votes, (v) => (v.ip ? subnetOf(v.ip) : null))) {
    for (const run of denseRuns(list, t.sameSubnetVotes, windowMs)) {
      // All from one address: the address's cluster says it already.
      if (new Set(run.map((v) => v.ip)).size > 1) clusters.push(cluster('subnet', subnet, run))
    }
  }
  const byEntry = groupBy(votes, (v) => v.number)
  const span = votes.length ? votes[votes.length - 1].at.getTime() - votes[0].at.getTime() : 0
  const windows = Math.max(1, Math.ceil(span / windowMs))
  for (const [number, list] of byEntry) {
    const usual = list.length / windows
    for (const run of denseRuns(list, t.burstVotes, windowMs)) {
      if (run.length >= t.burstFactor * usual) clusters.push(cluster('burst', number, run, { usualPerWindow: Math.round(usual * 10) / 10 }))
    }
    const fresh = list.filter((v) => v.accountAgeMinutes >= 0 && v.accountAgeMinutes < t.newAccountMinutes)
    if (fresh.length >= t.newAccountVotes) clusters.push(cluster('new_accounts', number, fresh))
    const noProof = list.filter((v) => !v.withProof)
    if (noProof.length >= t.noProofVotes) clusters.push(cluster('no_proof', number, noProof))
  }
  return { contest: c, total: votes.length, clusters: clusters.sort((a, b) => b.votes.length - a.votes.length) }
}

/**
 * Annuls the contest's votes of these ids with the organiser's reason, before the results are
 * published: the votes are deleted and written whole into one audit record. Returns how many.
 */
export async function annulVotes(actorId: string, contestId: number, voteIds: number[], reason: string) {
  return await transaction(getDb(), async (tx) => {
    const c = await getOrganiserContest(contestId, tx)
    if (!c) throw new Refusal('not_found', NO_SUCH_CONTEST)
    if (resultsPublished(c)) throw new Refusal('conflict', ANNUL_AFTER_PUBLICATION)
    const rows = await tx
      .select({ id: vote.id, seq: entry.seq, voterId: vote.voterId, ip: vote.ip, withProof: vote.withProof, createdAt: vote.createdAt })
      .from(vote)
      .innerJoin(entry, eq(entry.id, vote.entryId))
      .where(and(eq(vote.contestId, contestId), inArray(vote.id, voteIds)))
      .orderBy(asc(vote.id))
    if (!rows.length) throw new Refusal('conflict', 'Эти голоса уже аннулированы или отозваны. Обновите страницу.', 'voteIds')
    await tx.delete(vote).where(
      and(
        eq(vote.contestId, contestId),
        inArray(
          vote.id,
          rows.map((r) => r.id),
        ),
      ),
    )
    await recordAudit(tx, {
      actorId,
      action: 'vote.annul',
      entityType: 'vote',
      entityId: contestId,
      contestId,
      before: {
        votes: rows.map((r) => ({
          id: r.id,
          entry: formatEntryNumber(c.numberPrefix, r.seq),
          voterId: r.voterId,
          ip: r.ip,
          withProof: r.withProof,
          at: r.createdAt.toISOString(),
        })),
      },
      after: { reason, annulled: rows.length },
    })
    return rows.length
  })
}
