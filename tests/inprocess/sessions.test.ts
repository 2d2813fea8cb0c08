/**
 * Sessions in the auth module, in process: the table keeps the hash of a session's id, never the id,
 * and one HTTP request reads its session once, however many loaders ask for it with their own copies
 * of the request (the server runs each request inside withRequestSessions).
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { schema, type DB } from '../../db/client.server'
import { currentSessionHandle, getUser, listSessions, requireUser, withRequestSessions } from '../../app/utils/auth.server'
import { hashSecret } from '../../app/utils/secret-token.server'
import { makeUser } from '../factories'
import { openAppDatabase, sessionCookie } from '../setup/in-process'

let db: DB
beforeAll(() => {
  db = openAppDatabase()
})

/** A request as Remix hands one to a loader: a copy of its own, with the browser's cookie. */
const copyOf = (cookie: string) => new Request('http://konkurs.test/cabinet', { headers: { cookie } })

describe('sessions', () => {
  it('are stored by the hash of their id, and named on pages by the start of that hash', async () => {
    const user = await makeUser(db, { email: 'hash@example.ru' })
    const cookie = await sessionCookie(user.id)
    const id = cookie.split('=')[1]
    const rows = await db.select({ id: schema.session.id }).from(schema.session).where(eq(schema.session.userId, user.id))
    expect(rows).toEqual([{ id: hashSecret(id) }])
    const [listed] = await listSessions(user.id)
    expect(listed.handle).toBe(await currentSessionHandle(copyOf(cookie)))
    expect(listed.handle).not.toContain(id)
  })

  it('are looked up once per request, whichever loader asks first', async () => {
    const user = await makeUser(db, { email: 'once@example.ru', roles: ['organiser'] })
    const cookie = await sessionCookie(user.id)
    await withRequestSessions(async () => {
      const first = await getUser(copyOf(cookie))
      expect(first.user).toMatchObject({ id: user.id, email: 'once@example.ru', roles: ['organiser'] })
      // Were the session looked up again, this second loader would find it gone.
      await db.delete(schema.session).where(eq(schema.session.userId, user.id))
      expect(await requireUser(copyOf(cookie))).toEqual(first.user)
    })
    // The next request reads it anew.
    await withRequestSessions(async () => expect((await getUser(copyOf(cookie))).user).toBeNull())
  })
})
