/** Russian formatting shared by the server and the browser: dates in the city's zone, plurals, numbers. */
import { APPLICATION_WORDS } from '../../db/schema/enums'

export const CITY_TIME_ZONE = 'Asia/Novokuznetsk'

/** The city's offset from UTC: Asia/Novokuznetsk has been UTC+7 all year since 2014, with no summer time. */
export const CITY_UTC_OFFSET_HOURS = 7
export const CITY_UTC_OFFSET_MS = CITY_UTC_OFFSET_HOURS * 3_600_000

const pluralRules = new Intl.PluralRules('ru')

/** Picks the form for n: forms are [one, few, many], e.g. ['житель', 'жителя', 'жителей']. */
export function plural(n: number, forms: readonly [string, string, string]) {
  if (!Number.isInteger(n)) return forms[1]
  const category = pluralRules.select(n)
  if (category === 'one') return forms[0]
  if (category === 'few') return forms[1]
  return forms[2]
}

// Russian print groups digits from five on: «1125 жителей», «15 012 балконов».
const numberFormat = new Intl.NumberFormat('ru-RU', { useGrouping: 'min2' })

/** 1125 → «1125», 15012 → «15 012» (with a non-breaking space). */
export function formatNumber(n: number) {
  return numberFormat.format(n)
}

/** A score, a total or a spread as the protocol and the pages print it: up to three decimals, «—» for none. */
export function formatScore(n: number | null | undefined) {
  return n === null || n === undefined ? '—' : formatNumber(n)
}

/** The words the pages count most, in the forms plural() picks: [one, few, many]. */
export const NOUNS = {
  entry: APPLICATION_WORDS.entryForms,
  photo: ['фотография', 'фотографии', 'фотографий'],
  participant: ['участник', 'участника', 'участников'],
  nomination: ['номинация', 'номинации', 'номинаций'],
  contest: ['конкурс', 'конкурса', 'конкурсов'],
  organisation: ['организация', 'организации', 'организаций'],
  vote: ['голос', 'голоса', 'голосов'],
  /** People who voted in a people's choice vote. */
  voter: ['житель', 'жителя', 'жителей'],
} as const satisfies Record<string, readonly [string, string, string]>

/** «1125 жителей», with the number formatted. */
export function countOf(n: number, forms: readonly [string, string, string]) {
  return `${formatNumber(n)} ${plural(n, forms)}`
}

const dateTimeFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: CITY_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})
const dateFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: CITY_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})

export function formatDateTime(d: Date | number | string) {
  return dateTimeFormat.format(new Date(d))
}

export function formatDate(d: Date | number | string) {
  return dateFormat.format(new Date(d))
}

/** «2027-03-01T18:00» entered in the city's zone (as from <input type="datetime-local">) → the UTC instant. */
export function parseCityDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!m) return null
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[]
  const utc = Date.UTC(y, mo - 1, d, h, mi, s || 0) - CITY_UTC_OFFSET_MS
  const back = new Date(utc + CITY_UTC_OFFSET_MS)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null
  return new Date(utc)
}

/** The UTC instant → «2027-03-01T18:00» in the city's zone, for <input type="datetime-local">. */
export function toCityInputValue(d: Date | number | null | undefined) {
  if (d == null) return ''
  const local = new Date(new Date(d).getTime() + CITY_UTC_OFFSET_MS)
  return local.toISOString().slice(0, 16)
}

/** «осталось 3 дня», «осталось 5 часов», «меньше часа» until `until`. */
export function timeLeft(until: Date | number, now: Date | number = Date.now()) {
  const ms = new Date(until).getTime() - new Date(now).getTime()
  if (ms <= 0) return null
  const hours = Math.floor(ms / 3_600_000)
  const days = Math.floor(hours / 24)
  if (days >= 1) return `${plural(days, ['остался', 'осталось', 'осталось'])} ${countOf(days, ['день', 'дня', 'дней'])}`
  if (hours >= 1) return `${plural(hours, ['остался', 'осталось', 'осталось'])} ${countOf(hours, ['час', 'часа', 'часов'])}`
  return 'осталось меньше часа'
}

/** The last day entries are taken: a contest closes at midnight that ends its closing day, so show the day before. */
export function formatClosingDay(closesAt: Date | number | string) {
  return formatDate(new Date(closesAt).getTime() - 1)
}

const PAIRS: Record<string, string> = { '«': '»', '„': '“', '“': '”', '"': '"' }

/** Whether the opening quote at the start closes only at the very end: «Звезда» yes, «Звезда» и «Память» no. */
function wrappedWhole(text: string) {
  const open = text[0]
  const close = PAIRS[open]
  if (!close || text.length < 2 || text[text.length - 1] !== close) return false
  if (open === close) return !text.slice(1, -1).includes(open)
  let depth = 0
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === open) depth++
    else if (text[i] === close) depth--
    if (depth === 0) return false
  }
  return true
}

/**
 * A title (of a contest, a nomination, an entry, a stage, a criterion) in Russian quotes, wherever one
 * is printed or written: organisers often type the quotes themselves, so a title that is already quoted
 * as a whole is not quoted again, and quotes inside become „лапки“, as Russian typography nests them.
 */
export function quoted(title: string) {
  let text = title.trim()
  while (wrappedWhole(text)) text = text.slice(1, -1).trim()
  return `«${text.replaceAll('«', '„').replaceAll('»', '“')}»`
}
