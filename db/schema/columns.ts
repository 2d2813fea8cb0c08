import { integer } from 'drizzle-orm/sqlite-core'

/** Instants are stored as UTC milliseconds and read back as Date. */
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' })
export const createdAt = () =>
  instant('created_at')
    .notNull()
    .$defaultFn(() => new Date())
export const flag = (name: string) => integer(name, { mode: 'boolean' })
