import { boolean, timestamp } from 'drizzle-orm/pg-core'

/**
 * The PostgreSQL counterparts of db/schema/columns.ts, with the same JS values: an instant is a
 * timestamptz read back as Date, to the millisecond as SQLite keeps it; a flag is a boolean.
 */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 })
export const createdAt = () =>
  instant('created_at')
    .notNull()
    .$defaultFn(() => new Date())
export const flag = (name: string) => boolean(name)
