import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../../db/client.server'
import * as schema from '../../../db/schema'
import { assignJuror, makeContest, makeEntry, makeUser, testDb } from '../../../tests/factories'
import { stageCoverage, stageEntries } from '../contests/stages.server'
import { jurorEntryIds } from './assignments.server'
import { conflictedEntryIds, isConflicted, jurorConflicts } from './conflicts.server'
import { exclusionReason, getStageAccess, jurorQueueIds } from './queue.server'

let db: DB
let world: ReturnType<typeof build>

function build(db: DB) {
  const district = (name: string, parentId: number | null = null) =>
    db.insert(schema.district).values({ name, kind: parentId ? 'residential_area' : 'district', parentId }).returning().get()
  const zavodsky = district('Заводский район')
  const pioneer = district('ж.р. Пионер', zavodsky.id)
  const central = district('Центральный район')
  const tos = db.insert(schema.organisation).values({ name: 'ТОС «Южный»', kind: 'tos_committee', districtId: zavodsky.id }).returning().get()
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
    ofAsOrganisation: entry({ organisationId: tos.id }),
    inPioneer: entry({ districtId: pioneer.id }),
    inCentral: entry({ districtId: central.id }),
    otherNomination: entry({ nominationId: second.id }),
    draft: entry({ status: 'draft', seq: null }),
    rejected: entry({ status: 'rejected' }),
  }
  db.insert(schema.conflict).values({ entryId: entries.inPioneer.id, jurorId: b.id, kind: 'organiser', reason: 'Родственник' }).run()
  assignJuror(db, { stageId: districtStage.id, jurorId: a.id, nominationId: first.id, districtId: zavodsky.id })
  assignJuror(db, { stageId: districtStage.id, jurorId: b.id, nominationId: first.id, districtId: zavodsky.id })
  return { contest, first, second, districtStage, cityStage, a, b, entries, zavodsky, central }
}

beforeAll(() => {
  db = testDb()
  world = build(db)
  // The juror's scoring queue reads the process-wide connection: point it at this database.
  ;(globalThis as { __db?: DB }).__db = db
})

describe('conflicts of interest', () => {
  it('finds a juror’s own entries (as owner or co-author) and the entries of the juror’s organisation, and marked ones', () => {
    const { a, b, contest, entries } = world
    expect(Object.fromEntries(jurorConflicts(a.id, contest.id, db))).toEqual({
      [entries.ownedByA.id]: 'author',
      [entries.coAuthoredByA.id]: 'author',
      [entries.ofAsOrganisation.id]: 'organisation',
    })
    expect(conflictedEntryIds(b.id, world.districtStage.id, db)).toEqual(new Set([entries.inPioneer.id]))
    expect(isConflicted(b.id, entries.inPioneer.id, db)).toBe(true)
    expect(isConflicted(b.id, entries.inCentral.id, db)).toBe(false)
    expect(isConflicted(a.id, entries.coAuthoredByA.id, db)).toBe(true)
  })

  it('keeps conflicted entries out of the juror’s queue, and counts residential areas as their district', () => {
    const { a, b, entries, districtStage } = world
    expect(jurorEntryIds(a.id, districtStage.id, db)).toEqual([entries.inPioneer.id])
    expect(jurorEntryIds(b.id, districtStage.id, db)).toEqual([entries.ownedByA.id, entries.coAuthoredByA.id, entries.ofAsOrganisation.id])
  })

  it('adds the organiser’s extra entries to a queue, but never a conflicted one', () => {
    const { a, entries, districtStage } = world
    db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.inCentral.id, jurorId: a.id }).run()
    db.insert(schema.extraAssignment).values({ stageId: districtStage.id, entryId: entries.ownedByA.id, jurorId: a.id }).run()
    expect(jurorEntryIds(a.id, districtStage.id, db)).toEqual([entries.inPioneer.id, entries.inCentral.id])
  })
})

describe('entries of a stage', () => {
  it('takes every accepted entry into the first stage, and only the entries passed on into a later one', () => {
    const { entries, districtStage, cityStage } = world
    const accepted = [entries.ownedByA, entries.coAuthoredByA, entries.ofAsOrganisation, entries.inPioneer, entries.inCentral, entries.otherNomination].map((e) => e.id)
    expect(stageEntries(districtStage, db).map((e) => e.id)).toEqual(accepted)
    expect(stageEntries(cityStage, db)).toEqual([])
    db.insert(schema.stageEntry).values([{ stageId: cityStage.id, entryId: entries.inPioneer.id }, { stageId: cityStage.id, entryId: entries.rejected.id }]).run()
    expect(stageEntries(cityStage, db).map((e) => e.id)).toEqual([entries.inPioneer.id])
  })

  it('counts the jurors of every nomination and district that has entries', () => {
    const { districtStage } = world
    expect(stageCoverage(districtStage, 2, db)).toEqual([
      { nomination: 'Номинация 1', district: 'Заводский район', jurors: 2, needed: 2 },
      { nomination: 'Номинация 1', district: 'Центральный район', jurors: 0, needed: 2 },
      { nomination: 'Номинация 2', district: 'Заводский район', jurors: 0, needed: 2 },
    ])
  })
})

describe('the organiser and the juror see the same rule', () => {
  it('conflicts found for the organiser are exactly the entries the scoring queue excludes', () => {
    const { a, b, contest } = world
    const entries = db.select().from(schema.entry).all().filter((e) => e.contestId === contest.id)
    for (const juror of [a, b]) {
      const organiserSide = new Set(jurorConflicts(juror.id, contest.id, db).keys())
      const scoringSide = new Set(entries.filter((e) => exclusionReason({ id: juror.id, organisationId: juror.organisationId }, e.id) !== null).map((e) => e.id))
      expect(scoringSide).toEqual(organiserSide)
    }
  })

  it('the organiser’s count of a juror’s entries is the juror’s own queue', () => {
    const { a, b, districtStage } = world
    for (const juror of [a, b]) {
      const access = getStageAccess({ id: juror.id, organisationId: juror.organisationId }, districtStage.id)!
      const queue = jurorQueueIds(access).map((q) => q.entryId)
      expect(new Set(queue)).toEqual(new Set(jurorEntryIds(juror.id, districtStage.id, db)))
    }
  })
})
