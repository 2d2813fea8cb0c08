/** Forms of the results pages; shared by the server and the browser, every message is shown beside its field. */
import { z } from 'zod'
import { METHODS } from './ranking'

/** The longest reason the organiser may give for a decision or a withdrawal. */
export const REASON_MAX = 1000

const Reason = (what: string) =>
  z
    .string({ error: `Укажите причину ${what}` })
    .trim()
    .min(1, `Укажите причину ${what}`)
    .min(5, 'Опишите причину подробнее: не короче 5 символов')
    .max(REASON_MAX, { message: `Причина должна быть не длиннее ${REASON_MAX} символов`, abort: true })

const Id = z.coerce.number({ error: 'Неверный запрос' }).int('Неверный запрос').positive('Неверный запрос')

export const Method = z.enum(METHODS, { error: 'Выберите способ подсчёта из списка' })

export const DECISION_KINDS = ['place', 'laureate', 'special_prize', 'none'] as const

export const DecideSchema = z
  .object({
    intent: z.literal('decide'),
    stageId: Id,
    entryId: Id,
    kind: z.enum(DECISION_KINDS, { error: 'Выберите решение' }),
    place: z.coerce.number().int('Место — целое число').min(1, 'Место — от 1').optional(),
    reason: Reason('решения'),
    /** Asked for by the server only when the entry holds a special prize, which the decision replaces. */
    replacePrize: z.literal('on', { error: 'Неверный запрос' }).optional(),
  })
  .refine((v) => v.kind !== 'place' || v.place !== undefined, { message: 'Выберите место', path: ['place'] })

export const ClearDecisionSchema = z.object({ intent: z.literal('clear'), stageId: Id, entryId: Id })

export const PublishSchema = z.object({
  intent: z.literal('publish'),
  method: Method,
  confirm: z.literal('on', { error: 'Подтвердите, что итоги проверены' }),
  /** Required by the server only while there are reasons not to publish yet (lifecycle's publishBlockers). */
  reason: Reason('публикации').optional(),
  /** Required by the server only when `method` is not the one the contest's rules name. */
  methodReason: Reason('подсчёта не тем способом, что указан в положении').optional(),
})

export const WithdrawSchema = z.object({ intent: z.literal('withdraw'), reason: Reason('отзыва итогов') })

export const AdvanceSchema = z.object({ intent: z.literal('advance'), stageId: Id })

export const ResultsActionSchema = z.discriminatedUnion('intent', [DecideSchema, ClearDecisionSchema, PublishSchema, WithdrawSchema, AdvanceSchema])
