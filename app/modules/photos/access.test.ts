import { describe, expect, it } from 'vitest'
import type { ContestStatus, EntryStatus } from '../../../db/schema/enums'
import { PHOTO_CACHE_CONTROL, photoAccess, type PhotoFacts, type PhotoViewer } from './access.server'

const PUBLIC = PHOTO_CACHE_CONTROL.public
const PRIVATE = PHOTO_CACHE_CONTROL.private
const DENIED = 'denied'

const viewers = {
  guest: null,
  owner: { id: 'owner', roles: ['resident'] },
  operator: { id: 'operator', roles: ['resident', 'operator'] },
  'linked co-author': { id: 'co-author', roles: ['resident'] },
  stranger: { id: 'stranger', roles: ['resident'] },
  organiser: { id: 'organiser', roles: ['organiser'] },
  admin: { id: 'admin', roles: ['admin'] },
  'juror of the stage': { id: 'juror', roles: ['juror'] },
  'other juror': { id: 'other-juror', roles: ['juror'] },
} satisfies Record<string, PhotoViewer | null>
type Viewer = keyof typeof viewers

// The jury's rule, as the route hands it in: only «juror» judges the entry (entry 7). Which entries a
// juror may open (accepted ones, of their nominations, without conflicts) is the jury's own test.
const judges = (viewer: PhotoViewer) => (entryId: number) => viewer.id === 'juror' && entryId === 7

function facts(status: EntryStatus, contest: { status?: ContestStatus; openDuring?: boolean; published?: boolean } = {}): PhotoFacts {
  return {
    id: 'p1',
    uploaderId: 'owner',
    sizes: ['thumb', 'gallery', 'full'],
    coverOf: null,
    entry: {
      id: 7,
      status,
      ownerId: 'owner',
      enteredById: 'operator',
      authorIds: ['owner', 'co-author'],
      contest: { status: contest.status ?? 'judging', galleryOpenDuringContest: contest.openDuring ?? false },
      inPublishedResults: contest.published ?? false,
    },
  }
}

async function decide(viewer: Viewer, photo: PhotoFacts, size = 'gallery') {
  const v = viewers[viewer]
  const access = await photoAccess(v, photo, size, v ? judges(v) : () => false)
  return access.allowed ? access.cacheControl : DENIED
}

const everyone = (answer: string) => Object.fromEntries(Object.keys(viewers).map((v) => [v, answer])) as Record<Viewer, string>
const insiders = { owner: PRIVATE, operator: PRIVATE, 'linked co-author': PRIVATE, organiser: PRIVATE, admin: PRIVATE }
const outsiders = { guest: DENIED, stranger: DENIED, 'other juror': DENIED }

// viewer × entry state → the answer for every size.
const table: [string, PhotoFacts, Record<Viewer, string>][] = [
  ['a draft', facts('draft'), { ...insiders, ...outsiders, 'juror of the stage': PRIVATE }],
  ['a submitted entry', facts('submitted'), { ...insiders, ...outsiders, 'juror of the stage': PRIVATE }],
  ['an accepted entry, gallery closed while judging', facts('accepted'), { ...insiders, ...outsiders, 'juror of the stage': PRIVATE }],
  [
    'an accepted entry, gallery open during the contest',
    facts('accepted', { openDuring: true }),
    everyone(PUBLIC),
  ],
  [
    'an accepted entry of a contest under review (gallery open after judging)',
    facts('accepted', { status: 'review' }),
    everyone(PUBLIC),
  ],
  ['a rejected entry, gallery open', facts('rejected', { openDuring: true, status: 'accepting' }), { ...insiders, ...outsiders, 'juror of the stage': PRIVATE }],
  ['a withdrawn entry, results published', facts('withdrawn', { status: 'published' }), { ...insiders, ...outsiders, 'juror of the stage': PRIVATE }],
  [
    'an entry disqualified after it was frozen into published results',
    facts('disqualified', { status: 'published', published: true }),
    everyone(PRIVATE),
  ],
  [
    'an accepted entry in published results',
    facts('accepted', { status: 'published', published: true }),
    everyone(PUBLIC),
  ],
]

describe('photoAccess: who may see which size of which photo, and how it is cached', () => {
  for (const [state, photo, expected] of table) {
    describe(state, () => {
      it.each(Object.keys(viewers) as Viewer[])('%s', async (viewer) => {
        for (const size of ['thumb', 'gallery', 'full']) expect(await decide(viewer, photo, size), `${viewer}, ${size}`).toBe(expected[viewer])
      })
    })
  }

  it('never lets a shared cache keep a photo of an entry that is not accepted', async () => {
    for (const status of ['draft', 'submitted', 'rejected', 'withdrawn', 'disqualified'] as const) {
      for (const contest of [{ openDuring: true, status: 'accepting' as const }, { status: 'published' as const, published: true }]) {
        for (const viewer of Object.keys(viewers) as Viewer[]) expect(await decide(viewer, facts(status, contest))).not.toMatch(/public/)
      }
    }
  })

  it('refuses a size the photo does not have or no address names', async () => {
    const small = { ...facts('accepted', { openDuring: true }), sizes: ['thumb' as const] }
    expect(await decide('guest', small, 'thumb')).toBe(PUBLIC)
    expect(await decide('guest', small, 'full')).toBe(DENIED)
    expect(await decide('owner', facts('submitted'), 'original')).toBe(DENIED)
    expect(await decide('organiser', facts('submitted'), '')).toBe(DENIED)
  })

  it('lets an upload not yet in an entry reach only the person who uploaded it', async () => {
    const pending: PhotoFacts = { id: 'p2', uploaderId: 'owner', sizes: ['thumb', 'gallery', 'full'], coverOf: null, entry: null }
    const expected: Record<Viewer, string> = { ...outsiders, owner: PRIVATE, operator: DENIED, 'linked co-author': DENIED, organiser: DENIED, admin: DENIED, 'juror of the stage': DENIED }
    for (const viewer of Object.keys(viewers) as Viewer[]) expect(await decide(viewer, pending), viewer).toBe(expected[viewer])
  })

  it('shows a contest’s cover to everyone once the contest is public, before that to those who manage contests', async () => {
    const cover = (status: ContestStatus): PhotoFacts => ({ id: 'c1', uploaderId: 'organiser', sizes: ['thumb', 'gallery', 'full'], coverOf: status, entry: null })
    for (const viewer of Object.keys(viewers) as Viewer[]) expect(await decide(viewer, cover('announced')), viewer).toBe(PUBLIC)
    const draft: Record<Viewer, string> = { ...everyone(DENIED), organiser: PRIVATE, admin: PRIVATE }
    for (const viewer of Object.keys(viewers) as Viewer[]) expect(await decide(viewer, cover('draft')), viewer).toBe(draft[viewer])
  })

  it('asks the jury only about jurors', async () => {
    const asked: string[] = []
    await photoAccess(viewers.stranger, facts('submitted'), 'thumb', () => (asked.push('stranger'), true))
    await photoAccess(viewers['juror of the stage'], facts('submitted'), 'thumb', () => (asked.push('juror'), true))
    expect(asked).toEqual(['juror'])
  })
})
