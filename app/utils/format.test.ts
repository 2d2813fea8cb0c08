import { describe, expect, it } from 'vitest'
import { cityClock, cityDay } from '../../db/city-day'
import {
  CITY_TIME_ZONE,
  CITY_UTC_OFFSET_HOURS,
  CITY_UTC_OFFSET_MS,
  countOf,
  formatClosingDay,
  formatDateTime,
  parseCityDateTime,
  plural,
  quoted,
  timeLeft,
  toCityInputValue,
} from './format'

const RESIDENTS = ['житель', 'жителя', 'жителей'] as const

describe('plural', () => {
  it.each([
    [1, 'житель'],
    [2, 'жителя'],
    [5, 'жителей'],
    [11, 'жителей'],
    [12, 'жителей'],
    [21, 'житель'],
    [22, 'жителя'],
    [111, 'жителей'],
    [1125, 'жителей'],
    [0, 'жителей'],
  ])('%i → %s', (n, form) => expect(plural(n, RESIDENTS)).toBe(form))

  it('groups digits as Russian print does: from five digits on', () => {
    expect(countOf(15012, ['балкон', 'балкона', 'балконов']).replace(/\s/g, ' ')).toBe('15 012 балконов')
    expect(countOf(1125, RESIDENTS)).toBe('1125 жителей')
  })
})

describe('dates in Asia/Novokuznetsk', () => {
  it('reads a local date-time as UTC+7 and writes it back', () => {
    const d = parseCityDateTime('2027-03-01T00:00')!
    expect(d.toISOString()).toBe('2027-02-28T17:00:00.000Z')
    expect(toCityInputValue(d)).toBe('2027-03-01T00:00')
    expect(formatDateTime(d)).toContain('1 марта 2027')
  })

  it('uses one offset that agrees with the zone the pages format dates in, all year', () => {
    const offsetOf = (at: Date) => {
      const name = new Intl.DateTimeFormat('en-US', { timeZone: CITY_TIME_ZONE, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value
      return Number(name.replace('GMT', '') || 0)
    }
    for (const month of [0, 3, 6, 9]) expect(offsetOf(new Date(Date.UTC(2027, month, 15, 12)))).toBe(CITY_UTC_OFFSET_HOURS)
    expect(CITY_UTC_OFFSET_MS).toBe(CITY_UTC_OFFSET_HOURS * 3_600_000)
    // The demo seed reads the city's day through the same constant.
    expect(cityClock(new Date('2027-02-28T17:00:00Z'))).toBe(toCityInputValue(new Date('2027-02-28T17:00:00Z')) + ':00')
    expect(cityDay(new Date('2027-02-28T17:30:00Z'), 0).toISOString()).toBe(parseCityDateTime('2027-03-01T00:00')!.toISOString())
  })

  it('refuses impossible dates', () => {
    expect(parseCityDateTime('2027-02-30T10:00')).toBeNull()
    expect(parseCityDateTime('2027-03-01T24:00')).toBeNull()
    expect(parseCityDateTime('01.03.2027')).toBeNull()
  })

  it('shows the closing day as the last day entries are taken', () => {
    expect(formatClosingDay(parseCityDateTime('2027-04-16T00:00')!)).toBe('15 апреля 2027 г.')
  })

  it('says how long is left with the right word', () => {
    const now = new Date('2027-01-01T00:00:00Z')
    expect(timeLeft(new Date('2027-01-02T01:00:00Z'), now)).toBe('остался 1 день')
    expect(timeLeft(new Date('2027-01-04T00:00:00Z'), now)).toBe('осталось 3 дня')
    expect(timeLeft(new Date('2027-01-06T00:00:00Z'), now)).toBe('осталось 5 дней')
    expect(timeLeft(new Date('2027-01-01T05:30:00Z'), now)).toBe('осталось 5 часов')
    expect(timeLeft(new Date('2027-01-01T00:10:00Z'), now)).toBe('осталось меньше часа')
    expect(timeLeft(new Date('2026-12-31T00:00:00Z'), now)).toBeNull()
  })
})

describe('quoted', () => {
  it.each([
    ['Звезда Памяти', '«Звезда Памяти»'],
    ['«Звезда Памяти»', '«Звезда Памяти»'],
    ['««Звезда Памяти»»', '«Звезда Памяти»'],
    [' "Звезда Памяти" ', '«Звезда Памяти»'],
    ['„Звезда Памяти“', '«Звезда Памяти»'],
    ['Конкурс «Звезда Памяти»', '«Конкурс „Звезда Памяти“»'],
    ['«Звезда» и «Память»', '«„Звезда“ и „Память“»'],
  ])('%s → %s', (title, expected) => {
    expect(quoted(title)).toBe(expected)
  })
})
