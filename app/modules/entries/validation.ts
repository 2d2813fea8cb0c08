/**
 * The application form's rules, shared by the server and the browser: the schema is built from the
 * contest's settings (nominations, authors, its own fields), so both sides refuse the same things
 * with the same Russian messages.
 */
import { z } from 'zod'
import type { EntryStatus } from '../../../db/schema/enums'
import { EMAIL_MAX, EmailSchema, FULL_NAME_MAX, FullNameSchema, PasswordSchema, PhoneSchema } from '../accounts/validation'
import { countOf, formatNumber } from '../../utils/format'
import { UNKNOWN_ACTION } from '../../utils/refusal'
import { ORGANISATION_MISSING } from '../contests/entrant'

export const ADULT_AGE = 18
/**
 * The hidden field of the entry form that carries the page's key (entries.server.ts, newSubmissionKey):
 * the same form posted twice makes one entry, or one edit.
 */
export const SUBMISSION_KEY_FIELD = 'submissionKey'
export const LIMITS = { title: 200, description: 5000, address: 500, organisation: 400, fullName: FULL_NAME_MAX, text: 2000, reason: 1000 } as const

export type FormFieldSpec = {
  id: number
  label: string
  kind: 'number' | 'text' | 'choice' | 'boolean'
  options: string[]
  required: boolean
}

/** What the form needs to know about a contest; plain data, so the loader can hand it to the browser. */
export type EntryFormSpec = {
  nominationIds: number[]
  districtIds: number[]
  /** Whether the form asks for a committee or organisation: the contest takes entries from some kinds of them. */
  asksOrganisation: boolean
  maxAuthors: number
  /** Whether a sent entry needs its district: a contest judged by district commissions always does, others as their settings say. */
  requireDistrict: false | 'contest' | 'district_stage'
  /** Whether a sent entry needs its address (a yard, a house), as the contest's settings say. */
  requireAddress: boolean
  /** Whether a sent entry needs its committee or organisation: it is the entrant (contests/entrant.ts). */
  requireOrganisation?: boolean
  fields: FormFieldSpec[]
  /** An operator confirms the signed paper consent instead of the resident ticking the box. */
  mode: 'resident' | 'operator'
}

/** Form names of the contest's own fields: by id, because organisers' keys may hold characters that form paths cannot. */
export const customFieldName = (id: number) => `f${id}`

export const BOOLEAN_ANSWERS = { yes: 'да', no: 'нет' } as const

const text = (max: number, tooLong: string) => z.string().trim().max(max, { error: tooLong, abort: true }).optional()

const idIn = (allowed: number[], message: string) =>
  z
    .number({ error: message })
    .int({ error: message })
    .refine((v) => allowed.includes(v), { error: message })
    .optional()

const FULL_NAME_PATTERN = /^[\p{L}\s.'-]+$/u

const AuthorSchema = z.object({
  fullName: text(LIMITS.fullName, `ФИО должно быть не длиннее ${LIMITS.fullName} символов`).refine(
    (v) => v === undefined || FULL_NAME_PATTERN.test(v),
    'ФИО может содержать только буквы, пробелы, дефис и точку',
  ),
  age: z
    .number({ error: 'Укажите возраст числом' })
    .int({ error: 'Укажите возраст целым числом' })
    .min(1, 'Возраст — от 1 до 120 лет')
    .max(120, 'Возраст — от 1 до 120 лет')
    .optional(),
  parentConsent: z.boolean().optional(),
  /** Optional: an author with an account (now or later) sees the entry, their diplomas and its letters, and counts in the jury's conflict rule. */
  email: EmailSchema.optional(),
})

/** Russian numbers are written with a comma: «12,5». */
function parseNumber(value: string) {
  const normalised = value.replace(/\s/g, '').replace(',', '.')
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : NaN
}

function customFieldSchema(field: FormFieldSpec) {
  switch (field.kind) {
    case 'number':
      return text(32, 'Слишком длинное число').refine((v) => {
        if (v === undefined) return true
        const n = parseNumber(v)
        return Number.isFinite(n) && n >= 0 && n <= 1_000_000_000
      }, 'Укажите неотрицательное число, например 12 или 3,5')
    case 'text':
      return text(LIMITS.text, `Не длиннее ${LIMITS.text} символов`)
    case 'choice':
      return text(200, 'Выберите один из вариантов').refine((v) => v === undefined || field.options.includes(v), 'Выберите один из вариантов')
    case 'boolean':
      return z.enum(['yes', 'no'], { error: 'Ответьте «да» или «нет»' }).optional()
  }
}

export const SAVE_ACTIONS = ['draft', 'submit'] as const

/** The form field of the entry's photos (files without JavaScript; the picker's list with it). */
export const PHOTO_FIELD = 'photos'

/**
 * The hidden field of a form without JavaScript that carries a photo kept from an earlier post of the
 * same form (a list button, a refused form): the photo's id, attached when the form is saved.
 */
export const PENDING_PHOTO_FIELD = 'pendingPhoto'

/**
 * How the posted form arranges the entry's photos: the picker's list of ids (with JavaScript), or,
 * without it, the positions and removals of the entry's photos and of the photos kept from earlier
 * posts of the form (`pending`, in the order the form listed them).
 */
export type PhotoPlan = { mode: 'list'; ids: string[] } | { mode: 'form'; remove: string[]; positions: Record<string, number>; pending: string[] }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The posted form's submission key, or null when it has none (or not one the server made: anything else is ignored). */
export function readSubmissionKey(formData: FormData): string | null {
  const key = formData.get(SUBMISSION_KEY_FIELD)
  return typeof key === 'string' && UUID.test(key) ? key : null
}

/** Reads the photo plan from the posted form; ids that are not photo ids are dropped. */
export function readPhotoPlan(formData: FormData): PhotoPlan {
  const ids = (name: string) => [...new Set(formData.getAll(name).filter((v): v is string => typeof v === 'string' && UUID.test(v)))]
  if (formData.get('photosManaged') === '1') return { mode: 'list', ids: ids('photoOrder').slice(0, 100) }
  const positions: Record<string, number> = {}
  for (const [name, value] of formData) {
    if (!name.startsWith('photoPosition.') || typeof value !== 'string') continue
    const id = name.slice('photoPosition.'.length)
    const n = Number(value)
    if (UUID.test(id) && Number.isInteger(n)) positions[id] = n
  }
  return { mode: 'form', remove: ids('removePhoto'), positions, pending: ids(PENDING_PHOTO_FIELD).slice(0, 100) }
}

/** How many photos the entry will have after the plan: the entry's current photos are `existingIds`, `newFiles` are sent with the form. */
export function plannedPhotoCount(plan: PhotoPlan, existingIds: string[], newFiles: number) {
  if (plan.mode === 'list') return plan.ids.length + newFiles
  const kept = [...new Set([...existingIds, ...plan.pending])]
  return kept.filter((id) => !plan.remove.includes(id)).length + newFiles
}

/** Files actually chosen in a posted form's file field (an empty file input posts one nameless empty file). */
export const chosenFiles = (formData: FormData) => formData.getAll(PHOTO_FIELD).filter((v) => typeof v !== 'string' && v.size > 0).length

/** The contest's limits on an entry's photos and how many it will have: checked with the rest of the form, so every problem is told in one answer. */
export type PhotoCount = { count: number; minPhotos: number; maxPhotos: number }

/** What is wrong with the number of an entry's photos, or null: too many for any save, too few to submit. */
export function photoCountProblem({ count, minPhotos, maxPhotos }: PhotoCount, save: string | undefined): string | null {
  if (count > maxPhotos) return `К заявке можно приложить не больше ${formatNumber(maxPhotos)} фото, а выбрано ${formatNumber(count)}. Уберите лишние и отправьте форму ещё раз.`
  if (save === 'submit' && count < minPhotos) {
    return minPhotos === 1 ? 'Приложите хотя бы одну фотографию.' : `Приложите не меньше ${countOf(minPhotos, ['фотографии', 'фотографий', 'фотографий'])}.`
  }
  return null
}

/**
 * The committee or organisation the typed text names, as the server found it among the city's thousands
 * (entries/organisation-choice.server.ts): its id (null: none named) or why it could not be found.
 */
export type OrganisationChoice = { id: number | null; error?: string }

/** The end of an organisation's label as the field suggests it: «… (код 12)» names it by its code (organisation-choice.server.ts). */
export const ORGANISATION_CODE = /\(код (\d{1,9})\)\s*$/
/** Fewer letters than this find too much to suggest. */
export const ORGANISATION_MIN_QUERY = 2

/**
 * The form's schema; with `photos`, the number of photos is checked with the other answers (the server counts them before parsing, the browser from the picker);
 * with `organisation`, the organisation the server found for the typed text (the browser only checks that one is typed when needed).
 */
export function entrySchema(spec: EntryFormSpec, photos?: PhotoCount, organisation?: OrganisationChoice) {
  const custom = Object.fromEntries(spec.fields.map((f) => [customFieldName(f.id), customFieldSchema(f)]))
  return z
    .object({
      save: z.enum(SAVE_ACTIONS, { error: UNKNOWN_ACTION }),
      nominationId: idIn(spec.nominationIds, 'Выберите номинацию из списка'),
      title: text(LIMITS.title, `Название должно быть не длиннее ${LIMITS.title} символов`),
      description: text(LIMITS.description, `Описание должно быть не длиннее ${LIMITS.description} символов`),
      districtId: idIn(spec.districtIds, 'Выберите район из списка'),
      address: text(LIMITS.address, `Адрес должен быть не длиннее ${LIMITS.address} символов`),
      organisationId: z.number({ error: 'Выберите организацию из списка' }).int({ error: 'Выберите организацию из списка' }).positive({ error: 'Выберите организацию из списка' }).optional(),
      organisation: text(LIMITS.organisation, `Название организации — не длиннее ${LIMITS.organisation} символов`),
      authors: z
        .array(AuthorSchema)
        .max(spec.maxAuthors, spec.maxAuthors === 1 ? 'В этом конкурсе у работы один автор' : `Не больше ${spec.maxAuthors} авторов`)
        .default([]),
      custom: z.object(custom).default({}),
      consent: z.boolean().optional(),
      paperConsent: z.boolean().optional(),
    })
    .superRefine(
      (v, ctx) => {
        const missing = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
        const authors = Array.isArray(v.authors) ? v.authors : []
        // Minors need a parent's consent in a draft too: it is personal data of a child either way.
        authors.forEach((a, i) => {
          if (typeof a?.age === 'number' && a.age < ADULT_AGE && a.parentConsent !== true) {
            missing(['authors', i, 'parentConsent'], 'Автору младше 18 лет нужно согласие родителя или законного представителя')
          }
        })
        const photoProblem = photos ? photoCountProblem(photos, v.save) : null
        if (photoProblem) missing([PHOTO_FIELD], photoProblem)
        if (organisation?.error) missing(['organisation'], organisation.error)
        const organisationNamed = organisation ? organisation.id !== null || !!organisation.error : !!v.organisation || v.organisationId !== undefined
        if (v.save !== 'submit') return
        if (v.nominationId === undefined) missing(['nominationId'], 'Выберите номинацию')
        if (!v.title) missing(['title'], 'Укажите название работы')
        if (spec.requireDistrict && v.districtId === undefined) {
          missing(['districtId'], spec.requireDistrict === 'district_stage' ? 'Выберите район: работы оценивают районные комиссии' : 'Выберите район')
        }
        if (spec.requireAddress && !v.address) missing(['address'], 'Укажите адрес')
        if (spec.requireOrganisation && !organisationNamed) missing(['organisation'], ORGANISATION_MISSING)
        const named = authors.filter((a) => a?.fullName || a?.age !== undefined)
        if (named.length === 0) missing(['authors', 0, 'fullName'], 'Укажите хотя бы одного автора')
        authors.forEach((a, i) => {
          if (!a?.fullName && a?.age !== undefined) missing(['authors', i, 'fullName'], 'Укажите ФИО автора')
          if (a?.fullName && a.age === undefined) missing(['authors', i, 'age'], 'Укажите возраст автора')
        })
        const values = (v.custom ?? {}) as Record<string, unknown>
        for (const f of spec.fields) {
          if (f.required && (values[customFieldName(f.id)] === undefined || values[customFieldName(f.id)] === '')) {
            missing(['custom', customFieldName(f.id)], f.kind === 'choice' || f.kind === 'boolean' ? 'Выберите ответ' : 'Заполните это поле')
          }
        }
        if (spec.mode === 'resident' && v.consent !== true) {
          missing(['consent'], 'Без согласия на обработку персональных данных заявку отправить нельзя')
        }
        if (spec.mode === 'operator' && v.paperConsent !== true) {
          missing(['paperConsent'], 'Отметьте, что подписанное согласие получено: без него заявку отправить нельзя')
        }
      },
      // Run even when a field above is wrong, so that every missing answer is shown at once.
      { when: () => true },
    )
}

export type EntryFormValues = z.output<ReturnType<typeof entrySchema>>

/** The values as the service stores them: empty author rows dropped, the contest's fields typed. */
export function normaliseEntryValues(spec: EntryFormSpec, v: EntryFormValues) {
  const fieldValues: { fieldId: number; value: string; numberValue: number | null }[] = []
  const custom = v.custom as Record<string, string | undefined>
  for (const f of spec.fields) {
    const raw = custom[customFieldName(f.id)]
    if (raw === undefined || raw === '') continue
    if (f.kind === 'number') fieldValues.push({ fieldId: f.id, value: String(parseNumber(raw)), numberValue: parseNumber(raw) })
    else if (f.kind === 'boolean') fieldValues.push({ fieldId: f.id, value: raw === 'yes' ? 'true' : 'false', numberValue: null })
    else fieldValues.push({ fieldId: f.id, value: raw, numberValue: null })
  }
  return {
    nominationId: v.nominationId ?? null,
    title: v.title ?? '',
    description: v.description ?? '',
    districtId: v.districtId ?? null,
    address: v.address ?? '',
    organisationId: v.organisationId ?? null,
    authors: v.authors
      .filter((a) => a.fullName || a.age !== undefined)
      .map((a) => ({ fullName: a.fullName ?? '', age: a.age ?? null, parentConsent: a.parentConsent === true, email: a.email ?? null })),
    fieldValues,
    consent: v.consent === true,
    paperConsent: v.paperConsent === true,
  }
}

export type EntryInput = ReturnType<typeof normaliseEntryValues>

/** The stored value of a contest field as the form shows it back. */
export function fieldFormValue(kind: FormFieldSpec['kind'], value: string) {
  if (kind === 'boolean') return value === 'true' ? 'yes' : 'no'
  if (kind === 'number') return value.replace('.', ',')
  return value
}

/** The stored value of a contest field as people read it. */
export function fieldDisplayValue(kind: FormFieldSpec['kind'], value: string) {
  if (kind === 'boolean') return value === 'true' ? BOOLEAN_ANSWERS.yes : BOOLEAN_ANSWERS.no
  if (kind === 'number') return formatNumber(Number(value))
  return value
}

/** The organiser's moderation queue, by the entries' state. */
export const QUEUE_STATUSES = ['submitted', 'accepted', 'rejected'] as const satisfies EntryStatus[]
export type QueueStatus = (typeof QUEUE_STATUSES)[number]

export const RejectSchema = z.object({
  entryId: z.number({ error: 'Заявка не найдена' }).int(),
  reason: z
    .string({ error: 'Укажите причину отклонения: участник её увидит' })
    .trim()
    .min(1, 'Укажите причину отклонения: участник её увидит')
    .max(LIMITS.reason, { error: `Причина должна быть не длиннее ${LIMITS.reason} символов`, abort: true }),
})

/**
 * The common reasons an organiser rejects entries for, offered when rejecting several at once; a text
 * of the organiser's own can follow the chosen one or stand alone. The entrant reads the whole reason.
 */
export const REJECTION_TEMPLATES = {
  photos: 'Фотографии не показывают работу: они нечёткие, сделаны не там или их слишком мало.',
  nomination: 'Работа не подходит к выбранной номинации.',
  duplicate: 'Эта работа уже подана в другой заявке.',
  incomplete: 'В заявке не хватает сведений о работе: адреса или описания.',
  dates: 'Работа сделана не в сроки конкурса.',
} as const
export type RejectionTemplate = keyof typeof REJECTION_TEMPLATES
const TEMPLATE_KEYS = Object.keys(REJECTION_TEMPLATES) as [RejectionTemplate, ...RejectionTemplate[]]
const NO_REASON = 'Выберите причину из списка или напишите свою: участники её увидят'
const NO_SELECTION = 'Отметьте заявки, которые нужно отклонить'

/** Rejecting the ticked entries with one reason: a template, a text of one's own, or both (the text after the template). */
export const BulkRejectSchema = z
  .object({
    entryId: z.array(z.number().int(), { error: NO_SELECTION }).min(1, NO_SELECTION).max(1000),
    template: z.enum(TEMPLATE_KEYS, { error: 'Такой причины нет в списке' }).optional(),
    reason: z.string().trim().max(LIMITS.reason, { error: `Причина должна быть не длиннее ${LIMITS.reason} символов`, abort: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.template && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: NO_REASON })
    else if (rejectionReason(v.template, v.reason).length > LIMITS.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `Причина вместе с выбранной из списка должна быть не длиннее ${LIMITS.reason} символов` })
  })

/** The reason the entrant reads: the template's text, then the organiser's own words. */
export function rejectionReason(template: RejectionTemplate | undefined, text: string | undefined) {
  return [template ? REJECTION_TEMPLATES[template] : '', text ?? ''].filter(Boolean).join(' ')
}

export const AcceptSchema = z.object({
  entryId: z.array(z.number().int(), { error: 'Отметьте заявки, которые нужно принять' }).min(1, 'Отметьте заявки, которые нужно принять').max(1000),
})

export const WithdrawSchema = z.object({
  confirm: z.literal(true, { error: 'Подтвердите, что хотите отозвать заявку' }),
})

/** An operator looks a resident up by the contact written on the paper application. */
export const ResidentSearchSchema = z.object({
  q: z
    .string({ error: 'Введите электронную почту или телефон жителя' })
    .trim()
    .min(1, 'Введите электронную почту или телефон жителя')
    .max(EMAIL_MAX, { error: 'Слишком длинный запрос', abort: true })
    .transform((q, ctx) => {
      if (q.includes('@')) {
        const email = EmailSchema.safeParse(q)
        if (email.success) return { email: email.data }
      } else {
        const phone = PhoneSchema.safeParse(q)
        if (phone.success && phone.data) return { phone: phone.data }
      }
      ctx.addIssue({ code: 'custom', message: 'Введите адрес электронной почты (ivanova@mail.ru) или телефон (+7 900 123-45-67)' })
      return z.NEVER
    }),
})

/** A resident without an account, from a paper application: no password, contacts optional. */
export const NewResidentSchema = z.object({
  fullName: FullNameSchema,
  email: EmailSchema.optional(),
  phone: PhoneSchema,
})

/** The longest entry number or claim code a claim form takes (a number is «ТТР-0412», a code ten characters with a dash). */
export const CLAIM_FIELD_MAX = 40

/** A resident claims the account an operator made, with the entry's number and the code of a printed receipt. */
export const ClaimByCodeSchema = z.object({
  number: z
    .string({ error: 'Введите номер заявки с квитанции' })
    .trim()
    .min(1, 'Введите номер заявки с квитанции')
    .max(CLAIM_FIELD_MAX, { error: 'Номер заявки слишком длинный', abort: true }),
  code: z
    .string({ error: 'Введите код с квитанции' })
    .trim()
    .min(1, 'Введите код с квитанции')
    .max(CLAIM_FIELD_MAX, { error: 'Код слишком длинный: на квитанции он из десяти знаков', abort: true }),
  email: EmailSchema,
  password: PasswordSchema,
})
