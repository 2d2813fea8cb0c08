import { describe, expect, it } from 'vitest'
import { describeAuditChange } from '../audit/labels'
import { moveItem } from './positions'
import { slugify } from './validation'

describe('slugify', () => {
  it('spells addresses the way the city’s own are spelled', () => {
    expect(slugify('Тепло твоих рук — 2027')).toBe('teplo-tvoih-ruk-2027')
    expect(slugify('Снежный калейдоскоп')).toBe('snezhnyj-kalejdoskop')
    expect(slugify('Лучший комитет ТОС')).toBe('luchshij-komitet-tos')
    expect(slugify('Количество снежных фигур', '_')).toBe('kolichestvo_snezhnyh_figur')
    expect(slugify('«»!')).toBe('')
  })
})

describe('moveItem', () => {
  const list = [{ id: 7 }, { id: 3 }, { id: 9 }]
  it('swaps with the neighbour and renumbers from zero', () => {
    expect(moveItem(list, 3, 'up')).toEqual([{ id: 3, position: 0 }, { id: 7, position: 1 }, { id: 9, position: 2 }])
    expect(moveItem(list, 3, 'down')).toEqual([{ id: 7, position: 0 }, { id: 9, position: 1 }, { id: 3, position: 2 }])
  })
  it('does nothing at the ends or for an unknown item', () => {
    expect(moveItem(list, 7, 'up')).toBeNull()
    expect(moveItem(list, 9, 'down')).toBeNull()
    expect(moveItem(list, 42, 'up')).toBeNull()
  })
})

describe('describeAuditChange', () => {
  it('reads dates, statuses, flags and age categories in Russian', () => {
    expect(
      describeAuditChange(
        'contest',
        { status: 'draft', closesAt: '2027-04-15T17:00:00.000Z', teamsAllowed: true },
        { status: 'announced', closesAt: '2027-04-20T17:00:00.000Z', teamsAllowed: false, ageCategories: [{ name: 'Взрослые', minAge: 18, maxAge: null }] },
      ),
    ).toEqual([
      { field: 'Состояние', before: 'Черновик', after: 'Объявлен' },
      { field: 'Окончание приёма заявок', before: '16 апреля 2027 г. в 00:00', after: '21 апреля 2027 г. в 00:00' },
      { field: 'Коллективные заявки', before: 'да', after: 'нет' },
      { field: 'Возрастные категории', before: null, after: 'Взрослые: от 18' },
    ])
  })
})
