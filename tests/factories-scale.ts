/**
 * A contest at the city's scale, as the 2020 report counts the snow contest «Снежный калейдоскоп»:
 * 618 entries (505 accepted, 80 waiting for moderation, 33 rejected) in five nominations over the
 * city's districts, each with two photos (a few shared between entries, as a duplicate would be), its
 * authors and a form field; 10 jurors assigned to every nomination of the city stage, each accepted
 * entry scored by three of them (some by one only, a few with jurors far apart). Shared by
 * bench/organiser-scale.ts and the tests of the organiser's pages at that scale.
 */
import { eq } from 'drizzle-orm'
import { schema, transaction, type DB } from '../db/client.server'
import { makeContest, makeEntry, makeUser, assignJuror, score } from './factories'
import { makePhoto } from './factories-jury'

export const SCALE = { entries: 618, accepted: 505, submitted: 80, jurors: 10, scoresPerEntry: 3 }

export const SNOW_NOMINATIONS = [
  'Лучшая совместная инициатива населения и управляющей компании',
  'Пришла зима – отвори ворота!',
  'Верность традиции',
  'Новогодняя мастерская',
  'Зимнее кружево на морозном стекле',
]

const TITLES = ['Снежная крепость', 'Ледяная горка', 'Дед Мороз во дворе', 'Зимняя сказка', 'Снеговики у подъезда', 'Ёлка из снега', 'Сказочный терем']
const NAMES = ['Морозова Елена Андреевна', 'Снегирёв Павел Ильич', 'Зимина Ольга Петровна', 'Кедров Иван Сергеевич', 'Вьюгина Мария Олеговна']

export type ScaleEntry = { id: number; seq: number; number: string; title: string; author: string; status: string; nominationId: number; districtId: number }

/** The contest, written into `db` (one transaction); `entries` in submission order. */
export async function cityScaleContest(db: DB, options: { prefix?: string } = {}) {
  const prefix = options.prefix ?? 'СК'
  const made = await makeContest(db, {
    status: 'judging',
    title: 'Снежный калейдоскоп',
    shortName: 'Снежный калейдоскоп',
    numberPrefix: prefix,
    nominations: SNOW_NOMINATIONS,
    criteria: [
      { name: 'Художественная выразительность', maxPoints: 10 },
      { name: 'Масштаб и сложность работ', maxPoints: 10 },
      { name: 'Соответствие новогодней тематике', maxPoints: 10 },
      { name: 'Участие жителей', maxPoints: 5, weight: 2 },
    ],
  })
  const { contest, nominations, criteria } = made
  const [stage] = made.stages
  await db.update(schema.stage).set({ status: 'judging' }).where(eq(schema.stage.id, stage.id))
  let districts = await db.select({ id: schema.district.id, name: schema.district.name }).from(schema.district)
  if (districts.length === 0) {
    districts = await db
      .insert(schema.district)
      .values(['Ленинский район', 'Центральный район', 'Заводский район', 'Рудничный район', 'Кировский район'].map((name) => ({ name, kind: 'district' as const })))
      .returning({ id: schema.district.id, name: schema.district.name })
  }
  const [field] = await db.insert(schema.formField).values({ contestId: contest.id, key: 'figures', label: 'Снежных фигур', kind: 'number', isPublic: true }).returning()
  const organiser = await makeUser(db, { roles: ['organiser'], fullName: 'Организаторова Анна Викторовна' })
  const jurors = await transaction(db, async (tx) => {
    const made: { id: string; fullName: string }[] = []
    for (let j = 0; j < SCALE.jurors; j++) {
      const juror = await makeUser(tx, { roles: ['juror'], fullName: `Жюриев${'абвгдежзик'[j]} Член ${j + 1}` })
      for (const n of nominations) await assignJuror(tx, { stageId: stage.id, jurorId: juror.id, nominationId: n.id })
      made.push(juror)
    }
    return made
  })

  const entries = await transaction(db, async (tx) => {
    const list: ScaleEntry[] = []
    let lastSha = ''
    for (let i = 0; i < SCALE.entries; i++) {
      const seq = i + 1
      const status = i < SCALE.accepted ? 'accepted' : i < SCALE.accepted + SCALE.submitted ? 'submitted' : 'rejected'
      const nomination = nominations[i % nominations.length]
      const district = districts[i % districts.length]
      const author = `${NAMES[i % NAMES.length]} ${seq}`
      const title = `${TITLES[i % TITLES.length]} № ${seq}`
      const owner = await makeUser(tx, { fullName: author })
      const e = await makeEntry(tx, {
        contestId: contest.id,
        ownerId: owner.id,
        seq,
        status,
        title,
        nominationId: nomination.id,
        districtId: district.id,
        address: `ул. Весенняя, д. ${seq}`,
        description: `Во дворе дома ${seq} жители построили снежный городок: горку, крепость и фигуры героев сказок. Работали всей семьёй три выходных.`,
        submittedAt: new Date(Date.UTC(2026, 11, 1) + i * 60_000),
        rejectionReason: status === 'rejected' ? 'Фотографии не того двора.' : null,
        authors: [{ fullName: author, age: 40, userId: owner.id }, ...(i % 3 === 0 ? [{ fullName: `Соавторов Пётр ${seq}`, age: 12 }] : [])],
      })
      await tx.insert(schema.entryFieldValue).values({ entryId: e.id, fieldId: field.id, value: String(i % 17), numberValue: i % 17 })
      const first = await makePhoto(tx, { entryId: e.id, ownerId: owner.id, position: 0 })
      await makePhoto(tx, { entryId: e.id, ownerId: owner.id, position: 1 })
      // Every 40th entry sent the previous entry's photo again: what the duplicate check is for.
      if (i % 40 === 39) await tx.update(schema.photo).set({ sha256: lastSha }).where(eq(schema.photo.id, first.id))
      lastSha = first.sha256
      list.push({ id: e.id, seq, number: `${prefix}-${String(seq).padStart(4, '0')}`, title, author, status, nominationId: nomination.id, districtId: district.id })
    }
    return list
  })

  await transaction(db, async (tx) => {
    await tx.insert(schema.stageEntry).values(entries.filter((e) => e.status === 'accepted').map((e) => ({ stageId: stage.id, entryId: e.id })))
    for (const [i, e] of entries.entries()) {
      if (e.status !== 'accepted') continue
      // Every seventh entry has one score only; every fiftieth splits its jurors.
      const count = i % 7 === 0 ? 1 : SCALE.scoresPerEntry
      for (let k = 0; k < count; k++) {
        const juror = jurors[(i + k) % jurors.length]
        const points = Object.fromEntries(criteria.map((c, ci) => [c.id, Math.min(c.maxPoints, (i % 5) + 2 + ((k + ci) % 2) + (i % 50 === 0 ? k * 3 : 0))]))
        await score(tx, { stageId: stage.id, entryId: e.id, jurorId: juror.id, points, comment: k === 0 ? 'Хорошая работа, аккуратно.' : '' })
      }
    }
  })
  return { contest, stage, nominations, criteria, districts, organiser, jurors, entries }
}
