import { CITY_UTC_OFFSET_MS } from '../app/utils/format'

/** Midnight (or a given hour) in Asia/Novokuznetsk, `days` from the city-local date of `now`. */
export function cityDay(now: Date, days: number, hour = 0) {
  const local = new Date(now.getTime() + CITY_UTC_OFFSET_MS)
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour) - CITY_UTC_OFFSET_MS)
}

/** The year in Kemerovo at this instant. */
export function cityYear(now: Date) {
  return new Date(now.getTime() + CITY_UTC_OFFSET_MS).getUTCFullYear()
}

/** The city's wall-clock time of an instant as an ISO string without zone, e.g. 2026-07-15T13:45:12. */
export function cityClock(at: Date) {
  return new Date(at.getTime() + CITY_UTC_OFFSET_MS).toISOString().slice(0, 19)
}
