/**
 * PostgreSQL behind the services' one query API (docs/decisions/018).
 *
 * - The handle the services get is the pool's drizzle database seen through a proxy: inside a
 *   transaction (found by AsyncLocalStorage, like the SQLite lock in sqlite-transaction.server.ts)
 *   every query made through it, or through `getDb()`, runs on the transaction's connection, as on
 *   SQLite's one connection; other requests' queries use the pool.
 * - Transactions that write run one at a time across every instance: each takes one transaction-level
 *   advisory lock first, which keeps the services' read-then-write steps (the next entry number, the
 *   publication's checks) as safe as under SQLite's single writer. Reads are never held.
 * - The page cache's change signal: every table has a statement trigger that NOTIFYs at commit; each
 *   process LISTENs on a connection of its own and counts what it hears.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'

type PgDatabase = NodePgDatabase<Record<string, unknown>> & { $client: pg.Pool }
type Handle = { root: PgDatabase; proxy: PgDatabase; listener: ChangeListener }
type Open = { root: PgDatabase; tx: PgDatabase }

const MIGRATIONS = path.resolve(process.cwd(), 'db/migrations-pg')
/** The one advisory lock that write transactions take (any fixed number; «konkurs» in ASCII). */
const WRITE_LOCK = 0x6b6f6e6b
/** The space of the locks a transaction that runs alongside others of its kind takes on what it writes. */
const ALONGSIDE_LOCKS = 0x6b6f6e

export const CHANGE_CHANNEL = 'konkurs_changed'

/** On globalThis, as the SQLite lock's state is: the server's entry and the app's build each bundle this module. */
const state = ((globalThis as Record<symbol, unknown>)[Symbol.for('konkurs.postgres')] ??= {
  current: new AsyncLocalStorage<Open>(),
  handles: new WeakMap<object, Handle>(),
}) as { current: AsyncLocalStorage<Open>; handles: WeakMap<object, Handle> }
const { current, handles } = state

/** Whether a handle is a PostgreSQL one. */
export const isPostgres = (db: object) => handles.has(db)

function handle(db: object): Handle {
  const h = handles.get(db)
  if (!h) throw new Error('Not a PostgreSQL database handle')
  return h
}

/** A pool to `url` and its handle. Pool size: PG_POOL_MAX (10). */
export function openPostgres(url: string, schema: Record<string, unknown>): PgDatabase {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) })
  // An idle connection's error (the server restarted) must not end the process; the next query reconnects.
  pool.on('error', (error) => console.error('PostgreSQL pool:', error.message))
  const root = drizzle(pool, { schema }) as PgDatabase
  const proxy = new Proxy(root, {
    get(target, property) {
      const open = current.getStore()
      const source = open && open.root === target ? open.tx : target
      if (property === '$client') return target.$client
      const value = Reflect.get(source, property, source)
      return typeof value === 'function' ? value.bind(source) : value
    },
  })
  const h: Handle = { root, proxy, listener: new ChangeListener(url) }
  handles.set(proxy, h)
  return proxy
}

/**
 * Runs `body` in a transaction (a savepoint inside another). It takes the write lock alone, or, with
 * `alongside`, shares it with the others of its kind and takes alone only the lock of what it writes.
 */
export function inPostgresTransaction<T>(db: object, body: () => Promise<T> | T, alongside?: string): Promise<T> {
  const { root } = handle(db)
  const open = current.getStore()
  if (open?.root === root) return open.tx.transaction((sp) => current.run({ root, tx: sp as unknown as PgDatabase }, async () => await body()))
  return root.transaction(async (tx) => {
    await tx.execute(
      alongside
        ? sql`select pg_advisory_xact_lock_shared(${WRITE_LOCK}), pg_advisory_xact_lock(${ALONGSIDE_LOCKS}::integer, hashtext(${alongside}))`
        : sql`select pg_advisory_xact_lock(${WRITE_LOCK})`,
    )
    return current.run({ root, tx: tx as unknown as PgDatabase }, async () => await body())
  })
}

/** Applies db/migrations-pg, puts the change trigger on every table and starts listening for changes. */
export async function migratePostgres(db: object) {
  const { root, listener } = handle(db)
  await migrate(root, { migrationsFolder: MIGRATIONS })
  await root.execute(sql.raw(CHANGE_TRIGGERS))
  await listener.start()
}

export async function closePostgres(db: object) {
  const { root, listener } = handle(db)
  await listener.stop()
  await root.$client.end()
}

/** The change counter as a string; before the listener hears anything, a value no page is kept under. */
export function postgresVersion(db: object) {
  return handle(db).listener.version()
}

/** Tables no page shows, whose writes must not make every instance render its pages anew: the rate limits' counters. */
const UNWATCHED = ['rate_limit']

/** A statement trigger on every table of the public schema, sending one notification per committed transaction (PostgreSQL folds identical ones). */
const CHANGE_TRIGGERS = `
create or replace function konkurs_notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('${CHANGE_CHANNEL}', '');
  return null;
end $$;
do $$
declare t record;
begin
  for t in select tablename from pg_tables where schemaname = 'public' and tablename not in (${UNWATCHED.map((t) => `'${t}'`).join(', ')}) loop
    execute format('create or replace trigger konkurs_changed after insert or update or delete or truncate on %I for each statement execute function konkurs_notify_change()', t.tablename);
  end loop;
end $$;`

/** One connection of its own that LISTENs; reconnects after losing the server, counting the gap as a change. */
class ChangeListener {
  private client: pg.Client | null = null
  private counter = 0
  private listening = false
  private stopped = false
  private retry: NodeJS.Timeout | null = null

  constructor(private readonly url: string) {}

  version() {
    return this.listening ? `pg.${this.counter}` : `pg.unsure.${++this.counter}`
  }

  async start() {
    if (this.client || this.stopped) return
    const client = new pg.Client({ connectionString: this.url })
    this.client = client
    client.on('notification', () => this.counter++)
    client.on('error', () => this.lost(client))
    client.on('end', () => this.lost(client))
    try {
      await client.connect()
      await client.query(`listen ${CHANGE_CHANNEL}`)
      this.counter++
      this.listening = true
    } catch {
      this.lost(client)
    }
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return
    this.client = null
    this.listening = false
    this.counter++
    client.end().catch(() => {})
    if (!this.stopped) this.retry ??= setTimeout(() => ((this.retry = null), void this.start()), 1_000)
  }

  async stop() {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    const client = this.client
    this.client = null
    this.listening = false
    await client?.end().catch(() => {})
  }
}
