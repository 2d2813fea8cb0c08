/** Enumerations the browser needs too: this file imports nothing, so route components can use it without pulling in drizzle. */
export const ROLES = ['resident', 'operator', 'juror', 'organiser', 'admin'] as const
export type Role = (typeof ROLES)[number]
