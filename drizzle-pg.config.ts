import { defineConfig } from 'drizzle-kit'

/** The PostgreSQL engine's migrations (docs/decisions/018-…): `npm run db:generate:pg`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg/index.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/konkurs' },
})
