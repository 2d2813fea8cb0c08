import { execFileSync } from 'node:child_process'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, schema } from '../../db/client.server'
import { Client, ownDatabase, startServer, type TestServer } from '../setup/server'

const servers: TestServer[] = []
afterAll(async () => {
  for (const s of servers) await s.stop()
})

describe('first start', () => {
  it('seeds an empty database and prints the demo accounts with their password', async () => {
    const server = await startServer({}, { seedAtStart: true })
    servers.push(server)
    const out = server.output()
    expect(out).toContain('Демо-данные загружены: 6 конкурсов города.')
    for (const email of ['resident@demo.konkurs', 'operator@demo.konkurs', 'juror@demo.konkurs', 'organiser@demo.konkurs', 'admin@demo.konkurs']) {
      expect(out).toMatch(new RegExp(`${email.replace('.', '\\.')}\\s+Konkurs-2027`))
    }
  })

  it('creates the administrator from the configuration, without demo data, and marks the session cookie Secure by default', async () => {
    const server = await startServer({ SEED_DEMO: 'false', ADMIN_EMAIL: 'chief@kemerovo.ru', ADMIN_PASSWORD: 'Glavnyj-2027', COOKIE_SECURE: undefined })
    servers.push(server)
    expect(server.output()).toContain('Создан администратор chief@kemerovo.ru')
    expect(server.output()).not.toContain('Демо')
    const admin = new Client(server.url)
    const login = await admin.login('chief@kemerovo.ru', 'Glavnyj-2027')
    expect(login.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(/; Secure/i)
    expect((await admin.get('/admin/users')).status).toBe(200)
    const home = await (await new Client(server.url).get('/')).text()
    expect(home).toContain('Сейчас нет объявленных конкурсов')
  })
})

describe('npm run create-admin (the built script)', () => {
  it('creates an administrator who can log in, and grants the role to an existing account', async () => {
    const own = await ownDatabase()
    const run = (args: string[]) =>
      execFileSync(process.execPath, ['build/scripts/create-admin.js', ...args], {
        env: { ...process.env, ...own.env, ADMIN_PASSWORD: 'Nadezhnyj-2027' },
        encoding: 'utf8',
      })
    expect(run(['--email', 'Boss@Kemerovo.ru', '--name', 'Главная Анна Петровна'])).toContain('Администратор создан: boss@kemerovo.ru')
    expect(run(['--email', 'boss@kemerovo.ru'])).toContain('Роль администратора выдана')
    const db = openDatabase(own.target)
    const roles = await db
      .select({ role: schema.userRole.role })
      .from(schema.userRole)
      .innerJoin(schema.user, eq(schema.user.id, schema.userRole.userId))
      .where(eq(schema.user.email, 'boss@kemerovo.ru'))
      .orderBy(schema.userRole.role)
    await closeDatabase(db)
    expect(roles).toEqual([{ role: 'admin' }, { role: 'resident' }])

    const server = await startServer({ ...own.env, SEED_DEMO: 'false' })
    servers.push(server)
    const admin = new Client(server.url)
    await admin.login('boss@kemerovo.ru', 'Nadezhnyj-2027')
    expect((await admin.get('/admin/users')).status).toBe(200)
    await server.stop()
    await own.remove()
  })
})
