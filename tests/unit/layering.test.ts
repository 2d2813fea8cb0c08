/**
 * The layering rules of docs/STYLE: no cycles between the module folders under app/modules, db/
 * imports nothing from app/modules, and code the browser loads takes only types (never table code)
 * from the drizzle schema, whose enums and labels live in db/schema/enums.ts. Read from the source
 * with a regular expression: every import in this project is a plain string specifier.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SOURCE = /\.tsx?$/
const TEST = /\.test\.tsx?$/

function walk(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : SOURCE.test(d.name) ? [path.join(dir, d.name)] : []))
}

type Import = { from: string; to: string; typeOnly: boolean }

// import … from '…', export … from '…', import '…' and import('…'), over several lines too.
const IMPORT = /\b(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string): Import[] {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8')
  const found: Import[] = []
  for (const m of source.matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4]
    let to: string
    if (specifier.startsWith('~/')) to = path.join('app', specifier.slice(2))
    else if (specifier.startsWith('.')) to = path.join(path.dirname(file), specifier)
    else continue
    found.push({ from: file, to: path.normalize(to), typeOnly: m[2] !== undefined })
  }
  return found
}

const moduleOf = (file: string) => /^app\/modules\/([^/]+)\//.exec(`${file}/`)?.[1] ?? null

const productFiles = [...walk('app'), ...walk('db')].filter((f) => !TEST.test(f))
const imports = productFiles.flatMap(importsOf)
/** Tests, scripts and benchmarks too: they run the services on whichever engine the process has. */
const everywhere = [...walk('app'), ...walk('db'), ...walk('tests'), ...walk('scripts'), ...walk('bench'), 'server.ts'].flatMap(importsOf)

/** Every cycle of a directed graph, each once, as the list of its nodes (Johnson's idea, small graphs only). */
function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])].sort()
  const cycles: string[][] = []
  for (const start of nodes) {
    const visit = (node: string, trail: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (next === start) cycles.push([...trail])
        // Only cycles whose smallest node is `start`, so each is found once.
        else if (next > start && !trail.includes(next)) visit(next, [...trail, next])
      }
    }
    visit(start, [start])
  }
  return cycles
}

describe('the module folders', () => {
  const edges = new Map<string, Set<string>>()
  const witness = new Map<string, string>()
  for (const i of imports) {
    const a = moduleOf(i.from)
    const b = moduleOf(i.to)
    if (!a || !b || a === b) continue
    if (!edges.has(a)) edges.set(a, new Set())
    edges.get(a)!.add(b)
    witness.set(`${a}→${b}`, `${i.from} → ${i.to}`)
  }

  it('are read from the source (the reader sees what is known to be there)', () => {
    expect(edges.get('jury')).toContain('contests')
    expect(edges.get('entries')).toContain('photos')
  })

  it('import each other without cycles', () => {
    const described = cyclesOf(edges).map((cycle) =>
      [...cycle, cycle[0]]
        .slice(1)
        .map((to, k) => witness.get(`${cycle[k]}→${to}`))
        .join('; '),
    )
    expect(described).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['audit', new Set(['contests'])],
      ['contests', new Set(['jury', 'audit'])],
      ['jury', new Set(['contests'])],
      ['entries', new Set(['photos'])],
    ])
    expect(cyclesOf(graph)).toEqual([
      ['audit', 'contests'],
      ['contests', 'jury'],
    ])
  })
})

describe('db/', () => {
  it('imports nothing from app/modules, not even types', () => {
    const wrong = imports.filter((i) => i.from.startsWith('db/') && i.to.startsWith('app/modules/')).map((i) => `${i.from} → ${i.to}`)
    expect(wrong).toEqual([])
  })

  it('declares every enum of a table in db/schema/enums.ts, not inline in the table code', () => {
    const inline = walk('db/schema').filter((f) => /\benum:\s*\[/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))
    expect(inline).toEqual([])
  })

  it('lets the tables be taken from db/client.server.ts only, the engine’s own (docs/decisions/018): types and enums may come from the schema', () => {
    // The photo queue's PostgreSQL adapter is that engine's own code, as db/postgres.server.ts is (docs/decisions/020-…).
    const twins = ['db/client.server.ts', 'app/modules/photos/queue-postgres.server.ts', 'tests/postgres/', 'tests/setup/postgres-server.ts']
    const tables = (to: string) => /^db\/schema(-pg)?(\/(?!enums$)[\w-]+)?$/.test(to)
    const wrong = everywhere
      .filter((i) => !i.typeOnly && tables(i.to) && !twins.some((t) => i.from.startsWith(t)) && !/^db\/schema(-pg)?\//.test(i.from))
      .map((i) => `${i.from} → ${i.to}`)
    expect(wrong).toEqual([])
  })

  it('keeps the enums in a file that imports nothing', () => {
    expect(importsOf('db/schema/enums.ts')).toEqual([])
    expect(fs.readFileSync(path.join(ROOT, 'db/schema/enums.ts'), 'utf8')).not.toMatch(/\bimport\b/)
  })
})

describe('code the browser loads', () => {
  it('takes only types from the drizzle schema: values come from db/schema/enums.ts', () => {
    const browser = (f: string) => f.startsWith('app/') && !/\.server\.tsx?$/.test(f)
    const wrong = imports
      .filter((i) => browser(i.from) && !i.typeOnly && /^db\/(schema|client)/.test(i.to) && i.to !== path.normalize('db/schema/enums'))
      .map((i) => `${i.from} → ${i.to}`)
    expect(wrong).toEqual([])
  })
})
