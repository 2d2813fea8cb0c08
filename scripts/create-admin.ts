/**
 * Creates an administrator, or grants the role to an existing account.
 * npm run create-admin -- --email admin@example.ru --name "Фамилия Имя" (the password is asked for, or taken from ADMIN_PASSWORD)
 */
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { closeDatabase, getDb, migrateDatabase, schema } from '../db/client.server'
import { createUser, findUserByEmail } from '../app/modules/accounts/accounts.server'
import { EmailSchema, FullNameSchema, PasswordSchema } from '../app/modules/accounts/validation'

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } })

async function ask(question: string) {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return await rl.question(question)
  } finally {
    rl.close()
  }
}

await migrateDatabase()
const email = EmailSchema.parse(values.email ?? (await ask('E-mail администратора: ')))
const existing = await findUserByEmail(email)
if (existing) {
  await getDb().insert(schema.userRole).values({ userId: existing.id, role: 'admin' }).onConflictDoNothing()
  console.log(`Роль администратора выдана: ${email}`)
} else {
  const fullName = FullNameSchema.parse(values.name ?? (await ask('ФИО: ')))
  const parsed = PasswordSchema.safeParse(process.env.ADMIN_PASSWORD ?? (await ask('Пароль (не короче 8 символов, буквы и цифры): ')))
  if (!parsed.success) {
    console.error(parsed.error.issues[0]?.message)
    process.exit(1)
  }
  await createUser({ fullName, email, password: parsed.data, roles: ['resident', 'admin'] })
  console.log(`Администратор создан: ${email}`)
}
await closeDatabase(getDb())
