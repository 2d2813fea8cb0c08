/**
 * The organiser's page of suspicious vote clusters and annulment (#16 item 3), asked of the page's
 * loader and action with votes made straight in the database at fixed times: a cluster from one
 * subnet within minutes and the entry's burst are flagged with their figures; annulling the cluster
 * with a reason takes its votes out of the count and writes the audit record; an empty reason and an
 * annulment after publication are refused in Russian; residents and jurors are kept out.
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import * as votingPage from '../../app/routes/organiser.contests.$contestId.voting'
import { ACTION_LABELS } from '../../app/modules/audit/labels'
import { ANNUL_AFTER_PUBLICATION, CLUSTER_CHANGED } from '../../app/modules/voting/clusters'
import { voteCount } from '../../app/modules/voting/voting.server'
import { makeAcceptedEntries } from '../factories-entries'
import { makeContest, makeUser } from '../factories'
import { act, load, openAppDatabase, sessionCookie } from '../setup/in-process'

let db: DB
let cookie: string

const T = Date.parse('2027-04-01T03:00:00Z')
const minutes = (n: number) => new Date(T + n * 60_000)

beforeAll(async () => {
  db = openAppDatabase()
  const organiser = await makeUser(db, { roles: ['organiser'] })
  cookie = await sessionCookie(organiser.id)
})

const at = (contestId: number, as = cookie) => ({ path: `/organiser/contests/${contestId}/voting`, params: { contestId: String(contestId) }, cookie: as })

/** A vote by a fresh voter whose account is a month old, with a proof of work unless told. */
async function makeVote(contestId: number, target: { id: number; nominationId: number | null }, ip: string, when: Date, withProof = true) {
  const voter = await makeUser(db, { createdAt: new Date(T - 30 * 24 * 3600_000) })
  const [row] = await db
    .insert(schema.vote)
    .values({ contestId, nominationId: target.nominationId!, entryId: target.id, voterId: voter.id, ip, withProof, createdAt: when })
    .returning({ id: schema.vote.id })
  return row.id
}

type PageData = {
  clusters: { id: string; kind: string; key: string; votes: { id: number }[]; voteCount: number; votePage: number; votePages: number; addresses: number; usualPerWindow?: number }[]
  locked: string | null
  page: number
  pages: number
  clusterCount: number
}

/** A contest with two entries: 10 ordinary votes for each over ten hours, then 12 votes for the first from one /24 within 6 minutes. */
async function votedContest() {
  const organiser = await makeUser(db)
  const { contest, nominations } = await makeContest(db, { status: 'judging' })
  await makeAcceptedEntries(db, { contestId: contest.id, ownerId: organiser.id, nominationIds: [nominations[0].id], count: 2 })
  const entries = await db.select().from(schema.entry).where(eq(schema.entry.contestId, contest.id)).orderBy(schema.entry.seq)
  for (let h = 0; h < 10; h++) {
    for (const [i, e] of entries.entries()) await makeVote(contest.id, e, `198.51.${h}.${i + 1}`, minutes(h * 60 + i * 7))
  }
  const cluster: number[] = []
  for (let i = 0; i < 12; i++) cluster.push(await makeVote(contest.id, entries[0], `203.0.113.${i + 1}`, minutes(320 + i / 2)))
  return { contest, entries, cluster }
}

describe('suspicious vote clusters', () => {
  it('flag votes from one subnet within minutes and the entry’s burst, with the figures behind each', async () => {
    const { contest, entries, cluster } = await votedContest()
    const res = await load(votingPage, at(contest.id))
    expect(res.status).toBe(200)
    const { clusters, locked } = res.data as PageData
    expect(locked).toBeNull()
    const subnet = clusters.find((c) => c.kind === 'subnet')
    expect(subnet).toMatchObject({ key: '203.0.113.0/24', addresses: 12 })
    expect(subnet!.votes.map((v) => v.id)).toEqual(cluster)
    const burst = clusters.find((c) => c.kind === 'burst')
    const number = `${contest.numberPrefix}-0001`
    expect(entries[0].seq).toBe(1)
    // 22 votes over 547 minutes (55 windows of 10): usually 0.4 a window, then 12 in 6 minutes.
    expect(burst).toMatchObject({ key: number, usualPerWindow: 0.4 })
    expect(burst!.votes).toHaveLength(12)
    // The ordinary votes raise no flag.
    expect(clusters.map((c) => c.kind).sort()).toEqual(['burst', 'subnet'])
  })

  it('annul a cluster with a reason: its votes leave the count and the audit log keeps them; an empty reason is refused', async () => {
    const { contest, entries, cluster } = await votedContest()
    expect(await voteCount(entries[0].id)).toBe(22)
    const form = (reason: string) => {
      const f = new URLSearchParams({ cluster: 'subnet-0', reason })
      for (const id of cluster) f.append('voteIds', String(id))
      return f
    }
    const empty = await act(votingPage, { ...at(contest.id), form: form('   ') })
    expect(empty.status).toBe(400)
    expect(JSON.stringify(empty.data)).toContain('Укажите причину аннулирования')
    expect(await voteCount(entries[0].id)).toBe(22)

    const res = await act(votingPage, { ...at(contest.id), form: form('12 голосов из одной подсети за 6 минут') })
    expect(res.status).toBe(302)
    expect(await voteCount(entries[0].id)).toBe(10)
    expect(await voteCount(entries[1].id)).toBe(10)
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.contestId, contest.id))
    expect(audit.map((a) => ACTION_LABELS[a.action])).toEqual(['Аннулированы голоса зрительского голосования'])
    expect(audit[0].after).toMatchObject({ reason: '12 голосов из одной подсети за 6 минут', annulled: 12 })
    expect((audit[0].before as { votes: { id: number; ip: string }[] }).votes.map((v) => v.id)).toEqual(cluster)
    const after = (await load(votingPage, at(contest.id))).data as PageData
    expect(after.clusters).toEqual([])
  })

  it('are read a page at a time, ten clusters and fifty votes of each a page, and a whole cluster is annulled from its first page', async () => {
    const organiser = await makeUser(db)
    const { contest, nominations } = await makeContest(db, { status: 'judging' })
    await makeAcceptedEntries(db, { contestId: contest.id, ownerId: organiser.id, nominationIds: [nominations[0].id], count: 2 })
    const [first, second] = await db.select().from(schema.entry).where(eq(schema.entry.contestId, contest.id)).orderBy(schema.entry.seq)
    // 120 votes from one address within 6 minutes, and ten addresses of other subnets with 5 votes each: eleven clusters.
    const big: number[] = []
    for (let i = 0; i < 120; i++) big.push(await makeVote(contest.id, first, '192.0.2.50', minutes(i * 0.05)))
    for (let a = 0; a < 10; a++) for (let i = 0; i < 5; i++) await makeVote(contest.id, second, `198.18.${a}.1`, minutes(a * 0.5 + i * 0.05))

    const one = (await load(votingPage, at(contest.id))).data as PageData
    expect([one.page, one.pages, one.clusterCount, one.clusters.length]).toEqual([1, 2, 11, 10])
    const cluster = one.clusters[0]
    expect(cluster).toMatchObject({ kind: 'address', key: '192.0.2.50', voteCount: 120, votePage: 1, votePages: 3 })
    expect(cluster.votes.map((v) => v.id)).toEqual(big.slice(0, 50))
    const two = (await load(votingPage, { ...at(contest.id), path: `/organiser/contests/${contest.id}/voting?page=2&${cluster.id}=3` })).data as PageData
    expect(two.clusters.map((c) => c.key)).toHaveLength(1)
    const last = (await load(votingPage, { ...at(contest.id), path: `/organiser/contests/${contest.id}/voting?${cluster.id}=3` })).data as PageData
    expect(last.clusters[0].votes.map((v) => v.id)).toEqual(big.slice(100))
    // Past the last page: the last page.
    expect(((await load(votingPage, { ...at(contest.id), path: `/organiser/contests/${contest.id}/voting?page=99` })).data as PageData).page).toBe(2)

    // The first page's fifty boxes posted, and «the whole cluster» ticked: all 120 go.
    const form = new URLSearchParams({ cluster: cluster.id, whole: 'on', reason: '120 голосов с одного адреса за 6 минут' })
    for (const v of cluster.votes) form.append('voteIds', String(v.id))
    expect((await act(votingPage, { ...at(contest.id), form })).status).toBe(302)
    expect([await voteCount(first.id), await voteCount(second.id)]).toEqual([0, 50])
    // Again: the cluster is gone, and the page says so.
    const again = await act(votingPage, { ...at(contest.id), form })
    expect([again.status, JSON.stringify(again.data)]).toEqual([409, expect.stringContaining(CLUSTER_CHANGED)])
    expect(await voteCount(second.id)).toBe(50)
  })

  it('refuse annulment once the results are published', async () => {
    const { contest, entries, cluster } = await votedContest()
    await db.update(schema.contest).set({ status: 'published' }).where(eq(schema.contest.id, contest.id))
    expect(((await load(votingPage, at(contest.id))).data as PageData).locked).toBe(ANNUL_AFTER_PUBLICATION)
    const res = await act(votingPage, { ...at(contest.id), form: new URLSearchParams({ voteIds: String(cluster[0]), reason: 'Накрутка' }) })
    expect(res.status).toBe(409)
    expect(JSON.stringify(res.data)).toContain('аннулировать голоса после публикации нельзя')
    expect(await voteCount(entries[0].id)).toBe(22)
  })

  it('keep residents and jurors out', async () => {
    const { contest, cluster } = await votedContest()
    for (const roles of [['resident'], ['juror']] as const) {
      const other = await sessionCookie((await makeUser(db, { roles: [...roles] })).id)
      expect((await load(votingPage, at(contest.id, other))).status).toBe(403)
      const res = await act(votingPage, { ...at(contest.id, other), form: new URLSearchParams({ voteIds: String(cluster[0]), reason: 'Накрутка' }) })
      expect(res.status).toBe(403)
    }
  })
})
