import fs from 'node:fs'
import path from 'node:path'

/** The shared fixtures from outside the project, read where they lie (never copied into the repository). */
export const FIXTURES_DIR = path.resolve(process.env.FIXTURES_DIR ?? '../shared/fixtures')

export function fixturesAvailable(sub = '') {
  const ok = fs.existsSync(path.join(FIXTURES_DIR, sub))
  if (!ok) console.warn(`[fixtures] ${path.join(FIXTURES_DIR, sub)} is absent: tests on the shared fixtures are skipped`)
  return ok
}

export function fixturePath(...parts: string[]) {
  return path.join(FIXTURES_DIR, ...parts)
}
