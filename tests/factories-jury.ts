/**
 * Jury test data straight into the test server's database: a contest in judging with entries,
 * photos, public and private form fields, jurors who can log in, assignments and conflicts.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { firstRow, type DB, schema } from '../db/client.server'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed'
import { assignJuror, inOrder, makeContest, makeEntry, makeUser } from './factories'
import { Client } from './setup/server'

/** A user who logs in with the demo password: the hash is copied from a seeded demo account, so no hashing is paid. */
export async function makeLoginUser(db: DB, input: Parameters<typeof makeUser>[1] = {}) {
  const demo = await firstRow(db.select({ passwordHash: schema.user.passwordHash }).from(schema.user).where(eq(schema.user.email, DEMO_ACCOUNTS[0].email)))
  return await makeUser(db, { passwordHash: demo!.passwordHash, ...input })
}

export async function loggedIn(baseUrl: string, email: string) {
  const client = new Client(baseUrl)
  await client.login(email, DEMO_PASSWORD)
  return client
}

/** A 1×1 WebP: what the photo pipeline stores, small enough to write for every variant. */
export const TINY_WEBP = Buffer.from('UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=', 'base64')

/** A photo row with its three variants; with `uploadsDir`, their files are written there too. */
export async function makePhoto(db: DB, input: { entryId: number; ownerId: string; position?: number; originalName?: string; uploadsDir?: string }) {
  const id = randomUUID()
  const variants = (
    [
      ['thumb', 400, 300],
      ['gallery', 1200, 900],
      ['full', 2400, 1800],
    ] as const
  ).map(([size, width, height]) => ({ size, width, height, key: `photos/${input.ownerId}/${id}-${size}.webp`, bytes: TINY_WEBP.length }))
  for (const v of input.uploadsDir ? variants : []) {
    const file = path.join(input.uploadsDir!, v.key)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, TINY_WEBP)
  }
  return (
    await db
      .insert(schema.photo)
      .values({
        id,
        entryId: input.entryId,
        ownerId: input.ownerId,
        position: input.position ?? 0,
        sha256: randomUUID().replace(/-/g, ''),
        width: 4000,
        height: 3000,
        variants,
        originalName: input.originalName ?? 'IMG_0001.jpg',
      })
      .returning()
  )[0]
}

export type Author = { fullName: string; email: string; phone: string }

/**
 * A contest in judging with one open city stage, two scored nominations (the second with criteria
 * of its own) and a special-prize nomination; a public and a private form field; `perNomination`
 * accepted entries in each scored nomination, each with two photos (their files written to
 * `uploadsDir` when given) and an author who is a registered user with a known name, e-mail and phone.
 */
export async function judgingContest(db: DB, options: { perNomination?: number; prefix?: string; uploadsDir?: string } = {}) {
  const { perNomination = 3, prefix = 'ЖЮ', uploadsDir } = options
  const made = await makeContest(db, {
    status: 'judging',
    numberPrefix: prefix,
    nominations: ['Лучший двор', 'Цветущий балкон'],
    criteria: [
      { name: 'Эстетика', maxPoints: 10 },
      { name: 'Ухоженность', maxPoints: 5, weight: 2 },
    ],
  })
  const { contest } = made
  const [stage] = made.stages
  await db.update(schema.stage).set({ status: 'judging' }).where(eq(schema.stage.id, stage.id))
  const [yard, balcony] = made.nominations
  const [special] = await db.insert(schema.nomination).values({ contestId: contest.id, name: 'Специальный приз жюри', isSpecialPrize: true, position: 9 }).returning()
  const balconyCriteria = [
    (await db.insert(schema.criterion).values({ contestId: contest.id, nominationId: balcony.id, name: 'Подбор цветов', maxPoints: 7, position: 0 }).returning())[0],
  ]
  const [publicField] = await db
    .insert(schema.formField)
    .values({ contestId: contest.id, key: 'flowerbeds', label: 'Количество клумб', kind: 'number', isPublic: true })
    .returning()
  const [privateField] = await db
    .insert(schema.formField)
    .values({ contestId: contest.id, key: 'contact_person', label: 'Контактное лицо', kind: 'text', isPublic: false })
    .returning()
  const district = (await firstRow(db.select().from(schema.district).where(eq(schema.district.name, 'Ленинский район'))))!
  const [organisation] = await db
    .insert(schema.organisation)
    .values({ name: `ТОС «Тест ${randomUUID().slice(0, 6)}»`, kind: 'tos_committee' })
    .returning()

  const entries: { id: number; seq: number; number: string; title: string; nominationId: number; author: Author; ownerId: string }[] = []
  let seq = 0
  for (const nominationRow of [yard, balcony]) {
    for (let i = 0; i < perNomination; i++) {
      seq++
      const tag = randomUUID().slice(0, 8)
      const author: Author = { fullName: `Автороваскрытая Ирина ${tag}`, email: `author-${tag}@example.ru`, phone: `+7900${String(seq).padStart(7, '0')}` }
      const owner = await makeUser(db, { fullName: author.fullName, email: author.email, phone: author.phone, organisationId: organisation.id })
      const title = `${nominationRow.name}: заявка ${seq}`
      const e = await makeEntry(db, {
        contestId: contest.id,
        ownerId: owner.id,
        nominationId: nominationRow.id,
        seq,
        title,
        description: `Описание заявки ${seq}: клумбы и скамейки.`,
        districtId: district.id,
        address: `ул. Секретная, д. ${seq}`,
        organisationId: organisation.id,
        authors: [{ fullName: author.fullName, userId: owner.id }, { fullName: `Соавторова Нина ${tag}` }],
      })
      await makePhoto(db, { entryId: e.id, ownerId: owner.id, position: 0, originalName: `${author.fullName}.jpg`, uploadsDir })
      await makePhoto(db, { entryId: e.id, ownerId: owner.id, position: 1, uploadsDir })
      await db.insert(schema.entryFieldValue).values({ entryId: e.id, fieldId: publicField.id, value: String(seq + 10), numberValue: seq + 10 })
      await db.insert(schema.entryFieldValue).values({ entryId: e.id, fieldId: privateField.id, value: `${author.fullName}, ${author.phone}` })
      entries.push({ id: e.id, seq, number: `${prefix}-${String(seq).padStart(4, '0')}`, title, nominationId: nominationRow.id, author, ownerId: owner.id })
    }
  }
  return { contest, stage, yard, balcony, special, criteria: made.criteria, balconyCriteria, entries, organisation, district, publicField }
}

/** A juror (who can log in) assigned to the given nominations of the stage. */
export async function makeJuror(db: DB, input: { stageId: number; nominationIds: number[]; organisationId?: number | null; fullName?: string }) {
  const juror = await makeLoginUser(db, { roles: ['resident', 'juror'], organisationId: input.organisationId ?? null, fullName: input.fullName ?? 'Жюриева Анна Петровна' })
  for (const nominationId of input.nominationIds) await assignJuror(db, { stageId: input.stageId, jurorId: juror.id, nominationId })
  return juror
}

export async function countRows(db: DB, stageId: number, entryId: number) {
  const evaluations = (await db.select().from(schema.evaluation).where(eq(schema.evaluation.entryId, entryId))).filter((e) => e.stageId === stageId)
  const scores = (await inOrder(evaluations, (e) => db.select().from(schema.score).where(eq(schema.score.evaluationId, e.id)))).flat()
  return { evaluations, scores }
}

/** How a juror comes to be conflicted with an entry, and the label of the reason the organiser and the juror read. */
export type ConflictCase = [name: string, setup: (jurorId: string, entryId: number) => Promise<unknown>, label: string]

/** Every way a juror is conflicted with an entry: owner, co-author linked by account, organisation, and each kind of conflict row. */
export function conflictCases(getDb: () => DB): ConflictCase[] {
  return [
    [
      'a co-author of the entry',
      async (jurorId, entryId) => await getDb().insert(schema.author).values({ entryId, userId: jurorId, fullName: 'Жюри как соавтор', position: 5 }),
      'своя заявка',
    ],
    ['the owner of the entry', async (jurorId, entryId) => await getDb().update(schema.entry).set({ ownerId: jurorId }).where(eq(schema.entry.id, entryId)), 'своя заявка'],
    [
      'from the organisation that submitted the entry',
      async (jurorId, entryId) => {
        const db = getDb()
        const [org] = await db
          .insert(schema.organisation)
          .values({ name: `ТОС «Свой ${entryId}»`, kind: 'tos_committee' })
          .returning()
        await db.update(schema.user).set({ organisationId: org.id }).where(eq(schema.user.id, jurorId))
        await db.update(schema.entry).set({ organisationId: org.id }).where(eq(schema.entry.id, entryId))
      },
      'заявка своей организации',
    ],
    ...(['recusal', 'organiser', 'author', 'organisation'] as const).map((kind): ConflictCase => [
      `with a conflict of kind «${kind}»`,
      async (jurorId, entryId) => await getDb().insert(schema.conflict).values({ entryId, jurorId, kind, reason: 'Родственник' }),
      { recusal: 'самоотвод', organiser: 'отмечен организатором', author: 'своя заявка', organisation: 'заявка своей организации' }[kind],
    ]),
  ]
}

/** The audit rows an actor left on an entry. */
export async function auditFor(db: DB, entryId: number, actorId: string) {
  return await db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.entityType, 'entry'), eq(schema.auditLog.entityId, String(entryId)), eq(schema.auditLog.actorId, actorId)))
}
