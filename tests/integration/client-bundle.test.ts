/**
 * No drizzle table code reaches the browser: pages need the enums and their labels (db/schema/enums.ts),
 * never the tables, and a stray value import of a table file pulls drizzle's column builders into a chunk
 * every page of that area downloads. Reads the built client (`npm run build` first, as npm test does).
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ASSETS = 'build/client/assets'

// Drizzle marks each of its classes with this symbol key; it survives minification.
const DRIZZLE = 'drizzle:entityKind'
// SQL names of tables, in the quotes drizzle's table definitions put them in.
const TABLE_NAMES = ['"user_role"', '"jury_assignment"', '"entry_field_value"', '"result_publication"']

function chunks() {
  if (!fs.existsSync(ASSETS)) throw new Error('No build: run `npm run build` first (npm test does).')
  return fs
    .readdirSync(ASSETS)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(ASSETS, f), 'utf8') }))
}

describe('the browser bundle', () => {
  it('holds no drizzle table code', () => {
    const all = chunks()
    expect(all.length).toBeGreaterThan(10)
    const withDrizzle = all.filter((c) => c.text.includes(DRIZZLE) || TABLE_NAMES.some((t) => c.text.includes(t))).map((c) => c.name)
    expect(withDrizzle).toEqual([])
  })

  it('still carries the labels pages show, from the enums file', () => {
    expect(chunks().some((c) => c.text.includes('Снята с конкурса'))).toBe(true)
  })
})
