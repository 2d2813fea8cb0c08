/**
 * Transactions on the engine of the run (SQLite in `npm test`, PostgreSQL in `npm run test:postgres`):
 * ordinary ones run alone; those that name what they write (`alongside`) run side by side on
 * PostgreSQL, one after another when they name the same thing, and never beside an ordinary one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, engine, migrateDatabase, openDatabase, schema, transaction, type DB } from '../../db/client.server'
import { ownDatabase } from '../setup/server'

let own: Awaited<ReturnType<typeof ownDatabase>>
let db: DB
beforeAll(async () => {
  own = await ownDatabase()
  db = openDatabase(own.target)
  // On PostgreSQL the pool gives each transaction a connection of its own, as two instances would have.
  await migrateDatabase(db)
})
afterAll(async () => {
  if (db) await closeDatabase(db)
  await own?.remove()
})

/** A transaction that writes, then stays open until released. */
function held(alongside?: string) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let begun!: () => void
  const started = new Promise<void>((resolve) => (begun = resolve))
  const done = transaction(
    db,
    async (tx) => {
      await tx.insert(schema.district).values({ name: `Район ${Math.random()}`, kind: 'district' })
      begun()
      await released
    },
    { alongside },
  )
  return { started, release, done }
}

/** Whether `p` settles while other work gets a chance to run (a little while; a false «no» is impossible). */
async function settlesSoon(p: Promise<unknown>) {
  let settled = false
  void p.finally(() => (settled = true))
  await new Promise((resolve) => setTimeout(resolve, 150))
  return settled
}

describe(`transactions on ${engine}`, () => {
  it('runs an ordinary transaction only after one that is open has ended', async () => {
    const first = held('evaluation:1')
    await first.started
    const ordinary = transaction(db, async (tx) => await tx.insert(schema.district).values({ name: 'Обычная', kind: 'district' }))
    expect(await settlesSoon(ordinary)).toBe(false)
    first.release()
    await first.done
    await ordinary
  })

  it('runs transactions alongside one another when they write different things, and in turn when the same', async () => {
    const first = held('evaluation:2')
    await first.started
    const same = transaction(db, async () => undefined, { alongside: 'evaluation:2' })
    const other = transaction(db, async (tx) => await tx.insert(schema.district).values({ name: 'Рядом', kind: 'district' }), { alongside: 'evaluation:3' })
    expect(await settlesSoon(same)).toBe(false)
    // PostgreSQL lets the other one through while the first is open; SQLite has one writer.
    expect(await settlesSoon(other)).toBe(engine === 'postgres')
    first.release()
    await Promise.all([first.done, same, other])
  })

  it('keeps transactions alongside one another waiting while an ordinary one is open', async () => {
    const ordinary = held()
    await ordinary.started
    const alongside = transaction(db, async () => undefined, { alongside: 'evaluation:4' })
    expect(await settlesSoon(alongside)).toBe(false)
    ordinary.release()
    await Promise.all([ordinary.done, alongside])
  })
})
