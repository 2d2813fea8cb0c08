/**
 * The two engines' schemas are one schema (docs/decisions/018-postgresql-second-engine.md): the SQLite
 * migrations applied to a fresh file and the PostgreSQL migrations applied to a fresh database must
 * give the same tables, columns (type class, nullability, default), primary keys, indexes, foreign keys
 * and check constraints, and the two drizzle schemas the same JS names and value types. A column added
 * to one schema only fails here with a line naming it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  getTableColumns,
  is,
  Relations,
  Table,
  type InferInsertModel,
  type InferSelectModel,
} from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import * as sqliteSchema from '../../db/schema'
import * as pgSchema from '../../db/schema-pg'
import { connectionConfig, createDatabase, dropDatabase, migratePostgres, postgresAvailable, runDatabaseNames } from '../setup/postgres'

const SQLITE_MIGRATIONS = path.resolve(import.meta.dirname, '../../db/migrations')

/**
 * Every fact about a schema, keyed so that the same fact has the same key on both engines:
 * `contest.slug` → `text not null`, `entry index entry_owner_idx` → `(owner_id)` …
 */
type Facts = Map<string, string>

/** The JS value a column holds, whatever the engine stores it as. */
type TypeClass = 'integer' | 'text' | 'real' | 'boolean' | 'instant' | 'json' | string

function columnFact(type: TypeClass, notNull: boolean, hasDefault: boolean, generated: boolean) {
  return [type, notNull ? 'not null' : 'null', hasDefault && 'default', generated && 'generated'].filter(Boolean).join(' ')
}

// SQLite stores instants and flags as integers and JSON as text: only the drizzle column says which.
const SQLITE_MODES: Record<string, TypeClass> = { SQLiteTimestamp: 'instant', SQLiteBoolean: 'boolean', SQLiteTextJson: 'json', SQLiteBlobJson: 'json' }

function sqliteDrizzleColumns(): Map<string, string> {
  const modes = new Map<string, string>()
  for (const value of Object.values(sqliteSchema)) {
    if (!is(value, SQLiteTable)) continue
    const config = getTableConfig(value)
    for (const column of config.columns) modes.set(`${config.name}.${column.name}`, column.columnType)
  }
  return modes
}

const ACTION = (action: string) => action.toLowerCase()

type SqliteColumn = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }
type SqliteIndex = { name: string; unique: number; origin: string; partial: number }
type SqliteIndexColumn = { name: string; desc: number; key: number; seqno: number }
type SqliteForeignKey = { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }

function sqliteFacts(file: string): Facts {
  const sqlite = new Database(file)
  try {
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: SQLITE_MIGRATIONS })
    const modes = sqliteDrizzleColumns()
    const facts: Facts = new Map()
    const tables = sqlite
      .prepare<[], { name: string; sql: string }>("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'")
      .all()
    for (const { name: table, sql } of tables) {
      facts.set(`table ${table}`, 'present')
      const columns = sqlite.prepare<[string], SqliteColumn>('select * from pragma_table_info(?)').all(table)
      const primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
      for (const c of columns) {
        const declared = c.type.toLowerCase()
        const type = SQLITE_MODES[modes.get(`${table}.${c.name}`) ?? ''] ?? declared
        // An INTEGER PRIMARY KEY is the rowid: SQLite assigns it (AUTOINCREMENT only stops reuse).
        const generated = primaryKey.length === 1 && c.pk === 1 && declared === 'integer'
        facts.set(`${table}.${c.name}`, columnFact(type, c.notnull === 1, c.dflt_value !== null, generated))
      }
      facts.set(`${table} primary key`, `(${primaryKey.map((c) => c.name).join(', ')})`)
      for (const index of sqlite.prepare<[string], SqliteIndex>('select * from pragma_index_list(?)').all(table)) {
        if (index.origin === 'pk') continue
        const keyColumns = sqlite
          .prepare<[string], SqliteIndexColumn>('select * from pragma_index_xinfo(?)')
          .all(index.name)
          .filter((c) => c.key === 1)
          .sort((a, b) => a.seqno - b.seqno)
          .map((c) => c.name + (c.desc ? ' desc' : ''))
        facts.set(`${table} index ${index.name}`, indexFact(index.unique === 1, keyColumns, index.partial === 1))
      }
      const foreignKeys = new Map<number, SqliteForeignKey[]>()
      for (const fk of sqlite.prepare<[string], SqliteForeignKey>('select * from pragma_foreign_key_list(?)').all(table)) {
        foreignKeys.set(fk.id, [...(foreignKeys.get(fk.id) ?? []), fk])
      }
      for (const parts of foreignKeys.values()) {
        parts.sort((a, b) => a.seq - b.seq)
        facts.set(
          `${table} foreign key (${parts.map((p) => p.from).join(', ')})`,
          foreignKeyFact(parts[0].table, parts.map((p) => p.to), ACTION(parts[0].on_delete), ACTION(parts[0].on_update)),
        )
      }
      // SQLite keeps check constraints only in the table's CREATE statement.
      let unnamed = 0
      for (const m of sql.matchAll(/(?:\bCONSTRAINT\s+[`"]?(\w+)[`"]?\s+)?\bCHECK\s*\(/gi)) facts.set(`${table} check ${m[1] ?? `unnamed #${++unnamed}`}`, 'present')
    }
    return facts
  } finally {
    sqlite.close()
  }
}

function indexFact(unique: boolean, columns: string[], partial: boolean) {
  return `${unique ? 'unique ' : ''}(${columns.join(', ')})${partial ? ' partial' : ''}`
}

function foreignKeyFact(target: string, columns: string[], onDelete: string, onUpdate: string) {
  return `references ${target}(${columns.join(', ')}) on delete ${onDelete} on update ${onUpdate}`
}

function pgTypeClass(dataType: string, precision: number | null): TypeClass {
  switch (dataType) {
    case 'integer':
    case 'bigint':
    case 'smallint':
      return 'integer'
    case 'text':
      return 'text'
    case 'double precision':
      return 'real'
    case 'boolean':
      return 'boolean'
    case 'jsonb':
      return 'json'
    case 'timestamp with time zone':
      // SQLite keeps milliseconds: a finer or coarser timestamp would not give back the same Date.
      return precision === 3 ? 'instant' : `timestamptz(${precision})`
    default:
      return dataType
  }
}

const PG_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }

async function postgresFacts(database: string): Promise<Facts> {
  const client = new pg.Client(connectionConfig(database))
  await client.connect()
  try {
    const facts: Facts = new Map()
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    )
    for (const { table_name } of tables.rows) facts.set(`table ${table_name}`, 'present')

    const columns = await client.query<{
      table_name: string
      column_name: string
      data_type: string
      is_nullable: 'YES' | 'NO'
      column_default: string | null
      is_identity: 'YES' | 'NO'
      datetime_precision: number | null
    }>(
      `select table_name, column_name, data_type, is_nullable, column_default, is_identity, datetime_precision
       from information_schema.columns where table_schema = 'public'`,
    )
    for (const c of columns.rows) {
      const serial = c.column_default?.startsWith('nextval(') ?? false
      facts.set(
        `${c.table_name}.${c.column_name}`,
        columnFact(pgTypeClass(c.data_type, c.datetime_precision), c.is_nullable === 'NO', c.column_default !== null && !serial, c.is_identity === 'YES' || serial),
      )
    }

    // Names, not regclass text: regclass quotes "user".
    const constraints = await client.query<{
      table: string
      name: string
      type: 'p' | 'f' | 'u' | 'c' | 'x'
      columns: string[]
      target: string | null
      target_columns: string[]
      on_delete: string
      on_update: string
    }>(
      `select t.relname as table, c.conname as name, c.contype as type,
         array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, i)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.i) as columns,
         r.relname as target,
         array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, i)
               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.i) as target_columns,
         c.confdeltype as on_delete, c.confupdtype as on_update
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid
       join pg_namespace n on n.oid = t.relnamespace
       left join pg_class r on r.oid = c.confrelid
       where n.nspname = 'public'`,
    )
    for (const c of constraints.rows) {
      if (c.type === 'p') facts.set(`${c.table} primary key`, `(${c.columns.join(', ')})`)
      else if (c.type === 'f')
        facts.set(`${c.table} foreign key (${c.columns.join(', ')})`, foreignKeyFact(c.target!, c.target_columns, PG_ACTIONS[c.on_delete], PG_ACTIONS[c.on_update]))
      else if (c.type === 'c') facts.set(`${c.table} check ${c.name}`, 'present')
      // Unique constraints are compared as the unique indexes behind them, below.
    }
    for (const { table_name } of tables.rows) if (!facts.has(`${table_name} primary key`)) facts.set(`${table_name} primary key`, '()')

    // pg_indexes lists unique constraints' indexes too, as SQLite's index_list lists its unique indexes.
    const indexes = await client.query<{ table: string; name: string; unique: boolean; partial: boolean; columns: string[] }>(
      `select x.tablename as table, x.indexname as name, ix.indisunique as unique, ix.indpred is not null as partial,
         array(select a.attname::text || case when ix.indoption[k.i - 1] & 1 = 1 then ' desc' else '' end
               from unnest(ix.indkey::int2[]) with ordinality k(attnum, i)
               join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum order by k.i) as columns
       from pg_indexes x
       join pg_class i on i.relname = x.indexname
       join pg_namespace n on n.oid = i.relnamespace and n.nspname = x.schemaname
       join pg_index ix on ix.indexrelid = i.oid
       where x.schemaname = 'public' and not ix.indisprimary`,
    )
    for (const i of indexes.rows) facts.set(`${i.table} index ${i.name}`, indexFact(i.unique, i.columns, i.partial))
    return facts
  } finally {
    await client.end()
  }
}

/** One readable line per fact that is not the same on both engines. */
function differences(sqlite: Facts, postgres: Facts): string[] {
  const keys = [...new Set([...sqlite.keys(), ...postgres.keys()])].sort()
  return keys.flatMap((key) => {
    const a = sqlite.get(key)
    const b = postgres.get(key)
    if (a === b) return []
    if (a === undefined) return [`${key}: only in PostgreSQL (${b})`]
    if (b === undefined) return [`${key}: only in SQLite (${a})`]
    return [`${key}: SQLite ${a} ≠ PostgreSQL ${b}`]
  })
}

const available = await postgresAvailable()

describe.skipIf(!available)('the schemas the two engines migrate to', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-parity-'))
  // A fresh database, not the run's template: this test is about what the migrations make.
  const database = `${runDatabaseNames().filePrefix}parity`
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true })
    await dropDatabase(database)
  })

  it('are the same, table for table and column for column', async () => {
    const sqlite = sqliteFacts(path.join(dir, 'app.db'))
    await createDatabase(database)
    await migratePostgres(database)
    const postgres = await postgresFacts(database)

    // Not an empty comparison: the SQLite migrations make every table db/schema defines.
    const schemaTables = Object.values(sqliteSchema)
      .filter((v) => is(v, SQLiteTable))
      .map((t) => `table ${getTableConfig(t).name}`)
    expect([...sqlite.keys()].filter((k) => k.startsWith('table ')).sort()).toEqual(schemaTables.sort())
    expect(differences(sqlite, postgres), 'SQLite (db/migrations) and PostgreSQL (db/migrations-pg) differ').toEqual([])
  })
})

function tables(schema: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([, v]) => is(v, Table))
      .map(([name, table]) => [name, Object.fromEntries(Object.entries(getTableColumns(table as Table)).map(([key, column]) => [key, column.name]))]),
  )
}

function relationsOf(schema: Record<string, unknown>) {
  const { tables } = extractTablesRelationalConfig(schema, createTableRelationsHelpers)
  return Object.fromEntries(
    Object.entries(tables).map(([name, t]) => [name, Object.fromEntries(Object.entries(t.relations).map(([key, r]) => [key, r.referencedTableName]))]),
  )
}

describe('the two drizzle schemas', () => {
  it('export the same names: tables, relations, enums and types', () => {
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort())
    const relationNames = (schema: Record<string, unknown>) => Object.keys(schema).filter((k) => is(schema[k], Relations))
    expect(relationNames(pgSchema).sort()).toEqual(relationNames(sqliteSchema).sort())
  })

  it('give each table the same JS column names for the same SQL columns, and the same relations', () => {
    expect(tables(pgSchema)).toEqual(tables(sqliteSchema))
    expect(relationsOf(pgSchema)).toEqual(relationsOf(sqliteSchema))
  })
})

// The same JS values on both engines, checked by the compiler (`npm run typecheck`): a table whose
// rows or inserts differ in type makes `sameTypes` fail to compile, naming the table.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type TableName = { [K in keyof typeof sqliteSchema]: (typeof sqliteSchema)[K] extends SQLiteTable ? K : never }[keyof typeof sqliteSchema]
type Differing = {
  [K in TableName]: K extends keyof typeof pgSchema
    ? Same<InferSelectModel<(typeof sqliteSchema)[K]>, InferSelectModel<(typeof pgSchema)[K]>> extends true
      ? Same<InferInsertModel<(typeof sqliteSchema)[K]>, InferInsertModel<(typeof pgSchema)[K]>> extends true
        ? never
        : K
      : K
    : K
}[TableName]
const sameTypes: [Differing] extends [never] ? true : { tablesWhoseTypesDiffer: Differing } = true
void sameTypes
