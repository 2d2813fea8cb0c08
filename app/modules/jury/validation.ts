import { z } from 'zod'
import { plural, quoted } from '~/utils/format'

/** Shared by the server and the browser: every message is what the juror or organiser reads beside the field. */

export const COMMENT_MAX = 2000
export const REASON_MAX = 1000
export const NOTE_MAX = 500

export type ScoredCriterion = { id: number; name: string; maxPoints: number }

/** The form field of a criterion's points: «c12». */
export const criterionField = (criterionId: number) => `c${criterionId}`

export function pointsRange(maxPoints: number) {
  return `от 0 до ${maxPoints} ${plural(maxPoints, ['балла', 'баллов', 'баллов'])}`
}

function pointsSchema(c: ScoredCriterion) {
  const range = `Оценка по критерию ${quoted(c.name)} — ${pointsRange(c.maxPoints)}`
  return z
    .number({ error: (issue) => (issue.input === undefined ? `Поставьте оценку по критерию ${quoted(c.name)}` : range) })
    .int(`Оценка по критерию ${quoted(c.name)} — целое число баллов`)
    .min(0, range)
    .max(c.maxPoints, range)
}

// Building a zod object costs several times more than parsing with it, and a contest has only a
// handful of criteria lists (one per nomination), so schemas are kept by list. The cap only guards
// against unbounded growth while an organiser keeps editing criteria.
const schemas = new Map<string, ReturnType<typeof buildScoreFormSchema>>()
const SCHEMA_CACHE_LIMIT = 500

/**
 * One juror's evaluation of one entry: points for every criterion of the entry's nomination and an
 * optional comment. Strict, so that points for a criterion the entry is not scored on (another
 * nomination's, another contest's) refuse the whole form instead of being dropped silently.
 */
export function scoreFormSchema(criteria: ScoredCriterion[]) {
  const key = JSON.stringify(criteria.map((c) => [c.id, c.name, c.maxPoints]))
  let schema = schemas.get(key)
  if (!schema) {
    if (schemas.size >= SCHEMA_CACHE_LIMIT) schemas.clear()
    schema = buildScoreFormSchema(criteria)
    schemas.set(key, schema)
  }
  return schema
}

function buildScoreFormSchema(criteria: ScoredCriterion[]) {
  const shape: Record<string, z.ZodType> = {
    intent: z.literal('score'),
    comment: z
      .string()
      .trim()
      .max(COMMENT_MAX, { message: `Комментарий — не длиннее ${COMMENT_MAX} символов`, abort: true })
      .optional(),
  }
  for (const c of criteria) shape[criterionField(c.id)] = pointsSchema(c)
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'В форме есть оценка по критерию, по которому эта заявка не оценивается. Обновите страницу и оцените заново.'
        : undefined,
  })
}

/** The points of a parsed score form, by criterion id. */
export function pointsFromForm(value: Record<string, unknown>, criteria: ScoredCriterion[]) {
  return Object.fromEntries(criteria.map((c) => [c.id, value[criterionField(c.id)] as number]))
}

export const RecusalSchema = z.object({
  intent: z.literal('recuse'),
  reason: z
    .string({ error: 'Укажите причину самоотвода' })
    .trim()
    .min(3, 'Укажите причину самоотвода')
    .max(REASON_MAX, { message: `Причина — не длиннее ${REASON_MAX} символов`, abort: true }),
})

const EntryIdSchema = z.number({ error: 'Заявка не найдена' }).int('Заявка не найдена').positive('Заявка не найдена')

export const ProposalSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('propose'),
    entryId: EntryIdSchema,
    note: z
      .string()
      .trim()
      .max(NOTE_MAX, { message: `Пояснение — не длиннее ${NOTE_MAX} символов`, abort: true })
      .optional(),
  }),
  z.object({ intent: z.literal('withdraw'), entryId: EntryIdSchema }),
])

const ReasonSchema = z
  .string({ error: 'Укажите основание решения' })
  .trim()
  .min(3, 'Укажите основание решения, например номер и дату протокола заседания жюри')
  .max(REASON_MAX, { message: `Основание — не длиннее ${REASON_MAX} символов`, abort: true })

const EntryNumberSchema = z
  .string({ error: 'Укажите номер заявки' })
  .trim()
  .min(1, 'Укажите номер заявки')
  .max(20, { message: 'Номер заявки указан неверно', abort: true })

export const SpecialPrizeSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('award'),
    nominationId: z.number({ error: 'Номинация не найдена' }).int().positive(),
    entry: EntryNumberSchema,
    reason: ReasonSchema,
  }),
  z.object({
    intent: z.literal('revoke'),
    decisionId: z.number({ error: 'Решение не найдено' }).int().positive(),
    reason: ReasonSchema,
  }),
])

export const ExtraJurorSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('assign'),
    stageId: z.number({ error: 'Выберите этап' }).int().positive('Выберите этап'),
    entry: EntryNumberSchema,
    jurorId: z.string({ error: 'Выберите члена жюри' }).uuid('Выберите члена жюри'),
  }),
  z.object({ intent: z.literal('remove'), extraId: z.number({ error: 'Назначение не найдено' }).int().positive() }),
])
