import { eq } from 'drizzle-orm'
import { getDb, migrateDatabase, schema, firstRow } from '../../db/client.server'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seed } from '../../db/seed'
import { createUser } from '../modules/accounts/accounts.server'
import { ROLE_LABELS } from '../modules/accounts/validation'
import { storePhoto } from '../modules/photos/pipeline.server'
import { getEnv } from './env.server'

/**
 * Run once before the server listens: migrations (SQLite's by opening the database), the demo data
 * when the database has no contests yet, and the first administrator from the configuration.
 */
export async function prepareDatabase(log: (line: string) => void = console.log) {
  const env = getEnv()
  const db = getDb()
  await migrateDatabase(db)
  if (env.SEED_DEMO === 'true') {
    const empty = !await firstRow(db.select({ id: schema.contest.id }).from(schema.contest).limit(1))
    if (empty) {
      const result = await seed(db, new Date(), { storePhoto })
      log(`Демо-данные загружены: ${result.contestsAdded} конкурсов города.`)
      const { entriesAdded, photosStored } = result.judging
      if (entriesAdded) log(`Жюри ждут ${entriesAdded} принятых заявок с ${photosStored} фотографиями; демо-член жюри уже назначен.`)
    }
    log('Демо-учётные записи (пароль у всех одинаковый):')
    for (const a of DEMO_ACCOUNTS) log(`  ${ROLE_LABELS[a.role].padEnd(14)} ${a.email.padEnd(26)} ${DEMO_PASSWORD}`)
  }
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const existing = await firstRow(db.select().from(schema.user).where(eq(schema.user.email, env.ADMIN_EMAIL.toLowerCase())))
    if (!existing) {
      await createUser({ fullName: 'Администратор', email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, roles: ['resident', 'admin'] })
      log(`Создан администратор ${env.ADMIN_EMAIL}`)
    }
  }
}
