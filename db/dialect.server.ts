/**
 * The few pieces of SQL that differ between the engines (docs/decisions/018), written once here so
 * that a service's query reads the same on both.
 */
import { sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm'
import { engine } from './client.server'

/** The values of a column across a group, joined by commas (SQLite's group_concat, PostgreSQL's string_agg). */
export function joinedValues(expression: SQLWrapper): SQL<string | null> {
  return engine === 'postgres' ? sql`string_agg(cast(${expression} as text), ',')` : sql`group_concat(${expression})`
}

/** A literal true or false (SQLite has 1 and 0 behind the keywords; PostgreSQL will not compare a boolean with an integer). */
export const literal = (value: boolean) => sql.raw(value ? 'true' : 'false')

/**
 * The column contains `text`, ignoring case where the engine can: PostgreSQL's ilike for every
 * letter. SQLite's like ignores the case of Latin letters only, so the text is also tried as people
 * write Russian names and titles: in lower case, with a capital first letter, with capitals on each word.
 */
export function containsText(column: AnyColumn, text: string): SQL {
  const pattern = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  if (engine === 'postgres') return sql`${column} ilike ${pattern(text)} escape '\\'`
  const lower = text.toLocaleLowerCase('ru')
  const upperFirst = (t: string) => t.charAt(0).toLocaleUpperCase('ru') + t.slice(1)
  const variants = [...new Set([text, lower, upperFirst(lower), lower.replace(/(^|[\s-])(\p{L})/gu, (_, space: string, letter: string) => space + letter.toLocaleUpperCase('ru'))])]
  return sql`(${sql.join(
    variants.map((v) => sql`${column} like ${pattern(v)} escape '\\'`),
    sql` or `,
  )})`
}

/** Whether a failed query broke a unique index (SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505), however drizzle wrapped it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ('code' in e && (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === '23505')) return true
  }
  return false
}
