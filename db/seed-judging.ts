/**
 * Work for the demo jury: the contest seeded in judging («Любимому городу – красивый дом и двор») gets
 * accepted entries of a few city residents, with photos drawn at seed time and stored through the real
 * photo pipeline, and the demo juror is assigned to two of its nominations on the city stage.
 * Idempotent: entries are added only to a contest that has none, the assignment only when missing.
 */
import { randomUUID } from 'node:crypto'
import { and, count, eq } from 'drizzle-orm'
import type { Storage } from '../app/utils/storage.server'
import { cityClock, cityDay } from './city-day'
import type { DB } from './client.server'
import type { PhotoVariant } from './schema'
import type { SceneKind } from './seed-pictures'
import { firstRow, transaction, schema } from './client.server'

/** The residents whose entries the jury judges; they log in with the demo password like the demo accounts. */
export const DEMO_ENTRANTS = [
  { key: 'lebedeva', email: 'lebedeva@demo.konkurs', fullName: 'Лебедева Галина Ивановна', phone: '+79001110011' },
  { key: 'fedorov', email: 'fedorov@demo.konkurs', fullName: 'Фёдоров Николай Степанович', phone: '+79001110012' },
  { key: 'zakharova', email: 'zakharova@demo.konkurs', fullName: 'Захарова Людмила Андреевна', phone: '+79001110013' },
  { key: 'morozova', email: 'morozova@demo.konkurs', fullName: 'Морозова Татьяна Викторовна', phone: '+79001110014' },
  { key: 'belova', email: 'belova@demo.konkurs', fullName: 'Белова Ольга Михайловна', phone: '+79001110015' },
  { key: 'tkachenko', email: 'tkachenko@demo.konkurs', fullName: 'Ткаченко Ирина Юрьевна', phone: '+79001110016' },
] as const

type EntrantKey = (typeof DEMO_ENTRANTS)[number]['key']

/** Nominations of the judging contest, as named in the seed; the demo juror judges the first and the last. */
const YARD = 'Мой двор — моя гордость'
const ENTRANCE = 'Подъезд мечты'
const BALCONY = 'Цветущий балкон'
export const DEMO_JUROR_NOMINATIONS = [YARD, BALCONY]

type EntrySeed = {
  owner: EntrantKey
  nomination: string
  /** Days from `now` the entry was sent: inside the contest's entry window (150 to 90 days ago). */
  day: number
  hour: number
  title: string
  description: string
  district: string
  address: string
  organisation?: string
  /** Co-authors after the owner. */
  coauthors?: { fullName: string; age: number }[]
  ownerAge: number
  flowerbeds?: number
  photos: number
}

export const DEMO_ENTRIES: EntrySeed[] = [
  {
    owner: 'zakharova',
    nomination: YARD,
    day: -141,
    hour: 10,
    title: 'Сквер Памяти у нашего дома',
    description:
      'К 75-летию Победы жители дома вместе с соседями разбили у памятной стелы клумбу в виде звезды из красных и белых петуний, обновили бордюры и высадили аллею из шести рябин. На субботниках работали 34 человека, рассаду вырастили сами на подоконниках.',
    district: 'Ленинский район',
    address: 'просп. Химиков, 23а',
    organisation: 'Окружной комитет ТОС «Оптимист»',
    coauthors: [{ fullName: 'Захаров Виктор Петрович', age: 67 }],
    ownerAge: 63,
    flowerbeds: 4,
    photos: 3,
  },
  {
    owner: 'fedorov',
    nomination: YARD,
    day: -136,
    hour: 18,
    title: 'Палисадник с сухим ручьём',
    description:
      'Двор частного дома в ж.р. Кедровка: альпийская горка из местного камня, розарий на двенадцать кустов и деревянный мостик через сухой ручей. У забора — скамейка для соседей и фигура лебедя из старой покрышки. Поливаем дождевой водой из двух бочек.',
    district: 'ж.р. Кедровка',
    address: 'ул. Брюханова, 9',
    ownerAge: 58,
    flowerbeds: 3,
    photos: 1,
  },
  {
    owner: 'lebedeva',
    nomination: YARD,
    day: -128,
    hour: 12,
    title: 'Двор, где цветы сажают всем подъездом',
    description:
      'Жители пятиэтажки своими силами разбили во дворе пять клумб с бархатцами, сальвией и петуниями, покрасили детскую площадку и поставили две скамейки. Из покрышек сделали лебедей и черепаху, за цветами по очереди ухаживают все шесть подъездов.',
    district: 'Центральный район',
    address: 'ул. Весенняя, 12',
    organisation: 'Окружной комитет ТОС «Центральный»',
    coauthors: [{ fullName: 'Лебедев Артём Игоревич', age: 12 }],
    ownerAge: 45,
    flowerbeds: 5,
    photos: 1,
  },
  {
    owner: 'morozova',
    nomination: YARD,
    day: -119,
    hour: 9,
    title: 'Зелёный двор с ёжиком и грибом',
    description:
      'Клумбы в обрамлении из природного камня, вертикальное озеленение вдоль сетки у трансформаторной будки, декоративные ёжик и гриб из подручных материалов. Весной жители вывезли со двора две машины мусора и засеяли газон.',
    district: 'Заводский район',
    address: 'ул. Сергея Тюленина, 5',
    organisation: 'Окружной комитет ТОС «Южный»',
    ownerAge: 52,
    flowerbeds: 6,
    photos: 1,
  },
  {
    owner: 'belova',
    nomination: ENTRANCE,
    day: -132,
    hour: 20,
    title: 'Подъезд № 3 — как дома',
    description:
      'Старшая по подъезду вместе с соседями покрасила стены в светло-зелёный цвет, на каждой площадке стоят цветы в горшках, у входа — две вазы с петуниями, кашпо под козырьком и скамейка. Объявления теперь висят на одной аккуратной доске.',
    district: 'ж.р. Лесная Поляна',
    address: 'ул. Молодёжная, 7',
    organisation: 'Окружной комитет ТОС «Лесная Поляна»',
    ownerAge: 39,
    flowerbeds: 2,
    photos: 1,
  },
  {
    owner: 'lebedeva',
    nomination: ENTRANCE,
    day: -105,
    hour: 14,
    title: 'Цветочный вход с книжной полкой',
    description:
      'Вход в подъезд украшен вазонами с геранью и бегонией, над дверью — подвесные кашпо с ампельной петунией. Ступени отремонтированы, перила покрашены, а у двери жители поставили полку для обмена книгами.',
    district: 'Центральный район',
    address: 'просп. Октябрьский, 30',
    ownerAge: 45,
    photos: 1,
  },
  {
    owner: 'tkachenko',
    nomination: BALCONY,
    day: -138,
    hour: 11,
    title: 'Балкон-оранжерея',
    description:
      'Четырнадцать ящиков с ампельными петуниями, бегониями и настурцией, подвесные кашпо с фуксией. Рассаду выращиваю сама с февраля, поливаю отстоянной водой, летом балкон видно с другого конца улицы.',
    district: 'Кировский район',
    address: 'ул. Инициативная, 40',
    ownerAge: 61,
    photos: 1,
  },
  {
    owner: 'morozova',
    nomination: BALCONY,
    day: -113,
    hour: 19,
    title: 'Балкон с геранью, как у бабушки',
    description:
      'Красная и розовая герань в деревянных ящиках, которые сделал внук, и вьющийся душистый горошек по верёвочкам до самого потолка. Цветы на балконе держим уже пятнадцать лет.',
    district: 'ж.р. Ягуновский',
    address: 'ул. Белозёрная, 21',
    coauthors: [{ fullName: 'Морозов Кирилл Андреевич', age: 16 }],
    ownerAge: 52,
    photos: 1,
  },
  {
    owner: 'tkachenko',
    nomination: BALCONY,
    day: -98,
    hour: 8,
    title: 'Окна в цвету',
    description: 'Три окна и балкон на втором этаже: бархатцы, лобелия и петунии в тон фасаду. Соседи с первого этажа подхватили идею и тоже повесили ящики с цветами.',
    district: 'Новоильинский район',
    address: 'ул. Нахимова, 20',
    ownerAge: 61,
    photos: 1,
  },
]

const SCENE_OF: Record<string, SceneKind> = { [YARD]: 'yard', [ENTRANCE]: 'entrance', [BALCONY]: 'balcony' }

/**
 * Every integration test starts a server on an empty database, which seeds it, so this must stay quick.
 * The pipeline's three WebP encodings cost about 0.1 s of CPU per photo at 640×480 (0.3 s at 1200×900);
 * 640 px is what the juror's page shows on a desktop (40rem). The eleven photos take about 1.1 s of CPU,
 * 0.6 s on two idle cores.
 */
const PHOTO_SIZE = { width: 640, height: 480 }
/** Photos drawn and encoded at a time: each encoding runs its three variants in parallel already. */
const PHOTO_CONCURRENCY = 2

async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length)
  let next = 0
  async function worker() {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

async function removeStored(photos: StoredPhoto[], storage: Storage) {
  await Promise.allSettled(photos.flatMap((p) => p.variants.map((v) => storage.delete(v.key))))
}

/** A phone camera's file name: the photos were taken the day before the entry was sent, a few minutes apart. */
function cameraName(sentAt: Date, n: number) {
  const clock = cityClock(new Date(sentAt.getTime() - 86_400_000 + n * 197_000))
  return `IMG_${clock.slice(0, 10).replaceAll('-', '')}_${clock.slice(11).replaceAll(':', '')}.jpg`
}

/**
 * The photo pipeline (rotate, strip metadata, encode the variants, store them), passed in by the caller:
 * db/ imports nothing from app/modules.
 */
export type StorePhoto = (
  input: { buffer: Buffer; originalName: string },
  storage: Storage,
) => Promise<{ id: string; sha256: string; width: number; height: number; variants: PhotoVariant[] }>
type StoredPhoto = Awaited<ReturnType<StorePhoto>>

export type JudgingSeedResult = { entriesAdded: number; photosStored: number; assignmentsAdded: number }

export async function seedJudgingWork(
  db: DB,
  input: { now: Date; contestSlug: string; passwordHash: string; storage: () => Promise<Storage>; storePhoto: StorePhoto },
): Promise<JudgingSeedResult> {
  const result: JudgingSeedResult = { entriesAdded: 0, photosStored: 0, assignmentsAdded: 0 }
  const contest = await firstRow(db.select().from(schema.contest).where(eq(schema.contest.slug, input.contestSlug)))
  if (!contest) return result
  const cityStage = await firstRow(
    db
      .select()
      .from(schema.stage)
      .where(and(eq(schema.stage.contestId, contest.id), eq(schema.stage.kind, 'city'))),
  )
  const nominations = await db.select().from(schema.nomination).where(eq(schema.nomination.contestId, contest.id))
  const nominationId = (name: string) => nominations.find((n) => n.name === name)?.id
  if (!cityStage || DEMO_ENTRIES.some((e) => nominationId(e.nomination) === undefined)) return result

  const hasEntries = (await firstRow(db.select({ n: count() }).from(schema.entry).where(eq(schema.entry.contestId, contest.id))))!.n > 0
  if (!hasEntries) {
    // In the order they were sent, which is the order of their numbers.
    const entries = [...DEMO_ENTRIES].sort((a, b) => a.day - b.day || a.hour - b.hour)
    const sentAt = (e: EntrySeed) => new Date(cityDay(input.now, e.day, e.hour).getTime() + ((-e.day * 37) % 60) * 60_000)
    const jobs = entries.flatMap((e, i) => Array.from({ length: e.photos }, (_, p) => ({ entry: i, position: p, kind: SCENE_OF[e.nomination], place: 7919 * (i + 1), shot: p })))
    // The pictures' drawing and the storage (UploadThing's SDK) are loaded only when there are photos to make,
    // not by every process that imports the seed for its demo accounts.
    const [{ drawScene }, storage] = await Promise.all([import('./seed-pictures'), input.storage()])
    const { storePhoto } = input
    const settled = await inParallel(jobs, PHOTO_CONCURRENCY, async (job) =>
      storePhoto(
        { buffer: await drawScene(job.kind, job.place, job.shot, PHOTO_SIZE.width, PHOTO_SIZE.height), originalName: cameraName(sentAt(entries[job.entry]), job.position) },
        storage,
      ),
    )
    const stored = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failed) {
      await removeStored(stored, storage)
      throw failed.reason
    }

    try {
      await transaction(db, async (tx) => {
        const organiser = await firstRow(tx.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, 'organiser@demo.konkurs')))
        const place = async (table: typeof schema.district | typeof schema.organisation, name: string | undefined) =>
          name === undefined ? null : ((await firstRow(tx.select({ id: table.id }).from(table).where(eq(table.name, name))))?.id ?? null)
        const owners = new Map<EntrantKey, string>()
        for (const r of DEMO_ENTRANTS) {
          const existing = await firstRow(tx.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, r.email)))
          if (existing) {
            owners.set(r.key, existing.id)
            continue
          }
          const id = randomUUID()
          await tx.insert(schema.user).values({ id, email: r.email, fullName: r.fullName, phone: r.phone, passwordHash: input.passwordHash, emailVerifiedAt: input.now })
          await tx.insert(schema.userRole).values({ userId: id, role: 'resident' })
          owners.set(r.key, id)
        }
        const flowerbeds = await firstRow(
          tx
            .select({ id: schema.formField.id })
            .from(schema.formField)
            .where(and(eq(schema.formField.contestId, contest.id), eq(schema.formField.key, 'flowerbeds'))),
        )

        for (const [i, e] of entries.entries()) {
          const ownerId = owners.get(e.owner)!
          const owner = DEMO_ENTRANTS.find((r) => r.key === e.owner)!
          const submittedAt = sentAt(e)
          const moderatedAt = new Date(submittedAt.getTime() + 2 * 86_400_000)
          const [row] = await tx
            .insert(schema.entry)
            .values({
              contestId: contest.id,
              nominationId: nominationId(e.nomination)!,
              seq: i + 1,
              ownerId,
              title: e.title,
              description: e.description,
              districtId: await place(schema.district, e.district),
              address: e.address,
              organisationId: await place(schema.organisation, e.organisation),
              status: 'accepted',
              moderatedById: organiser?.id ?? null,
              moderatedAt,
              consentAt: submittedAt,
              submittedAt,
              createdAt: new Date(submittedAt.getTime() - 40 * 60_000),
              updatedAt: moderatedAt,
            })
            .returning({ id: schema.entry.id })
          for (const [position, a] of [{ fullName: owner.fullName, age: e.ownerAge }, ...(e.coauthors ?? [])].entries()) {
            await tx.insert(schema.author).values({ entryId: row.id, fullName: a.fullName, age: a.age, parentConsent: a.age < 18, position })
          }
          if (flowerbeds && e.flowerbeds !== undefined) {
            await tx.insert(schema.entryFieldValue).values({ entryId: row.id, fieldId: flowerbeds.id, value: String(e.flowerbeds), numberValue: e.flowerbeds })
          }
          for (const [j, job] of jobs.entries()) {
            if (job.entry !== i) continue
            const p = stored[j]
            await tx.insert(schema.photo).values({
              id: p.id,
              entryId: row.id,
              ownerId,
              position: job.position,
              sha256: p.sha256,
              width: p.width,
              height: p.height,
              variants: p.variants,
              originalName: cameraName(submittedAt, job.position),
              createdAt: submittedAt,
            })
          }
          // Accepted entries take part in the first stage, as moderation would have put them.
          await tx.insert(schema.stageEntry).values({ stageId: cityStage.id, entryId: row.id, addedAt: moderatedAt })
        }
      })
    } catch (error) {
      await removeStored(stored, storage)
      throw error
    }
    result.entriesAdded = entries.length
    result.photosStored = stored.length
  }

  const juror = await firstRow(db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, 'juror@demo.konkurs')))
  if (juror) {
    await transaction(db, async (tx) => {
      const assigned = await tx
        .select({ nominationId: schema.juryAssignment.nominationId })
        .from(schema.juryAssignment)
        .where(and(eq(schema.juryAssignment.stageId, cityStage.id), eq(schema.juryAssignment.jurorId, juror.id)))
      if (assigned.length) return
      for (const name of DEMO_JUROR_NOMINATIONS) {
        await tx.insert(schema.juryAssignment).values({ stageId: cityStage.id, jurorId: juror.id, nominationId: nominationId(name)!, districtId: null })
        result.assignmentsAdded++
      }
    })
  }
  return result
}
