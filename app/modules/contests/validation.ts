/**
 * The organiser's forms: one zod schema per form, shared by the server and the browser.
 * Every message is what the organiser reads beside the field. Length checks abort the chain,
 * so an oversized value never reaches a regular expression or a split.
 */
import { z } from 'zod'
import type { AgeCategory } from '../../../db/schema/contests'
import { APPLICATION_WORDS, CONTEST_STATUSES, FORM_FIELD_KINDS, GENDERS, ORGANISATION_KINDS, RESIDENT_WORDS, RESULT_METHODS, TIE_RULES, type Gender, type StatisticsWords } from '../../../db/schema/enums'
import { ConsentSchema, EmailSchema, FULL_NAME_MAX, FullNameSchema, PasswordSchema, PhoneSchema } from '../accounts/validation'
import { closingDayToInstant } from './lifecycle'
import { wordsToSave } from './statistics-words'
import { parseCityDateTime } from '~/utils/format'

export const MAX_NOMINATIONS = 30
export const MAX_CRITERIA = 20
export const MAX_FORM_FIELDS = 30
export const MAX_AGE_CATEGORIES = 10
const MAX_CHOICE_OPTIONS = 50

/** The longest text each of the organiser's fields takes: the schemas below refuse longer, the pages' inputs stop there. */
export const TEXT_LIMITS = {
  title: 200,
  shortName: 100,
  slug: 80,
  numberPrefix: 6,
  summary: 300,
  rules: 50_000,
  consentText: 5000,
  nominationName: 200,
  nominationDescription: 2000,
  criterionName: 200,
  criterionDescription: 1000,
  stageName: 100,
  fieldLabel: 200,
  unitForm: 60,
  statisticsPhrase: 150,
  jurorName: FULL_NAME_MAX,
  entryNumber: 30,
  conflictReason: 500,
} as const

const requiredText = (empty: string, max: number, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, { message: tooLong, abort: true })

const optionalText = (max: number, tooLong: string) =>
  z.string({ error: tooLong }).trim().max(max, { message: tooLong, abort: true }).default('')

const integer = (missing: string, range: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? missing : range) })
    .int(range)
    .min(min, range)
    .max(max, range)

/** A decimal as people type it in Russia: «1,5» as well as «1.5». */
const decimal = (missing: string, invalid: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(20, { message: invalid, abort: true })
    .transform((v) => Number(v.replace(',', '.')))
    .pipe(z.number({ error: invalid }))

const checkbox = () => z.boolean({ error: 'Неверное значение флажка' }).default(false)

/** Ids posted in hidden inputs and selects. */
const id = (missing = 'Не указано, что изменить') => integer(missing, missing, 1, 2 ** 31 - 1)

/** Repeated fields (checkboxes with one name) arrive as a string or an array of strings. */
const idList = (empty: string, max: number, tooMany: string) =>
  z.unknown().optional().transform((value, ctx) => {
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value]
    if (list.length > max) {
      ctx.addIssue({ code: 'custom', message: tooMany })
      return z.NEVER
    }
    const ids = list.map((v) => Number(v))
    if (ids.some((n) => !Number.isInteger(n) || n <= 0)) {
      ctx.addIssue({ code: 'custom', message: 'Неверный выбор' })
      return z.NEVER
    }
    if (empty && ids.length === 0) {
      ctx.addIssue({ code: 'custom', message: empty })
      return z.NEVER
    }
    return [...new Set(ids)]
  })

/** A date and time typed in the city's zone (<input type="datetime-local">), or nothing. */
const cityDateTime = (invalid: string) =>
  z
    .string({ error: invalid })
    .trim()
    .max(40, { message: invalid, abort: true })
    .optional()
    .transform((value, ctx) => {
      if (!value) return null
      const instant = parseCityDateTime(value)
      if (!instant) {
        ctx.addIssue({ code: 'custom', message: invalid })
        return z.NEVER
      }
      return instant
    })

/** Lines of a textarea: trimmed, empty ones dropped. */
function lines(value: string) {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'j', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
}

/** «Тепло твоих рук — 2027» → «teplo-tvoih-ruk-2027», the way the city's own addresses are spelled. */
export function slugify(text: string, separator = '-') {
  const latin = [...text.toLowerCase()].map((ch) => TRANSLIT[ch] ?? ch).join('')
  return latin
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '')
    .slice(0, 60)
}

const SLUG_MESSAGE = 'Адрес — латинские буквы, цифры и дефисы, например teplo-tvoih-ruk-2027'
const SlugSchema = z
  .string({ error: 'Укажите адрес страницы конкурса' })
  .trim()
  .min(3, SLUG_MESSAGE)
  .max(TEXT_LIMITS.slug, { message: `Адрес должен быть не длиннее ${TEXT_LIMITS.slug} символов`, abort: true })
  .transform((v) => v.toLowerCase())
  .refine((v) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v), SLUG_MESSAGE)

const contestCore = {
  title: requiredText('Укажите название конкурса', TEXT_LIMITS.title, `Название должно быть не длиннее ${TEXT_LIMITS.title} символов`),
  shortName: requiredText('Укажите краткое название', TEXT_LIMITS.shortName, `Краткое название должно быть не длиннее ${TEXT_LIMITS.shortName} символов`),
  year: integer('Укажите год конкурса', 'Год — число от 2000 до 2100', 2000, 2100),
  numberPrefix: z
    .string({ error: 'Укажите префикс номеров заявок' })
    .trim()
    .min(1, 'Укажите префикс номеров заявок')
    .max(TEXT_LIMITS.numberPrefix, { message: `Префикс — не длиннее ${TEXT_LIMITS.numberPrefix} букв`, abort: true })
    .transform((v) => v.toUpperCase())
    .refine((v) => /^[А-ЯЁA-Z]+$/.test(v), 'Префикс может состоять только из букв, например ТТР'),
  summary: optionalText(TEXT_LIMITS.summary, `Описание в одну строку — не длиннее ${TEXT_LIMITS.summary} символов`),
}

export const CreateContestSchema = z.object({ ...contestCore, slug: SlugSchema.optional() })

const PHOTOS_RANGE = 'Число фотографий — от 1 до 30'

const statisticsWord = optionalText(TEXT_LIMITS.unitForm, `Форма слова — не длиннее ${TEXT_LIMITS.unitForm} символов`)
const statisticsPhrase = optionalText(TEXT_LIMITS.statisticsPhrase, `Оборот — не длиннее ${TEXT_LIMITS.statisticsPhrase} символов`)

/** The statistics' words of the settings page (StatisticsWords); left empty, the entries are applications. */
const statisticsWordFields = {
  entryOne: statisticsWord,
  entryFew: statisticsWord,
  entryMany: statisticsWord,
  entryGender: z.enum(GENDERS, { error: 'Выберите род слова из списка' }).optional(),
  entryAccusative: statisticsWord,
  verbHe: statisticsWord,
  verbShe: statisticsWord,
  verbIt: statisticsWord,
  verbThey: statisticsWord,
  winnersOf: statisticsPhrase,
  contestIn: statisticsPhrase,
  sumsBy: statisticsPhrase,
  participantOne: statisticsWord,
  participantFew: statisticsWord,
  participantMany: statisticsWord,
  participantGender: z.enum(GENDERS, { error: 'Выберите род слова из списка' }).optional(),
}

type StatisticsWordFields = z.output<z.ZodObject<typeof statisticsWordFields>>

function statisticsWordsIssues(v: StatisticsWordFields, ctx: z.RefinementCtx) {
  const forms = [v.entryOne, v.entryFew, v.entryMany].filter(Boolean).length
  if (forms !== 0 && forms !== 3) ctx.addIssue({ code: 'custom', path: ['entryMany'], message: 'Укажите все три формы слова или ни одной' })
  if (forms === 3 && !v.entryGender) ctx.addIssue({ code: 'custom', path: ['entryGender'], message: 'Выберите род слова' })
  const people = [v.participantOne, v.participantFew, v.participantMany].filter(Boolean).length
  if (people !== 0 && people !== 3) ctx.addIssue({ code: 'custom', path: ['participantMany'], message: 'Укажите все три формы слова или ни одной' })
  if (people === 3 && !v.participantGender) ctx.addIssue({ code: 'custom', path: ['participantGender'], message: 'Выберите род слова' })
  const verbs = [v.verbHe, v.verbShe, v.verbIt, v.verbThey].filter(Boolean).length
  if (verbs !== 0 && verbs !== 4) ctx.addIssue({ code: 'custom', path: ['verbThey'], message: 'Укажите все четыре формы глагола или ни одной' })
}

/** The participants' word when it is the contest's own: residents (RESIDENT_WORDS), as the page shows them, are none. */
function participantWords(forms: [string, string, string], gender: Gender | undefined): Pick<StatisticsWords, 'participantForms' | 'participantGender'> {
  const own = { participantForms: forms, participantGender: gender ?? RESIDENT_WORDS.participantGender }
  return !forms[0] || JSON.stringify(own) === JSON.stringify(RESIDENT_WORDS) ? {} : own
}

function statisticsWordsOf({
  entryOne,
  entryFew,
  entryMany,
  entryGender,
  entryAccusative,
  verbHe,
  verbShe,
  verbIt,
  verbThey,
  winnersOf,
  contestIn,
  sumsBy,
  participantOne,
  participantFew,
  participantMany,
  participantGender,
}: StatisticsWordFields) {
  const a = APPLICATION_WORDS
  const ownNoun = Boolean(entryOne)
  return wordsToSave({
    entryForms: ownNoun ? [entryOne, entryFew, entryMany] : a.entryForms,
    entryGender: ownNoun ? (entryGender ?? a.entryGender) : a.entryGender,
    ...(ownNoun ? (entryAccusative && entryAccusative !== entryOne ? { entryAccusative } : {}) : { entryAccusative: a.entryAccusative }),
    entryVerb: verbHe ? [verbHe, verbShe, verbIt, verbThey] : a.entryVerb,
    winnersOf: winnersOf || a.winnersOf,
    ...(contestIn ? { contestIn } : {}),
    ...(sumsBy ? { sumsBy } : {}),
    ...participantWords([participantOne, participantFew, participantMany], participantGender),
  })
}

export const ContestSettingsSchema = z
  .object({
    ...contestCore,
    slug: SlugSchema,
    rules: optionalText(TEXT_LIMITS.rules, 'Положение слишком длинное: не больше 50 000 символов'),
    opensAt: cityDateTime('Укажите дату и время начала приёма, например 01.03.2027 09:00'),
    closingDay: z
      .string({ error: 'Укажите последний день приёма' })
      .trim()
      .max(20, { message: 'Неверная дата', abort: true })
      .optional()
      .transform((value, ctx) => {
        if (!value) return null
        const instant = closingDayToInstant(value)
        if (!instant) {
          ctx.addIssue({ code: 'custom', message: 'Укажите последний день приёма, например 15.04.2027' })
          return z.NEVER
        }
        return instant
      }),
    maxEntriesPerUser: integer('Укажите, сколько заявок может подать житель', 'Заявок от одного жителя — от 1 до 100', 1, 100),
    minPhotos: integer('Укажите наименьшее число фотографий', PHOTOS_RANGE, 1, 30),
    maxPhotos: integer('Укажите наибольшее число фотографий', PHOTOS_RANGE, 1, 30),
    teamsAllowed: checkbox(),
    maxAuthors: integer('Укажите, сколько авторов может быть у заявки', 'Авторов — от 1 до 50', 1, 50),
    ageName: z.unknown().optional(),
    ageMin: z.unknown().optional(),
    ageMax: z.unknown().optional(),
    consentText: optionalText(TEXT_LIMITS.consentText, `Текст согласия — не длиннее ${TEXT_LIMITS.consentText} символов`),
    authorsPublic: checkbox(),
    galleryOpenDuringContest: checkbox(),
    requireDistrict: checkbox(),
    requireAddress: checkbox(),
    organisationKinds: z.array(z.enum(ORGANISATION_KINDS, { error: 'Неизвестный вид организаций' })).default([]),
    organisationEntrant: checkbox(),
    ...statisticsWordFields,
  })
  .superRefine((v, ctx) => {
    statisticsWordsIssues(v, ctx)
    if (v.organisationEntrant && !v.organisationKinds.length) {
      ctx.addIssue({ code: 'custom', path: ['organisationKinds'], message: 'Участники конкурса — организации: отметьте, какие именно могут подать заявку' })
    }
    if (v.opensAt && v.closingDay && v.closingDay <= v.opensAt) {
      ctx.addIssue({ code: 'custom', path: ['closingDay'], message: 'Последний день приёма не может быть раньше начала приёма' })
    }
    if (v.maxPhotos < v.minPhotos) {
      ctx.addIssue({ code: 'custom', path: ['maxPhotos'], message: 'Наибольшее число фотографий не может быть меньше наименьшего' })
    }
    const ages = ageCategories(v.ageName, v.ageMin, v.ageMax)
    for (const message of ages.errors) ctx.addIssue({ code: 'custom', path: ['ageCategories'], message })
  })
  .transform(({ ageName, ageMin, ageMax, closingDay, entryOne, entryFew, entryMany, entryGender, entryAccusative, verbHe, verbShe, verbIt, verbThey, winnersOf, contestIn, sumsBy, participantOne, participantFew, participantMany, participantGender, ...v }) => ({
    ...v,
    statisticsWords: statisticsWordsOf({ entryOne, entryFew, entryMany, entryGender, entryAccusative, verbHe, verbShe, verbIt, verbThey, winnersOf, contestIn, sumsBy, participantOne, participantFew, participantMany, participantGender }),
    closesAt: closingDay,
    maxAuthors: v.teamsAllowed ? v.maxAuthors : 1,
    ageCategories: ageCategories(ageName, ageMin, ageMax).categories,
  }))

export type ContestSettings = z.output<typeof ContestSettingsSchema>

export const StatusSchema = z.object({ to: z.enum(CONTEST_STATUSES, { error: 'Неизвестное состояние' }) })

const asList = (value: unknown) => (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v.trim() : ''))

/** Age categories come as rows of three repeated fields; empty rows are ignored. */
function ageCategories(names: unknown, mins: unknown, maxes: unknown) {
  const n = asList(names)
  const lo = asList(mins)
  const hi = asList(maxes)
  const rows = Math.min(Math.max(n.length, lo.length, hi.length), MAX_AGE_CATEGORIES + 1)
  const categories: AgeCategory[] = []
  const errors: string[] = []
  for (let i = 0; i < rows; i++) {
    const [name = '', min = '', max = ''] = [n[i], lo[i], hi[i]]
    if (!name && !min && !max) continue
    const row = `Строка ${i + 1}`
    const minAge = Number(min)
    const maxAge = max ? Number(max) : null
    if (!name) errors.push(`${row}: укажите название категории`)
    else if (name.length > 60) errors.push(`${row}: название — не длиннее 60 символов`)
    if (!min || !Number.isInteger(minAge) || minAge < 0 || minAge > 120) errors.push(`${row}: возраст «от» — целое число от 0 до 120`)
    else if (maxAge !== null && (!Number.isInteger(maxAge) || maxAge > 120)) errors.push(`${row}: возраст «до» — целое число до 120 или пусто`)
    else if (maxAge !== null && maxAge < minAge) errors.push(`${row}: возраст «до» не может быть меньше возраста «от»`)
    categories.push({ name, minAge, maxAge })
  }
  if (categories.length > MAX_AGE_CATEGORIES) errors.unshift(`Возрастных категорий — не больше ${MAX_AGE_CATEGORIES}`)
  return { categories, errors }
}

export const AddNominationsSchema = z.object({
  names: z.unknown().optional().transform((value, ctx) => {
    const values = value === undefined ? [] : Array.isArray(value) ? value : [value]
    const tooMany = `За один раз можно добавить не больше ${MAX_NOMINATIONS} номинаций`
    if (values.length > MAX_NOMINATIONS || values.some((v) => typeof v !== 'string' || v.length > MAX_NOMINATIONS * 210)) {
      ctx.addIssue({ code: 'custom', message: tooMany })
      return z.NEVER
    }
    const names = values.flatMap((v) => lines(v as string))
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'Введите названия номинаций, по одному в строке' })
    else if (names.length > MAX_NOMINATIONS) ctx.addIssue({ code: 'custom', message: tooMany })
    const long = names.find((n) => n.length > 200)
    if (long) ctx.addIssue({ code: 'custom', message: `Название номинации — не длиннее 200 символов: «${long.slice(0, 40)}…»` })
    return names
  }),
})

export const NominationSchema = z.object({
  id: id(),
  name: requiredText('Укажите название номинации', TEXT_LIMITS.nominationName, `Название номинации — не длиннее ${TEXT_LIMITS.nominationName} символов`),
  description: optionalText(TEXT_LIMITS.nominationDescription, `Описание — не длиннее ${TEXT_LIMITS.nominationDescription} символов`),
  isSpecialPrize: checkbox(),
})

export const IdSchema = z.object({ id: id() })

export const MoveSchema = z.object({ id: id(), direction: z.enum(['up', 'down'], { error: 'Неверное направление' }) })

export const CriterionSchema = z.object({
  id: id().optional(),
  nominationId: id().optional(),
  name: requiredText('Укажите название критерия', TEXT_LIMITS.criterionName, `Название критерия — не длиннее ${TEXT_LIMITS.criterionName} символов`),
  description: optionalText(TEXT_LIMITS.criterionDescription, `Пояснение — не длиннее ${TEXT_LIMITS.criterionDescription} символов`),
  maxPoints: z
    .number({ error: (issue) => (issue.input === undefined ? 'Укажите наибольший балл' : 'Наибольший балл — целое число, например 10') })
    .int('Наибольший балл — целое число, например 10')
    .min(1, 'Наибольший балл должен быть больше нуля')
    .max(1000, 'Наибольший балл — не больше 1000'),
  weight: decimal('Укажите вес критерия', 'Вес — число, например 1 или 1,5').pipe(
    z.number().gt(0, 'Вес должен быть больше нуля').max(100, 'Вес — не больше 100'),
  ),
})

export const NominationRefSchema = z.object({ nominationId: id('Не указана номинация') })

export const StagePlanSchema = z
  .object({
    plan: z.enum(['city', 'district_city'], { error: 'Выберите, сколько этапов в конкурсе' }),
    advanceCount: integer('Укажите, сколько заявок проходит из района', 'Из района проходит от 1 до 100 заявок', 1, 100).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.plan === 'district_city' && v.advanceCount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['advanceCount'], message: 'Укажите, сколько заявок в каждой номинации проходит из района в городской этап' })
    }
  })

export const StageSettingsSchema = z.object({
  id: id(),
  name: requiredText('Укажите название этапа', TEXT_LIMITS.stageName, `Название этапа — не длиннее ${TEXT_LIMITS.stageName} символов`),
  judgingClosesAt: cityDateTime('Укажите срок оценки: дату и время, например 20.05.2027 18:00'),
})

export const StageJudgingSchema = z.object({ id: id(), judging: z.enum(['open', 'close'], { error: 'Неверное действие' }) })

const unitForm = optionalText(TEXT_LIMITS.unitForm, `Форма слова — не длиннее ${TEXT_LIMITS.unitForm} символов`)

export const FormFieldSchema = z
  .object({
    label: requiredText('Укажите, как поле называется в заявке', TEXT_LIMITS.fieldLabel, `Название поля — не длиннее ${TEXT_LIMITS.fieldLabel} символов`),
    kind: z.enum(FORM_FIELD_KINDS, { error: 'Выберите тип поля' }),
    options: optionalText(MAX_CHOICE_OPTIONS * 110, `Вариантов — не больше ${MAX_CHOICE_OPTIONS}`),
    required: checkbox(),
    isPublic: checkbox(),
    summedInStats: checkbox(),
    unitOne: unitForm,
    unitFew: unitForm,
    unitMany: unitForm,
    participleOne: unitForm,
    participleOther: unitForm,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'choice') {
      const options = lines(v.options)
      if (options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Укажите хотя бы два варианта, по одному в строке' })
      else if (options.length > MAX_CHOICE_OPTIONS) ctx.addIssue({ code: 'custom', path: ['options'], message: `Вариантов — не больше ${MAX_CHOICE_OPTIONS}` })
      else if (options.some((o) => o.length > 100)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Вариант — не длиннее 100 символов' })
      else if (new Set(options).size !== options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Варианты не должны повторяться' })
    }
    const units = [v.unitOne, v.unitFew, v.unitMany].filter(Boolean).length
    if (v.kind === 'number' && v.summedInStats && units !== 0 && units !== 3) {
      ctx.addIssue({ code: 'custom', path: ['unitMany'], message: 'Укажите все три формы слова или ни одной' })
    }
    if (v.kind === 'number' && v.summedInStats && Boolean(v.participleOne) !== Boolean(v.participleOther)) {
      ctx.addIssue({ code: 'custom', path: ['participleOther'], message: 'Укажите обе формы причастия или ни одной' })
    }
  })
  .transform(({ unitOne, unitFew, unitMany, participleOne, participleOther, ...v }) => {
    const summedInStats = v.kind === 'number' && v.summedInStats
    return {
      ...v,
      options: v.kind === 'choice' ? lines(v.options) : [],
      summedInStats,
      unitForms: summedInStats && unitOne ? ([unitOne, unitFew, unitMany] as [string, string, string]) : null,
      participle: summedInStats && participleOne ? ([participleOne, participleOther] as [string, string]) : null,
    }
  })

export type FormFieldInput = z.output<typeof FormFieldSchema>

export const InviteJurorSchema = z.object({
  email: EmailSchema,
  fullName: optionalText(TEXT_LIMITS.jurorName, `ФИО — не длиннее ${TEXT_LIMITS.jurorName} символов`),
})

const minScoresPerEntry = integer('Укажите, сколько оценок нужно каждой заявке', 'Оценок на заявку — от 1 до 20', 1, 20)

export const MinScoresSchema = z.object({ minScoresPerEntry })

const jurorId = z
  .string({ error: 'Выберите члена жюри' })
  .trim()
  .min(1, 'Выберите члена жюри')
  .max(64, { message: 'Выберите члена жюри', abort: true })

export const AssignJurorSchema = z.object({
  stageId: id('Не указан этап'),
  jurorId,
  nominationIds: idList('Выберите хотя бы одну номинацию', MAX_NOMINATIONS, 'Слишком много номинаций'),
  districtIds: idList('', 100, 'Слишком много районов'),
})

export const ConflictSchema = z.object({
  jurorId,
  entryNumber: requiredText('Укажите номер заявки, например ТТР-0012', TEXT_LIMITS.entryNumber, `Номер заявки — не длиннее ${TEXT_LIMITS.entryNumber} символов`),
  reason: optionalText(TEXT_LIMITS.conflictReason, `Причина — не длиннее ${TEXT_LIMITS.conflictReason} символов`),
})

const disagreementThreshold = decimal('Укажите порог расхождения', 'Порог — число, например 10 или 7,5').pipe(
  z.number().min(0, 'Порог не может быть отрицательным').max(100_000, 'Порог — не больше 100 000'),
)

export const ThresholdSchema = z.object({ disagreementThreshold })

/** The most places (winners) a nomination may have, and the most laureates. */
export const MAX_PLACES = 500
export const MAX_LAUREATES = 500

const winners = (what: string) => integer(`Укажите, сколько ${what}`, `${what[0].toUpperCase()}${what.slice(1)} — от 1 до ${MAX_PLACES}`, 1, MAX_PLACES)

/**
 * The results settings of the contest's settings page: how places are computed and how many there are.
 * `nominations` are the nominations' own numbers of winners (empty: the contest's places).
 */
export const ResultsSettingsSchema = z.object({
  resultMethod: z.enum(RESULT_METHODS, { error: 'Выберите способ подсчёта из списка' }),
  tieRule: z.enum(TIE_RULES, { error: 'Выберите, как делить места при равных баллах' }),
  placesPerNomination: winners('призовых мест в номинации'),
  laureatesPerNomination: integer('Укажите, сколько лауреатов в номинации (0 — без лауреатов)', `Лауреатов в номинации — от 0 до ${MAX_LAUREATES}`, 0, MAX_LAUREATES),
  minScoresPerEntry,
  disagreementThreshold,
  nominations: z
    .array(
      z.object({
        id: id('Не указана номинация'),
        winnersCount: integer('', `Победителей в номинации — от 1 до ${MAX_PLACES}, или оставьте поле пустым`, 1, MAX_PLACES).optional(),
      }, { error: 'Неверный список номинаций' }),
      { error: 'Неверный список номинаций' },
    )
    .max(MAX_NOMINATIONS, 'Слишком много номинаций')
    .default([]),
})

export type ResultsSettings = z.output<typeof ResultsSettingsSchema>

export const AcceptInvitationSchema = z.object({ fullName: FullNameSchema, phone: PhoneSchema, password: PasswordSchema, consent: ConsentSchema })

/** The longest prize name of people's choice voting. */
export const VOTING_PRIZE_NAME_MAX = 200
/** The most votes one voter may give in one nomination. */
export const MAX_VOTES_PER_VOTER = 50

/**
 * People's choice voting of the contest's settings page (docs/decisions/037): on or off, its window in
 * the city's time, the nominations voted in, the votes per voter per nomination, whether the public sees
 * the counts while it runs, the prize's name. Turned on, it needs both ends of the window and a nomination.
 */
export const VotingSettingsSchema = z
  .object({
    votingEnabled: checkbox(),
    votingOpensAt: cityDateTime('Укажите дату и время начала голосования, например 01.04.2027 09:00'),
    votingClosesAt: cityDateTime('Укажите дату и время окончания голосования, например 15.04.2027 21:00'),
    votingNominationIds: idList('', MAX_NOMINATIONS, 'Слишком много номинаций'),
    votesPerVoter: integer('Укажите, сколько голосов в номинации у одного жителя', `Голосов у жителя в номинации — от 1 до ${MAX_VOTES_PER_VOTER}`, 1, MAX_VOTES_PER_VOTER),
    votingCountsLive: checkbox(),
    votingPrizeName: z
      .string({ error: 'Укажите название приза' })
      .trim()
      .min(1, 'Укажите название приза')
      .max(VOTING_PRIZE_NAME_MAX, `Название приза — не длиннее ${VOTING_PRIZE_NAME_MAX} знаков`),
  })
  .superRefine((v, ctx) => {
    if (v.votingOpensAt && v.votingClosesAt && v.votingClosesAt <= v.votingOpensAt) {
      ctx.addIssue({ code: 'custom', path: ['votingClosesAt'], message: 'Голосование должно закончиться позже, чем начнётся' })
    }
    if (!v.votingEnabled) return
    if (!v.votingOpensAt) ctx.addIssue({ code: 'custom', path: ['votingOpensAt'], message: 'Чтобы включить голосование, укажите, когда оно начнётся' })
    if (!v.votingClosesAt) ctx.addIssue({ code: 'custom', path: ['votingClosesAt'], message: 'Чтобы включить голосование, укажите, когда оно закончится' })
    if (v.votingNominationIds.length === 0) ctx.addIssue({ code: 'custom', path: ['votingNominationIds'], message: 'Выберите хотя бы одну номинацию для голосования' })
  })

export type VotingSettings = z.output<typeof VotingSettingsSchema>
