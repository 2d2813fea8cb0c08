import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { ExtraJurorSchema, pointsFromForm, pointsRange, ProposalSchema, RecusalSchema, scoreFormSchema } from './validation'

const criteria = [
  { id: 1, name: 'Идея', maxPoints: 10 },
  { id: 2, name: 'Качество', maxPoints: 5 },
  { id: 3, name: 'Экология', maxPoints: 1 },
]

function form(values: Record<string, string>) {
  const data = new FormData()
  for (const [k, v] of Object.entries(values)) data.append(k, v)
  return data
}

const parse = (values: Record<string, string>) => parseWithZod(form(values), { schema: scoreFormSchema(criteria) })

describe('the score form', () => {
  it('takes whole points from 0 to each maximum and an optional comment', () => {
    const s = parse({ intent: 'score', c1: '10', c2: '0', c3: '1', comment: '  Хорошо  ' })
    expect(s.status).toBe('success')
    if (s.status !== 'success') return
    expect(pointsFromForm(s.value, criteria)).toEqual({ 1: 10, 2: 0, 3: 1 })
    expect(s.value.comment).toBe('Хорошо')
  })

  it.each([
    [{ c1: '11', c2: '3', c3: '1' }, 'c1', 'Оценка по критерию «Идея» — от 0 до 10 баллов'],
    [{ c1: '5', c2: '-1', c3: '1' }, 'c2', 'Оценка по критерию «Качество» — от 0 до 5 баллов'],
    [{ c1: '5', c2: '3', c3: '2' }, 'c3', 'Оценка по критерию «Экология» — от 0 до 1 балла'],
    [{ c1: '5', c2: '2.5', c3: '1' }, 'c2', 'Оценка по критерию «Качество» — целое число баллов'],
    [{ c1: 'пять', c2: '3', c3: '1' }, 'c1', 'Оценка по критерию «Идея» — от 0 до 10 баллов'],
    [{ c1: '5', c3: '1' }, 'c2', 'Поставьте оценку по критерию «Качество»'],
  ])('refuses %o beside %s', (values, field, message) => {
    const s = parse({ intent: 'score', ...values })
    expect(s.status).toBe('error')
    expect(s.reply().error?.[field]).toEqual([message])
  })

  it('refuses the whole form when it scores a criterion the entry is not scored on', () => {
    const s = parse({ intent: 'score', c1: '5', c2: '3', c3: '1', c4: '2' })
    expect(s.status).toBe('error')
    expect(s.reply().error?.['']?.[0]).toContain('по которому эта заявка не оценивается')
  })

  it('refuses a comment over 2000 characters', () => {
    const s = parse({ intent: 'score', c1: '5', c2: '3', c3: '1', comment: 'я'.repeat(2001) })
    expect(s.reply().error?.comment).toEqual(['Комментарий — не длиннее 2000 символов'])
  })
})

describe('points in words', () => {
  it('agrees the noun with the maximum', () => {
    expect(pointsRange(1)).toBe('от 0 до 1 балла')
    expect(pointsRange(5)).toBe('от 0 до 5 баллов')
    expect(pointsRange(21)).toBe('от 0 до 21 балла')
  })
})

describe('other jury forms', () => {
  it('asks for the reason of a recusal', () => {
    expect(parseWithZod(form({ intent: 'recuse', reason: '  ' }), { schema: RecusalSchema }).reply().error?.reason).toEqual(['Укажите причину самоотвода'])
    expect(parseWithZod(form({ intent: 'recuse', reason: 'Мой сосед' }), { schema: RecusalSchema }).status).toBe('success')
  })

  it('takes a proposal or its withdrawal', () => {
    expect(parseWithZod(form({ intent: 'propose', entryId: '4', note: 'Лучшая' }), { schema: ProposalSchema }).status).toBe('success')
    expect(parseWithZod(form({ intent: 'withdraw', entryId: '4' }), { schema: ProposalSchema }).status).toBe('success')
    expect(parseWithZod(form({ intent: 'propose', entryId: '-1' }), { schema: ProposalSchema }).reply().error?.entryId).toEqual(['Заявка не найдена'])
  })

  it('names the missing juror and entry of an extra assignment', () => {
    const error = parseWithZod(form({ intent: 'assign', stageId: '3', entry: '', jurorId: '' }), { schema: ExtraJurorSchema }).reply().error
    expect(error?.entry).toEqual(['Укажите номер заявки'])
    expect(error?.jurorId).toEqual(['Выберите члена жюри'])
  })
})
