/**
 * One rule, one place: each rule below has one definition, and this test fails when a second copy
 * appears anywhere in the product's source (app/, db/, server.ts, scripts/, bench/) — the way the
 * copies that disagreed came about. Each pattern is checked to still find its definition, so that a
 * pattern gone stale cannot pass silently.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')

function walk(dir: string): string[] {
  const full = path.join(ROOT, dir)
  if (!fs.statSync(full).isDirectory()) return [dir]
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : []))
}

const files = ['app', 'db', 'server.ts', 'scripts', 'bench']
  .flatMap(walk)
  .filter((f) => !/\.test\.tsx?$/.test(f))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(ROOT, f), 'utf8') }))

/** Files whose source matches the pattern. */
const filesMatching = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.file)

/** `declared`: files that may name the rule's input without computing it (the environment's schema). */
type Rule = { rule: string; home: string; patterns: RegExp[]; declared?: string[] }

const RULES: Rule[] = [
  {
    rule: 'the entry number «ТТР-0412»: formatting, parsing and «без номера»',
    home: 'app/modules/contests/entry-number.ts',
    patterns: [
      /padStart\(\s*4\b/,
      /без номера/,
      /function\s+\w*entry_?number\w*\s*[(<]/i,
      // A regular expression reading digits after a prefix: «(\p{L}+)…(\d{1,9})».
      /\\p\{L\}[^\n]*\\d\{1,/,
    ],
  },
  {
    rule: 'which criteria score a nomination',
    home: 'app/modules/contests/criteria.ts',
    patterns: [/function\s+criteriaFor\w*/, /own\.length\s*(?:>\s*0\s*)?\?\s*own\s*:/],
  },
  {
    rule: 'entry and contest status labels',
    home: 'db/schema/enums.ts',
    // A status mapped to a Russian word, as a label map has it (state transitions map to statuses).
    patterns: [/\b(?:disqualified|withdrawn):\s*'[А-ЯЁа-яё]/, /'Снята/, /\b(?:announced|archived):\s*'[А-ЯЁа-яё]/],
  },
  {
    rule: 'the public base URL',
    home: 'app/utils/public-url.server.ts',
    patterns: [/\bAPP_URL\b/, /new URL\(\s*request(?:Url|\.url)\s*\)\.origin/],
    declared: ['app/utils/env.server.ts'],
  },
  {
    rule: 'how a number, a weight or a score is printed for people',
    home: 'app/utils/format.ts',
    patterns: [/toLocaleString\(\s*['"]ru/, /new Intl\.NumberFormat\(/],
  },
  {
    rule: 'the city’s UTC offset',
    home: 'app/utils/format.ts',
    patterns: [/\bCITY_UTC_OFFSET_HOURS\s*=/, /\b7\s*\*\s*(?:60\s*\*\s*60|3_?600_?000)\b/, /\b25_?200_?000\b/, /UTC\+7|GMT\+7|\+07:?00/],
  },  {
    rule: 'a title in quotes, never quoted twice',
    home: 'app/utils/format.ts',
    // Guillemets around a title or a name put in by hand, in a template or in JSX (a file's name is not a title).
    patterns: [/function\s+quoted\b/, /«\$?\{[\w.]*(?:(?<!file)\.name|\.title|Title|nominationName|\.nomination)\}»/],
  },
  {
    rule: 'a one-time secret sent by e-mail: made, kept as a hash, compared in constant time',
    home: 'app/utils/secret-token.server.ts',
    patterns: [/\btimingSafeEqual\b/, /randomBytes\(\s*32\s*\)/, /createHash\(\s*'sha256'\s*\)\.update\(\s*(?:token|secret|code)\b/],
  },
  {
    rule: 'a query is awaited and a transaction is opened by transaction() (docs/decisions/019)',
    home: 'db/sqlite-transaction.server.ts',
    // better-sqlite3's synchronous calls and drizzle's synchronous transaction bypass the lock that
    // keeps another request out of an open transaction, and do not exist on PostgreSQL.
    patterns: [/\bBEGIN IMMEDIATE\b/, /\.transaction\(/, /\.(?:all|get|run)\(\s*\)/, /\.sync\(\)/],
    // The page cache's change counter, PostgreSQL's own transactions and benchmarks' raw reads (of
    // another checkout's database too, whose schema may differ).
    declared: ['db/client.server.ts', 'db/postgres.server.ts', 'bench/page-weight.ts', 'bench/engine-run.ts', 'bench/heic-latency.ts'],
  },
]

describe('one rule, one place', () => {
  describe.each(RULES)('$rule', ({ home, patterns, declared = [] }) => {
    it.each(patterns.map((p) => [String(p), p] as const))('%s is written only in its home', (_, pattern) => {
      expect(filesMatching(pattern).filter((f) => f !== home && !declared.includes(f))).toEqual([])
    })

    it(`is defined in ${home}`, () => {
      const text = fs.readFileSync(path.join(ROOT, home), 'utf8')
      const found = patterns.filter((p) => p.test(text))
      expect(found.length).toBeGreaterThan(0)
    })
  })

  it('each rule is read through its one export by the services that need it', () => {
    const importers = (specifier: RegExp) => filesMatching(specifier)
    expect(importers(/import \{[^}]*\bcriteriaForNomination\b[^}]*\} from '[./~\w]*\/criteria'/)).toEqual(
      expect.arrayContaining([
        'app/modules/jury/scoring.server.ts',
        'app/modules/jury/progress.server.ts',
        'app/modules/results/results.server.ts',
        'app/modules/contests/organiser.server.ts',
      ]),
    )
    expect(importers(/import \{[^}]*\bformatEntryNumber\b[^}]*\} from '[./~\w]*\/entry-number'/)).toEqual(
      expect.arrayContaining([
        'app/modules/entries/entries.server.ts',
        'app/modules/entries/gallery.server.ts',
        'app/modules/entries/moderation.server.ts',
        'app/modules/jury/queue.server.ts',
        'app/modules/jury/decisions.server.ts',
        'app/modules/results/results.server.ts',
        'app/modules/photos/photos.server.ts',
      ]),
    )
    expect(importers(/\bpublicBaseUrl\(request\)/).length).toBeGreaterThanOrEqual(5)
  })

  it('a page limits a text input by the length its schema allows, never by a number of its own', () => {
    const pages = files.filter((f) => f.file.startsWith('app/routes/'))
    expect(pages.filter((f) => /maxLength:\s*\d/.test(f.text)).map((f) => f.file)).toEqual([])
    // The limits pages read are the ones the schemas check.
    expect(filesMatching(/maxLength:\s*TEXT_LIMITS\./).length).toBeGreaterThanOrEqual(6)
  })
})
