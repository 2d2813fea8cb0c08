/**
 * Which age category a person, and an entry, belongs to: the one rule the results (each category is
 * ranked apart within a nomination) and the statistics (participants by age) read.
 * Pure, so the browser and the tests may use it.
 */
import type { AgeCategory } from '../../../db/schema/contests'

/** The index of the first of the contest's categories whose ages hold `age`; null without an age or outside them all. */
export function ageCategoryIndex(categories: readonly AgeCategory[], age: number | null | undefined): number | null {
  if (age === null || age === undefined) return null
  const index = categories.findIndex((k) => age >= k.minAge && (k.maxAge === null || age <= k.maxAge))
  return index === -1 ? null : index
}

/**
 * The category an entry competes in: its eldest author's (docs/decisions/021). A family or a class with
 * an adult among its authors competes with adults, so that a child working alone never meets a team an
 * adult helped. Authors without an age are left out; null when no author's age is known, or the eldest
 * is in no category.
 */
export function entryAgeCategoryIndex(categories: readonly AgeCategory[], ages: readonly (number | null | undefined)[]): number | null {
  const known = ages.filter((a): a is number => typeof a === 'number')
  return known.length ? ageCategoryIndex(categories, Math.max(...known)) : null
}

/** The group of entries whose category cannot be told (no age given): ranked apart too, after the categories. */
export const NO_AGE_CATEGORY = 'Возраст не указан'
