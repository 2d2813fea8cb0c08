/**
 * The city's contests from the 2020 report, Kemerovo's districts, a few ТОС committees and one demo account per role.
 * Idempotent: running it again adds only what is missing. Dates are set around `now`, so the demo is always alive.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { hashPassword } from '../app/utils/auth.server'
import type { Storage } from '../app/utils/storage.server'
import { cityDay, cityYear } from './city-day'
import type { DB } from './client.server'
import type { Role, StatisticsWords } from './schema'
import { seedJudgingWork, type JudgingSeedResult, type StorePhoto } from './seed-judging'
import { firstRow, transaction, schema } from './client.server'

export const DEMO_PASSWORD = 'Konkurs-2027'

export const DEMO_ACCOUNTS: { role: Role; email: string; fullName: string; phone: string }[] = [
  { role: 'resident', email: 'resident@demo.konkurs', fullName: 'Иванова Мария Петровна', phone: '+79001110001' },
  { role: 'operator', email: 'operator@demo.konkurs', fullName: 'Соколова Анна Викторовна', phone: '+79001110002' },
  { role: 'juror', email: 'juror@demo.konkurs', fullName: 'Петров Сергей Николаевич', phone: '+79001110003' },
  { role: 'organiser', email: 'organiser@demo.konkurs', fullName: 'Кузнецова Ольга Игоревна', phone: '+79001110004' },
  { role: 'admin', email: 'admin@demo.konkurs', fullName: 'Смирнов Алексей Андреевич', phone: '+79001110005' },
]

/** Two of the city's 46 ЦРН; the rest are loaded from its register on the directory's pages. */
const CENTRES: { name: string; district: string; address: string }[] = [
  { name: 'ЦРН Центрального района', district: 'Центральный район', address: 'пр. Советский, 54' },
  { name: 'ЦРН Рудничного района', district: 'Рудничный район', address: 'пр. Шахтёров, 64' },
]

const DISTRICTS: { name: string; areas: string[] }[] = [
  { name: 'Центральный район', areas: [] },
  { name: 'Заводский район', areas: ['ж.р. Ягуновский', 'ж.р. Пионер'] },
  { name: 'Ленинский район', areas: [] },
  { name: 'Кировский район', areas: [] },
  { name: 'Рудничный район', areas: ['ж.р. Лесная Поляна', 'ж.р. Кедровка', 'ж.р. Промышленновский'] },
  { name: 'Новоильинский район', areas: [] },
]

const ORGANISATIONS: { name: string; kind: (typeof schema.ORGANISATION_KINDS)[number]; district: string }[] = [
  { name: 'Окружной комитет ТОС «Оптимист»', kind: 'tos_committee', district: 'Ленинский район' },
  { name: 'Окружной комитет ТОС «Южный»', kind: 'tos_committee', district: 'Заводский район' },
  { name: 'Окружной комитет ТОС «Лесная Поляна»', kind: 'tos_committee', district: 'Рудничный район' },
  { name: 'Окружной комитет ТОС «Кедровский»', kind: 'tos_committee', district: 'Рудничный район' },
  { name: 'Окружной комитет ТОС «Центральный»', kind: 'tos_committee', district: 'Центральный район' },
  { name: 'ООО «УК «Кемеровская»', kind: 'management_company', district: 'Центральный район' },
  { name: 'МБОУ «СОШ № 26»', kind: 'school', district: 'Центральный район' },
]

type CriterionSeed = { name: string; description: string; maxPoints: number; weight: number }
type FieldSeed = {
  key: string
  label: string
  kind: 'number' | 'text' | 'choice' | 'boolean'
  required?: boolean
  summedInStats?: boolean
  unitForms?: [string, string, string]
  /** The statistics' short participle: [after 1, 21…; after other numbers]. */
  participle?: [string, string]
  options?: string[]
}
type ContestSeed = {
  slug: string
  title: string
  shortName: string
  numberPrefix: string
  summary: string
  rules: string
  status: (typeof schema.CONTEST_STATUSES)[number]
  opens: number
  closes: number
  nominations: { name: string; description: string; special?: boolean }[]
  criteria: CriterionSeed[]
  districtStage?: boolean
  fields?: FieldSeed[]
  maxPhotos?: number
  teamsAllowed?: boolean
  authorsPublic?: boolean
  /** What an entry must name besides a district stage's district (the contest's settings). */
  requireDistrict?: boolean
  requireAddress?: boolean
  organisationKinds?: (typeof schema.ORGANISATION_KINDS)[number][]
  /** Whether committees and organisations, not people, are the entrants (contests/entrant.ts). */
  organisationEntrant?: boolean
  /** How the statistics speak of the entries, as the city's report does; none: as applications. */
  statisticsWords?: StatisticsWords
}

/** The applications' words with a contest's own additions. */
const applications = (words: Partial<StatisticsWords>): StatisticsWords => ({ ...schema.APPLICATION_WORDS, ...words })

const CONSENT =
  'Я даю согласие администрации города Кемерово на обработку моих персональных данных (ФИО, возраст, адрес, телефон, адрес электронной почты) и фотографий, указанных в заявке, в целях проведения конкурса в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных».'

function contestsFor(year: number): ContestSeed[] {
  const winter = `${year}/${String((year + 1) % 100).padStart(2, '0')}`
  return [
    {
      slug: `snezhnyj-kalejdoskop-${year}`,
      title: `Снежный калейдоскоп — ${winter}`,
      shortName: 'Снежный калейдоскоп',
      numberPrefix: 'СК',
      summary: 'Традиционный смотр-конкурс на лучшее зимнее оформление дворов, подъездов, балконов и окон.',
      rules:
        '## Кто может участвовать\n\nЖители города, инициативные группы, комитеты ТОС и управляющие компании.\n\n## Что оценивается\n\nСнежные городки и фигуры, новогоднее оформление подъездов, балконов и окон. К заявке приложите от 1 до 10 фотографий.\n\n## Сроки\n\nЗаявки принимаются до указанной даты. Итоги подводятся в январе.',
      status: 'accepting',
      opens: -10,
      closes: 50,
      statisticsWords: applications({
        contestIn: 'традиционном городском смотре-конкурсе',
        sumsBy: 'Только в этом году усилиями неравнодушных кемеровчан',
      }),
      nominations: [
        { name: 'Лучшая совместная инициатива населения и управляющей компании', description: 'Зимнее оформление двора, выполненное жителями вместе с управляющей компанией.' },
        { name: 'Пришла зима – отвори ворота!', description: 'Снежные городки и фигуры во дворах.' },
        { name: 'Верность традиции', description: 'Участники, которые оформляют свой двор из года в год.' },
        { name: 'Новогодняя мастерская', description: 'Новогоднее оформление подъездов.' },
        { name: 'Зимнее кружево на морозном стекле', description: 'Оформление балконов и окон.' },
      ],
      criteria: [
        { name: 'Художественная выразительность', description: 'Цельность замысла, композиция, цвет.', maxPoints: 10, weight: 1 },
        { name: 'Масштаб и сложность работ', description: 'Объём выполненных работ, сложность фигур.', maxPoints: 10, weight: 1 },
        { name: 'Соответствие новогодней тематике', description: '', maxPoints: 10, weight: 1 },
        { name: 'Участие жителей', description: 'Сколько жителей двора участвовало в работе.', maxPoints: 5, weight: 2 },
      ],
      fields: [
        { key: 'snow_towns', label: 'Количество снежных городков', kind: 'number', summedInStats: true, unitForms: ['снежный городок', 'снежных городка', 'снежных городков'], participle: ['построен', 'построено'] },
        { key: 'snow_figures', label: 'Количество снежных фигур', kind: 'number', summedInStats: true, unitForms: ['снежная фигура', 'снежные фигуры', 'снежных фигур'], participle: ['построена', 'построено'] },
        { key: 'entrances', label: 'Украшено подъездов', kind: 'number', summedInStats: true, unitForms: ['подъезд', 'подъезда', 'подъездов'], participle: ['украшен', 'украшено'] },
        { key: 'balconies', label: 'Оформлено балконов и окон', kind: 'number', summedInStats: true, unitForms: ['балкон и окно', 'балкона и окна', 'балконов и окон'], participle: ['оформлен', 'оформлено'] },
      ],
    },
    {
      slug: `vnovyjgodvmeste-${year}`,
      title: `#Вновыйгодвместе — ${winter}`,
      shortName: '#Вновыйгодвместе',
      numberPrefix: 'ВНГ',
      summary: 'Городской конкурс новогодних фотографий: одна фотография от участника.',
      rules:
        '## Условия\n\nОпубликуйте одну фотографию, передающую атмосферу Нового года в Кемерове. Фотография должна быть сделана вами.\n\nКоллажи и фотографии с водяными знаками не принимаются.',
      status: 'announced',
      opens: 7,
      closes: 45,
      maxPhotos: 1,
      teamsAllowed: false,
      authorsPublic: true,
      statisticsWords: {
        entryForms: ['фотография', 'фотографии', 'фотографий'],
        entryGender: 'feminine',
        entryAccusative: 'фотографию',
        entryVerb: ['прислал', 'прислала', 'прислало', 'прислали'],
        winnersOf: 'конкурса',
      },
      nominations: [{ name: 'Новогодняя фотография', description: 'Одна фотография о Новом годе в Кемерове.' }],
      criteria: [
        { name: 'Художественный уровень', description: 'Композиция, свет, цвет.', maxPoints: 10, weight: 1 },
        { name: 'Соответствие теме', description: '', maxPoints: 10, weight: 1 },
        { name: 'Оригинальность', description: '', maxPoints: 10, weight: 1 },
      ],
    },
    {
      slug: `teplo-tvoih-ruk-${year}`,
      title: `Тепло твоих рук — ${year}`,
      shortName: 'Тепло твоих рук',
      numberPrefix: 'ТТР',
      summary: 'Конкурс скворечников: сделайте домик для птиц своими руками — один или всей семьёй.',
      rules:
        '## Условия\n\nСкворечник изготавливается своими руками из натуральных материалов. К заявке приложите фотографии скворечника со всех сторон.\n\n## Награждение\n\nВсе участники получают дипломы, победители — памятные подарки.',
      status: 'announced',
      opens: 95,
      closes: 140,
      statisticsWords: {
        entryForms: ['скворечник', 'скворечника', 'скворечников'],
        entryGender: 'masculine',
        entryVerb: ['изготовил', 'изготовила', 'изготовило', 'изготовили'],
        winnersOf: 'городского этапа',
      },
      nominations: [
        { name: 'Весна в шахтерском крае', description: 'Скворечник, отражающий историю и символы Кузбасса.' },
        { name: 'Экодомик', description: 'Скворечник из натуральных и вторичных материалов.' },
        { name: 'Специальный приз жюри', description: 'Присуждается решением жюри.', special: true },
      ],
      criteria: [
        { name: 'Оригинальность идеи', description: '', maxPoints: 10, weight: 1 },
        { name: 'Качество исполнения', description: 'Прочность, аккуратность, пригодность для птиц.', maxPoints: 10, weight: 1.5 },
        { name: 'Экологичность материалов', description: '', maxPoints: 5, weight: 1 },
        { name: 'Соответствие номинации', description: '', maxPoints: 5, weight: 1 },
      ],
      fields: [{ key: 'material', label: 'Основной материал', kind: 'choice', required: true, options: ['Дерево', 'Вторичные материалы', 'Другое'] }],
    },
    {
      slug: `gorod-druzej-gorod-idej-${year}`,
      title: `Город друзей – город идей — ${year}`,
      shortName: 'Город друзей – город идей',
      numberPrefix: 'ГДГИ',
      summary: 'Конкурс социально-общественных инициатив по благоустройству и озеленению.',
      rules: '## Что такое проект\n\nСоциально значимая инициатива жителей по благоустройству или озеленению территории района. Укажите район, адрес и что будет сделано.',
      status: 'announced',
      opens: 60,
      closes: 120,
      authorsPublic: true,
      statisticsWords: {
        entryForms: ['проект', 'проекта', 'проектов'],
        entryGender: 'masculine',
        entryVerb: ['представил', 'представила', 'представило', 'представили'],
        winnersOf: 'конкурса',
      },
      nominations: [{ name: 'Социально значимый проект', description: 'Благоустройство и озеленение, приуроченное к памятной дате.' }],
      criteria: [
        { name: 'Социальная значимость', description: '', maxPoints: 10, weight: 2 },
        { name: 'Участие жителей', description: '', maxPoints: 10, weight: 1 },
        { name: 'Реалистичность и смета', description: '', maxPoints: 10, weight: 1 },
      ],
      fields: [{ key: 'built', label: 'Что будет сделано', kind: 'text', required: true }],
    },
    {
      slug: judgingContestSlug(year),
      title: `Любимому городу – красивый дом и двор — ${year}`,
      shortName: 'Красивый дом и двор',
      numberPrefix: 'КДД',
      summary: 'Смотр-конкурс на лучшее оформление дворов, подъездов и балконов цветами и декоративными фигурами.',
      rules: '## Участники\n\nЖители коммунального и частного секторов, комитеты ТОС.\n\n## Оценка\n\nЖюри выезжает по адресам, указанным в заявках.',
      status: 'judging',
      opens: -150,
      // The jury visits the addresses given in the entries.
      requireDistrict: true,
      requireAddress: true,
      closes: -90,
      statisticsWords: applications({ sumsBy: 'Силами общественников' }),
      nominations: [
        { name: 'Мой двор — моя гордость', description: 'Двор многоквартирного или частного дома.' },
        { name: 'Подъезд мечты', description: '' },
        { name: 'Цветущий балкон', description: '' },
      ],
      criteria: [
        { name: 'Эстетика оформления', description: '', maxPoints: 10, weight: 1 },
        { name: 'Разнообразие цветов и композиций', description: '', maxPoints: 10, weight: 1 },
        { name: 'Ухоженность территории', description: '', maxPoints: 10, weight: 1 },
      ],
      fields: [{ key: 'flowerbeds', label: 'Количество клумб', kind: 'number', summedInStats: true, unitForms: ['клумба', 'клумбы', 'клумб'], participle: ['оформлена', 'оформлено'] }],
    },
    {
      slug: `luchshij-komitet-tos-${year}`,
      title: `Лучший комитет ТОС — ${year}`,
      shortName: 'Лучший комитет ТОС',
      numberPrefix: 'ТОС',
      summary: 'Конкурс комитетов территориального общественного самоуправления по итогам года.',
      rules:
        '## Порядок\n\nКонкурс проходит в два этапа: районный (комиссии районов отбирают по два лучших комитета в каждой номинации) и городской.\n\n## Что оценивается\n\nСанитарное состояние мест общего пользования, своевременная оплата коммунальных услуг, мероприятия и субботники.',
      status: 'accepting',
      opens: -20,
      closes: 21,
      districtStage: true,
      organisationKinds: ['tos_committee'],
      organisationEntrant: true,
      // Its entrants are committees, so the statistics count committees: «приняли участие 52 комитета» (decision 039).
      statisticsWords: applications({ winnersOf: 'городского этапа', participantForms: ['комитет', 'комитета', 'комитетов'], participantGender: 'masculine' }),
      nominations: [
        { name: 'Лучший окружной комитет', description: '' },
        { name: 'Лучший уличный комитет (старший улицы)', description: '' },
        { name: 'Лучший домовый комитет (старший дома)', description: '' },
      ],
      criteria: [
        { name: 'Санитарное состояние территории', description: '', maxPoints: 10, weight: 1 },
        { name: 'Работа с жителями', description: 'Собрания, мероприятия, субботники.', maxPoints: 10, weight: 1 },
        { name: 'Своевременная оплата коммунальных услуг', description: '', maxPoints: 5, weight: 1 },
      ],
      fields: [{ key: 'events', label: 'Проведено мероприятий и субботников', kind: 'number', summedInStats: true, unitForms: ['мероприятие', 'мероприятия', 'мероприятий'], participle: ['проведено', 'проведено'] }],
    },
  ]
}

export type SeedResult = { accounts: { role: Role; email: string; password: string }[]; contestsAdded: number; judging: JudgingSeedResult }

/** The contest seeded in judging, whose entries and jury the demo juror finds waiting. */
export const judgingContestSlug = (year: number) => `krasivyj-dom-i-dvor-${year}`

/** `storage` is where the demo entries' photos go (the app's own storage unless given); `storePhoto` is the app's photo pipeline. */
export async function seed(db: DB, now: Date, options: { storage?: Storage; storePhoto: StorePhoto }): Promise<SeedResult> {
  const localYear = cityYear(now)
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  let contestsAdded = 0

  await transaction(db, async (tx) => {
    for (const d of DISTRICTS) {
      await tx.insert(schema.district).values({ name: d.name, kind: 'district' }).onConflictDoNothing()
      const parent = (await firstRow(tx.select().from(schema.district).where(eq(schema.district.name, d.name))))!
      for (const area of d.areas) {
        await tx.insert(schema.district).values({ name: area, kind: 'residential_area', parentId: parent.id }).onConflictDoNothing()
      }
    }
    const districtId = async (name: string) => (await firstRow(tx.select().from(schema.district).where(eq(schema.district.name, name))))!.id
    for (const o of ORGANISATIONS) {
      if (await firstRow(tx.select().from(schema.organisation).where(eq(schema.organisation.name, o.name)))) continue
      await tx.insert(schema.organisation).values({ name: o.name, kind: o.kind, districtId: await districtId(o.district), tosLevel: o.kind === 'tos_committee' ? 'district' : null })
    }
    for (const c of CENTRES) {
      if (await firstRow(tx.select().from(schema.centre).where(eq(schema.centre.name, c.name)))) continue
      await tx.insert(schema.centre).values({ name: c.name, districtId: await districtId(c.district), address: c.address })
    }
    const demoCentre = (await firstRow(tx.select().from(schema.centre).where(eq(schema.centre.name, CENTRES[0].name))))!

    for (const a of DEMO_ACCOUNTS) {
      const existing = await firstRow(tx.select().from(schema.user).where(eq(schema.user.email, a.email)))
      if (existing) continue
      const id = randomUUID()
      const centre = a.role === 'operator' ? { centreId: demoCentre.id, districtId: demoCentre.districtId } : {}
      await tx.insert(schema.user).values({ id, email: a.email, fullName: a.fullName, phone: a.phone, passwordHash, emailVerifiedAt: now, ...centre })
      const roles: Role[] = a.role === 'resident' ? ['resident'] : ['resident', a.role]
      for (const role of roles) await tx.insert(schema.userRole).values({ userId: id, role })
    }
    const organiser = (await firstRow(tx.select().from(schema.user).where(eq(schema.user.email, 'organiser@demo.konkurs'))))!

    for (const c of contestsFor(localYear)) {
      if (await firstRow(tx.select().from(schema.contest).where(eq(schema.contest.slug, c.slug)))) continue
      contestsAdded++
      const [contestRow] = await tx
        .insert(schema.contest)
        .values({
          slug: c.slug,
          title: c.title,
          shortName: c.shortName,
          // The city's contest year, whatever month its dates fall in: the year page shows all six together.
          year: localYear,
          summary: c.summary,
          rules: c.rules,
          status: c.status,
          opensAt: cityDay(now, c.opens),
          closesAt: cityDay(now, c.closes),
          numberPrefix: c.numberPrefix,
          maxPhotos: c.maxPhotos ?? 10,
          teamsAllowed: c.teamsAllowed ?? true,
          maxAuthors: c.teamsAllowed === false ? 1 : 10,
          authorsPublic: c.authorsPublic ?? false,
          requireDistrict: c.requireDistrict ?? false,
          requireAddress: c.requireAddress ?? false,
          organisationEntrant: c.organisationEntrant ?? false,
          ...(c.organisationKinds ? { organisationKinds: c.organisationKinds } : {}),
          statisticsWords: c.statisticsWords ?? null,
          consentText: CONSENT,
          ageCategories: [
            { name: 'Дети до 14 лет', minAge: 0, maxAge: 13 },
            { name: 'Молодёжь 14–17 лет', minAge: 14, maxAge: 17 },
            { name: 'Взрослые', minAge: 18, maxAge: null },
          ],
          createdById: organiser.id,
        })
        .returning()
      for (const [i, n] of c.nominations.entries()) {
        await tx.insert(schema.nomination).values({ contestId: contestRow.id, name: n.name, description: n.description, position: i, isSpecialPrize: n.special ?? false })
      }
      for (const [i, cr] of c.criteria.entries()) {
        await tx.insert(schema.criterion).values({ contestId: contestRow.id, ...cr, position: i })
      }
      if (c.districtStage) {
        await tx.insert(schema.stage).values({ contestId: contestRow.id, kind: 'district', name: 'Районный этап', position: 0, advanceCount: 2 })
      }
      await tx.insert(schema.stage).values({ contestId: contestRow.id, kind: 'city', name: 'Городской этап', position: 1, status: c.status === 'judging' ? 'judging' : 'pending' })
      for (const [i, f] of (c.fields ?? []).entries()) {
        await tx.insert(schema.formField).values({
          contestId: contestRow.id,
          key: f.key,
          label: f.label,
          kind: f.kind,
          required: f.required ?? false,
          summedInStats: f.summedInStats ?? false,
          unitForms: f.unitForms ?? null,
          participle: f.participle ?? null,
          options: f.options ?? [],
          position: i,
        })
      }
    }
  })

  const judging = await seedJudgingWork(db, {
    now,
    contestSlug: judgingContestSlug(localYear),
    passwordHash,
    // Imported only when photos are to be stored: the server imports this module on every start.
    storage: async () => options.storage ?? (await import('../app/utils/storage.server')).getStorage(),
    storePhoto: options.storePhoto,
  })

  return {
    accounts: DEMO_ACCOUNTS.map((a) => ({ role: a.role, email: a.email, password: DEMO_PASSWORD })),
    contestsAdded,
    judging,
  }
}
