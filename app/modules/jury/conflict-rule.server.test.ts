import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../../db/client.server'
import { assignJuror, makeContest, makeEntry, makeUser, testDb } from '../../../tests/factories'
import { stageCoverage, stageEntries } from '../contests/stages.server'
import { CONFLICT_LABELS, CONFLICT_REASONS, conflictMessage, type ConflictReason } from './conflict-rule.server'
import { contestConflicts } from './conflicts.server'
import { entryAccess, exclusionReason, getStageAccess, isEntryInStage, jurorExclusions, jurorQueueIds } from './queue.server'

let db: DB
let world: Awaited<ReturnType<typeof build>>

async function build(db: DB) {
  const district = async (name: string, parentId: number | null = null) =>
    (await db.insert(schema.district).values({ name, kind: parentId ? 'residential_area' : 'district', parentId }).returning())[0]
  const zavodsky = await district('Заводский район')
  const pioneer = await district('ж.р. Пионер', zavodsky.id)
  const central = await district('Центральный район')
  const [tos] = await db.insert(schema.organisation).values({ name: 'ТОС «Южный»', kind: 'tos_committee', districtId: zavodsky.id }).returning()
  const [school] = await db.insert(schema.organisation).values({ name: 'Школа № 1', kind: 'school', districtId: zavodsky.id }).returning()
  const { contest, nominations, stages } = await makeContest(db, { stages: ['district', 'city'] })
  const [first, second] = nominations
  const [districtStage, cityStage] = stages
  const a = await makeUser(db, { fullName: 'Анна из ТОС', roles: ['juror'], organisationId: tos.id })
  const b = await makeUser(db, { fullName: 'Борис', roles: ['juror'] })
  const resident = await makeUser(db)
  const entry = async (input: Partial<typeof schema.entry.$inferInsert> & { authors?: { fullName: string; userId?: string }[] } = {}) =>
    await makeEntry(db, { contestId: contest.id, ownerId: resident.id, nominationId: first.id, districtId: zavodsky.id, ...input })
  const entries = {
    ownedByA: await entry({ ownerId: a.id }),
    coAuthoredByA: await entry({ authors: [{ fullName: 'Соседка' }, { fullName: 'Анна', userId: a.id }] }),
    // The same name without a linked account is somebody else as far as the rule knows.
    namedLikeA: await entry({ authors: [{ fullName: 'Анна из ТОС' }] }),
    ofAsOrganisation: await entry({ organisationId: tos.id }),
    ofAnotherOrganisation: await entry({ organisationId: school.id }),
    recusedByA: await entry(),
    markedForA: await entry(),
    ownedAndRecusedByA: await entry({ ownerId: a.id }),
    inPioneer: await entry({ districtId: pioneer.id }),
    inCentral: await entry({ districtId: central.id }),
    otherNomination: await entry({ nominationId: second.id }),
    draft: await entry({ status: 'draft', seq: null }),
    rejected: await entry({ status: 'rejected' }),
  }
  const conflict = async (entryId: number, jurorId: string, kind: ConflictReason, reason = '') =>
    await db.insert(schema.conflict).values({ entryId, jurorId, kind, reason })
  await conflict(entries.recusedByA.id, a.id, 'recusal', 'Знаю авторов')
  await conflict(entries.markedForA.id, a.id, 'organiser', 'Соседи')
  await conflict(entries.ownedAndRecusedByA.id, a.id, 'recusal')
  await conflict(entries.inPioneer.id, b.id, 'organiser', 'Родственник')
  for (const juror of [a, b]) await assignJuror(db, { stageId: districtStage.id, jurorId: juror.id, nominationId: first.id, districtId: zavodsky.id })
  return { contest, first, second, districtStage, cityStage, a, b, entries, zavodsky, central }
}

beforeAll(async () => {
  db = testDb()
  world = await build(db)
  // The rule's statements read the process-wide connection: point it at this database.
  ;(globalThis as { __db?: DB }).__db = db
})

describe('the conflict rule', () => {
  it('gives each reason: recusal, the organiser’s mark, owner, co-author linked by account, own organisation', async () => {
    const { a, entries } = world
    expect(await exclusionReason(a.id, entries.recusedByA.id)).toBe('recusal')
    expect(await exclusionReason(a.id, entries.markedForA.id)).toBe('organiser')
    expect(await exclusionReason(a.id, entries.ownedByA.id)).toBe('author')
    expect(await exclusionReason(a.id, entries.coAuthoredByA.id)).toBe('author')
    expect(await exclusionReason(a.id, entries.ofAsOrganisation.id)).toBe('organisation')
  })

  it('reports the strongest reason when several apply', async () => {
    expect(await exclusionReason(world.a.id, world.entries.ownedAndRecusedByA.id)).toBe('recusal')
  })

  it('keeps everything else in: an author of the same name without an account, another organisation, no organisation on either side', async () => {
    const { a, b, entries } = world
    for (const e of [entries.namedLikeA, entries.ofAnotherOrganisation, entries.inCentral]) expect(await exclusionReason(a.id, e.id)).toBeNull()
    // Борис has no organisation: entries without one are no conflict of his.
    for (const e of [entries.ownedByA, entries.coAuthoredByA, entries.ofAsOrganisation, entries.inCentral]) expect(await exclusionReason(b.id, e.id)).toBeNull()
  })

  it('counts a conflict row of any kind, whatever else holds', async () => {
    const { b, entries } = world
    expect(await exclusionReason(b.id, entries.inPioneer.id)).toBe('organiser')
    const c = await makeUser(db, { roles: ['juror'] })
    await db.insert(schema.conflict).values({ entryId: entries.inCentral.id, jurorId: c.id, kind: 'organisation' })
    expect(await exclusionReason(c.id, entries.inCentral.id)).toBe('organisation')
  })

  it('lists a juror’s numbered entries in the contest with the same reasons', async () => {
    const { a, contest, entries } = world
    expect(Object.fromEntries((await jurorExclusions(a.id, contest.id)).map((x) => [x.entryId, x.reason]))).toEqual({
      [entries.ownedByA.id]: 'author',
      [entries.coAuthoredByA.id]: 'author',
      [entries.ofAsOrganisation.id]: 'organisation',
      [entries.recusedByA.id]: 'recusal',
      [entries.markedForA.id]: 'organiser',
      [entries.ownedAndRecusedByA.id]: 'recusal',
    })
  })

  it('has one Russian label per reason, which the juror’s message carries', () => {
    for (const reason of CONFLICT_REASONS) expect(conflictMessage(reason)).toContain(CONFLICT_LABELS[reason])
    expect(new Set(Object.values(CONFLICT_LABELS)).size).toBe(CONFLICT_REASONS.length)
  })
})

describe('the juror’s queue', () => {
  it('keeps conflicted entries out, and counts residential areas as their district', async () => {
    const { a, b, entries, districtStage } = world
    const queue = async (jurorId: string) => new Set((await jurorQueueIds((await getStageAccess({ id: jurorId }, districtStage.id))!)).map((q) => q.entryId))
    expect(await queue(a.id)).toEqual(new Set([entries.namedLikeA.id, entries.ofAnotherOrganisation.id, entries.inPioneer.id]))
    expect(await queue(b.id)).toEqual(
      new Set([entries.ownedByA, entries.coAuthoredByA, entries.namedLikeA, entries.ofAsOrganisation, entries.ofAnotherOrganisation, entries.recusedByA, entries.markedForA, entries.ownedAndRecusedByA].map((e) => e.id)),
    )
  })

  it('adds the organiser’s extra entries, but never a conflicted one', async () => {
    const { a, entries, districtStage } = world
    const c = await makeUser(db, { roles: ['juror'], organisationId: null })
    await assignJuror(db, { stageId: districtStage.id, jurorId: c.id, nominationId: world.second.id, districtId: world.zavodsky.id })
    await db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.inCentral.id, jurorId: c.id })
    await db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.ownedByA.id, jurorId: a.id })
    await db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.inCentral.id, jurorId: a.id })
    const queue = async (jurorId: string) => (await jurorQueueIds((await getStageAccess({ id: jurorId }, districtStage.id))!)).map((q) => q.entryId)
    expect(new Set(await queue(c.id))).toEqual(new Set([entries.otherNomination.id, entries.inCentral.id]))
    expect(await queue(a.id)).toContain(entries.inCentral.id)
    expect(await queue(a.id)).not.toContain(entries.ownedByA.id)
  })
})

describe('the organiser’s conflict view and the juror’s queue', () => {
  it('agree on which entries are kept from each juror, and why', async () => {
    const { contest, districtStage } = world
    const view = await contestConflicts(contest.id, contest.numberPrefix)
    const stageIds = (await stageEntries(districtStage, db)).map((e) => e.id)
    const jurorIds = [...new Set((await db.select().from(schema.juryAssignment)).map((r) => r.jurorId))]
    const seen = new Set<ConflictReason>()
    for (const jurorId of jurorIds) {
      const access = (await getStageAccess({ id: jurorId }, districtStage.id))!
      const queue = new Set((await jurorQueueIds(access)).map((q) => q.entryId))
      const organiserSays = new Map(view.filter((c) => c.jurorId === jurorId && stageIds.includes(c.entryId)).map((c) => [c.entryId, c.reason]))
      const jurorSays = new Map<number, ConflictReason>()
      for (const entryId of stageIds) {
        const found = await entryAccess(access, entryId)
        if (found.kind === 'excluded') jurorSays.set(entryId, found.reason)
        // Whatever the organiser lists as kept away is never in the queue, and the other way round.
        if (found.kind !== 'absent') expect(queue.has(entryId), `${jurorId}: ${entryId}`).toBe(!organiserSays.has(entryId))
      }
      expect(jurorSays).toEqual(organiserSays)
      for (const reason of organiserSays.values()) seen.add(reason)
    }
    // Every reason took part, so the comparison above cannot pass on empty sides.
    expect(seen).toEqual(new Set(CONFLICT_REASONS))
    for (const c of view) expect(c.label).toBe(CONFLICT_LABELS[c.reason])
  })
})

describe('entries of a stage', () => {
  it('takes every accepted entry into the first stage, and only the entries passed on into a later one', async () => {
    const { entries, districtStage, cityStage } = world
    const accepted = Object.values(entries)
      .filter((e) => e.status === 'accepted')
      .map((e) => e.id)
    expect((await stageEntries(districtStage, db)).map((e) => e.id)).toEqual(accepted)
    expect(await stageEntries(cityStage, db)).toEqual([])
    await db.insert(schema.stageEntry).values([{ stageId: cityStage.id, entryId: entries.inPioneer.id }, { stageId: cityStage.id, entryId: entries.rejected.id }])
    expect((await stageEntries(cityStage, db)).map((e) => e.id)).toEqual([entries.inPioneer.id])
  })

  it('is one set for progress and the juror’s queue, whether or not moderation listed an entry in the first stage', async () => {
    const { entries, districtStage, cityStage } = world
    // Moderation lists the entries it accepts in the first stage; seeded or older entries have no row.
    await db.insert(schema.stageEntry).values({ stageId: districtStage.id, entryId: entries.inCentral.id })
    await db.insert(schema.stageEntry).values({ stageId: cityStage.id, entryId: entries.otherNomination.id })
    await db.update(schema.entry).set({ status: 'disqualified' }).where(eq(schema.entry.id, entries.otherNomination.id))
    for (const s of [districtStage, cityStage]) {
      const inProgress = new Set((await stageEntries(s, db)).map((e) => e.id))
      for (const e of Object.values(entries)) expect(await isEntryInStage(s.id, e.id), `${s.kind}: entry ${e.id}`).toBe(inProgress.has(e.id))
    }
    expect((await stageEntries(districtStage, db)).map((e) => e.id)).toContain(entries.inPioneer.id)
    expect((await stageEntries(cityStage, db)).map((e) => e.id)).toEqual([entries.inPioneer.id])
    await db.update(schema.entry).set({ status: 'accepted' }).where(eq(schema.entry.id, entries.otherNomination.id))
    await db.delete(schema.stageEntry).where(eq(schema.stageEntry.entryId, entries.otherNomination.id))
    await db.delete(schema.stageEntry).where(eq(schema.stageEntry.entryId, entries.inCentral.id))
  })

  it('counts the jurors of every nomination and district that has entries', async () => {
    const { districtStage } = world
    expect(await stageCoverage(districtStage, 2, db)).toEqual([
      { nomination: 'Номинация 1', district: 'Заводский район', jurors: 2, needed: 2 },
      { nomination: 'Номинация 1', district: 'Центральный район', jurors: 0, needed: 2 },
      { nomination: 'Номинация 2', district: 'Заводский район', jurors: 1, needed: 2 },
    ])
  })
})
