import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../../db/client.server'
import * as schema from '../../../db/schema'
import { assignJuror, makeContest, makeEntry, makeUser, testDb } from '../../../tests/factories'
import { stageCoverage, stageEntries } from '../contests/stages.server'
import { CONFLICT_LABELS, CONFLICT_REASONS, conflictMessage, type ConflictReason } from './conflict-rule.server'
import { contestConflicts } from './conflicts.server'
import { entryAccess, exclusionReason, getStageAccess, isEntryInStage, jurorExclusions, jurorQueueIds } from './queue.server'

let db: DB
let world: ReturnType<typeof build>

function build(db: DB) {
  const district = (name: string, parentId: number | null = null) =>
    db.insert(schema.district).values({ name, kind: parentId ? 'residential_area' : 'district', parentId }).returning().get()
  const zavodsky = district('Заводский район')
  const pioneer = district('ж.р. Пионер', zavodsky.id)
  const central = district('Центральный район')
  const tos = db.insert(schema.organisation).values({ name: 'ТОС «Южный»', kind: 'tos_committee', districtId: zavodsky.id }).returning().get()
  const school = db.insert(schema.organisation).values({ name: 'Школа № 1', kind: 'school', districtId: zavodsky.id }).returning().get()
  const { contest, nominations, stages } = makeContest(db, { stages: ['district', 'city'] })
  const [first, second] = nominations
  const [districtStage, cityStage] = stages
  const a = makeUser(db, { fullName: 'Анна из ТОС', roles: ['juror'], organisationId: tos.id })
  const b = makeUser(db, { fullName: 'Борис', roles: ['juror'] })
  const resident = makeUser(db)
  const entry = (input: Partial<typeof schema.entry.$inferInsert> & { authors?: { fullName: string; userId?: string }[] } = {}) =>
    makeEntry(db, { contestId: contest.id, ownerId: resident.id, nominationId: first.id, districtId: zavodsky.id, ...input })
  const entries = {
    ownedByA: entry({ ownerId: a.id }),
    coAuthoredByA: entry({ authors: [{ fullName: 'Соседка' }, { fullName: 'Анна', userId: a.id }] }),
    // The same name without a linked account is somebody else as far as the rule knows.
    namedLikeA: entry({ authors: [{ fullName: 'Анна из ТОС' }] }),
    ofAsOrganisation: entry({ organisationId: tos.id }),
    ofAnotherOrganisation: entry({ organisationId: school.id }),
    recusedByA: entry(),
    markedForA: entry(),
    ownedAndRecusedByA: entry({ ownerId: a.id }),
    inPioneer: entry({ districtId: pioneer.id }),
    inCentral: entry({ districtId: central.id }),
    otherNomination: entry({ nominationId: second.id }),
    draft: entry({ status: 'draft', seq: null }),
    rejected: entry({ status: 'rejected' }),
  }
  const conflict = (entryId: number, jurorId: string, kind: ConflictReason, reason = '') =>
    db.insert(schema.conflict).values({ entryId, jurorId, kind, reason }).run()
  conflict(entries.recusedByA.id, a.id, 'recusal', 'Знаю авторов')
  conflict(entries.markedForA.id, a.id, 'organiser', 'Соседи')
  conflict(entries.ownedAndRecusedByA.id, a.id, 'recusal')
  conflict(entries.inPioneer.id, b.id, 'organiser', 'Родственник')
  for (const juror of [a, b]) assignJuror(db, { stageId: districtStage.id, jurorId: juror.id, nominationId: first.id, districtId: zavodsky.id })
  return { contest, first, second, districtStage, cityStage, a, b, entries, zavodsky, central }
}

beforeAll(() => {
  db = testDb()
  world = build(db)
  // The rule's statements read the process-wide connection: point it at this database.
  ;(globalThis as { __db?: DB }).__db = db
})

describe('the conflict rule', () => {
  it('gives each reason: recusal, the organiser’s mark, owner, co-author linked by account, own organisation', () => {
    const { a, entries } = world
    expect(exclusionReason(a.id, entries.recusedByA.id)).toBe('recusal')
    expect(exclusionReason(a.id, entries.markedForA.id)).toBe('organiser')
    expect(exclusionReason(a.id, entries.ownedByA.id)).toBe('author')
    expect(exclusionReason(a.id, entries.coAuthoredByA.id)).toBe('author')
    expect(exclusionReason(a.id, entries.ofAsOrganisation.id)).toBe('organisation')
  })

  it('reports the strongest reason when several apply', () => {
    expect(exclusionReason(world.a.id, world.entries.ownedAndRecusedByA.id)).toBe('recusal')
  })

  it('keeps everything else in: an author of the same name without an account, another organisation, no organisation on either side', () => {
    const { a, b, entries } = world
    for (const e of [entries.namedLikeA, entries.ofAnotherOrganisation, entries.inCentral]) expect(exclusionReason(a.id, e.id)).toBeNull()
    // Борис has no organisation: entries without one are no conflict of his.
    for (const e of [entries.ownedByA, entries.coAuthoredByA, entries.ofAsOrganisation, entries.inCentral]) expect(exclusionReason(b.id, e.id)).toBeNull()
  })

  it('counts a conflict row of any kind, whatever else holds', () => {
    const { b, entries } = world
    expect(exclusionReason(b.id, entries.inPioneer.id)).toBe('organiser')
    const c = makeUser(db, { roles: ['juror'] })
    db.insert(schema.conflict).values({ entryId: entries.inCentral.id, jurorId: c.id, kind: 'organisation' }).run()
    expect(exclusionReason(c.id, entries.inCentral.id)).toBe('organisation')
  })

  it('lists a juror’s numbered entries in the contest with the same reasons', () => {
    const { a, contest, entries } = world
    expect(Object.fromEntries(jurorExclusions(a.id, contest.id).map((x) => [x.entryId, x.reason]))).toEqual({
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
  it('keeps conflicted entries out, and counts residential areas as their district', () => {
    const { a, b, entries, districtStage } = world
    const queue = (jurorId: string) => new Set(jurorQueueIds(getStageAccess({ id: jurorId }, districtStage.id)!).map((q) => q.entryId))
    expect(queue(a.id)).toEqual(new Set([entries.namedLikeA.id, entries.ofAnotherOrganisation.id, entries.inPioneer.id]))
    expect(queue(b.id)).toEqual(
      new Set([entries.ownedByA, entries.coAuthoredByA, entries.namedLikeA, entries.ofAsOrganisation, entries.ofAnotherOrganisation, entries.recusedByA, entries.markedForA, entries.ownedAndRecusedByA].map((e) => e.id)),
    )
  })

  it('adds the organiser’s extra entries, but never a conflicted one', () => {
    const { a, entries, districtStage } = world
    const c = makeUser(db, { roles: ['juror'], organisationId: null })
    assignJuror(db, { stageId: districtStage.id, jurorId: c.id, nominationId: world.second.id, districtId: world.zavodsky.id })
    db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.inCentral.id, jurorId: c.id }).run()
    db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.ownedByA.id, jurorId: a.id }).run()
    db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.inCentral.id, jurorId: a.id }).run()
    const queue = (jurorId: string) => jurorQueueIds(getStageAccess({ id: jurorId }, districtStage.id)!).map((q) => q.entryId)
    expect(new Set(queue(c.id))).toEqual(new Set([entries.otherNomination.id, entries.inCentral.id]))
    expect(queue(a.id)).toContain(entries.inCentral.id)
    expect(queue(a.id)).not.toContain(entries.ownedByA.id)
  })
})

describe('the organiser’s conflict view and the juror’s queue', () => {
  it('agree on which entries are kept from each juror, and why', () => {
    const { contest, districtStage } = world
    const view = contestConflicts(contest.id, contest.numberPrefix)
    const stageIds = stageEntries(districtStage, db).map((e) => e.id)
    const jurorIds = [...new Set(db.select().from(schema.juryAssignment).all().map((r) => r.jurorId))]
    const seen = new Set<ConflictReason>()
    for (const jurorId of jurorIds) {
      const access = getStageAccess({ id: jurorId }, districtStage.id)!
      const queue = new Set(jurorQueueIds(access).map((q) => q.entryId))
      const organiserSays = new Map(view.filter((c) => c.jurorId === jurorId && stageIds.includes(c.entryId)).map((c) => [c.entryId, c.reason]))
      const jurorSays = new Map<number, ConflictReason>()
      for (const entryId of stageIds) {
        const found = entryAccess(access, entryId)
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
  it('takes every accepted entry into the first stage, and only the entries passed on into a later one', () => {
    const { entries, districtStage, cityStage } = world
    const accepted = Object.values(entries)
      .filter((e) => e.status === 'accepted')
      .map((e) => e.id)
    expect(stageEntries(districtStage, db).map((e) => e.id)).toEqual(accepted)
    expect(stageEntries(cityStage, db)).toEqual([])
    db.insert(schema.stageEntry).values([{ stageId: cityStage.id, entryId: entries.inPioneer.id }, { stageId: cityStage.id, entryId: entries.rejected.id }]).run()
    expect(stageEntries(cityStage, db).map((e) => e.id)).toEqual([entries.inPioneer.id])
  })

  it('is one set for progress and the juror’s queue, whether or not moderation listed an entry in the first stage', () => {
    const { entries, districtStage, cityStage } = world
    // Moderation lists the entries it accepts in the first stage; seeded or older entries have no row.
    db.insert(schema.stageEntry).values({ stageId: districtStage.id, entryId: entries.inCentral.id }).run()
    db.insert(schema.stageEntry).values({ stageId: cityStage.id, entryId: entries.otherNomination.id }).run()
    db.update(schema.entry).set({ status: 'disqualified' }).where(eq(schema.entry.id, entries.otherNomination.id)).run()
    for (const s of [districtStage, cityStage]) {
      const inProgress = new Set(stageEntries(s, db).map((e) => e.id))
      for (const e of Object.values(entries)) expect(isEntryInStage(s.id, e.id), `${s.kind}: entry ${e.id}`).toBe(inProgress.has(e.id))
    }
    expect(stageEntries(districtStage, db).map((e) => e.id)).toContain(entries.inPioneer.id)
    expect(stageEntries(cityStage, db).map((e) => e.id)).toEqual([entries.inPioneer.id])
    db.update(schema.entry).set({ status: 'accepted' }).where(eq(schema.entry.id, entries.otherNomination.id)).run()
    db.delete(schema.stageEntry).where(eq(schema.stageEntry.entryId, entries.otherNomination.id)).run()
    db.delete(schema.stageEntry).where(eq(schema.stageEntry.entryId, entries.inCentral.id)).run()
  })

  it('counts the jurors of every nomination and district that has entries', () => {
    const { districtStage } = world
    expect(stageCoverage(districtStage, 2, db)).toEqual([
      { nomination: 'Номинация 1', district: 'Заводский район', jurors: 2, needed: 2 },
      { nomination: 'Номинация 1', district: 'Центральный район', jurors: 0, needed: 2 },
      { nomination: 'Номинация 2', district: 'Заводский район', jurors: 1, needed: 2 },
    ])
  })
})
