/**
 * Every loader and action of a route that is not public asks the permission map: a static reading of
 * app/routes, so that a new route, or a new loader on an old one, cannot forget to.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROUTES_DIR = path.resolve(__dirname, '../../app/routes')

/** Open to everyone, each for a reason; nothing in them needs an account. */
const PUBLIC: Record<string, string> = {
  '$.tsx': 'the 404 page',
  '_index.tsx': 'the home page',
  'contests.$slug.tsx': 'a contest and its rules',
  'contests.$slug_.gallery.tsx': 'the public gallery',
  'contests.$slug_.entries.$number.tsx': 'an entry of the public gallery',
  'contests.$slug_.results.tsx': 'published results',
  'diplomas._index.tsx': 'checking a diploma by its number',
  'diplomas.$number.tsx': 'checking a diploma by its QR code',
  'statistics._index.tsx': 'published statistics',
  'statistics.$year.tsx': 'published statistics',
  'resources.statistics.$year[.]csv.ts': 'published statistics',
  'resources.statistics.$year[.]xlsx.ts': 'published statistics',
  'login.tsx': 'for guests',
  'register.tsx': 'for guests',
  'forgot-password.tsx': 'asking for a reset letter: whoever forgot the password cannot sign in',
  'reset-password.$token.tsx': 'the letter’s link is the proof of who asks (app/modules/accounts/tokens.server.ts)',
  'verify-email.$token.tsx': 'the letter’s link is the proof of who asks, opened on any device',
  'claim._index.tsx': 'the printed receipt’s entry number and code are the proof of who asks (app/modules/entries/claim.server.ts)',
  'claim.$token.tsx': 'the claim letter’s link is the proof of who asks',
  'logout.tsx': 'ends whatever session there is',
  'invitations.$token.tsx': 'a juror invited by e-mail may have no account yet (accepting with one asks the map)',
  'hello.tsx': 'the benchmark route',
  'privacy.tsx': 'the privacy policy, read before registering',
  'accessibility.tsx': 'the accessibility statement',
  'contacts.tsx': 'the contacts',
}

/** Who may see which photo is decided by the photo access function in app/modules/photos, not by these routes. */
const isPhotoRoute = (file: string) => file === 'resources.photos.$photoId.$size.tsx'

/** Calls that ask the map: requirePermission itself, or a guard built on it (checked below). */
const GUARDS = ['requirePermission(', 'requireOrganiserContest(']

const routeFiles = readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))

/** The top-level functions of a module, by name: `function x(` … up to the closing brace at column 0. */
function topLevelFunctions(source: string) {
  const functions = new Map<string, string>()
  const pattern = /^(?:export )?(?:async )?function (\w+)\b[\s\S]*?^\}/gm
  for (const match of source.matchAll(pattern)) functions.set(match[1], match[0])
  for (const match of source.matchAll(/^(?:export )?const (\w+) = (?:async )?\([\s\S]*?^\}\)?/gm)) functions.set(match[1], match[0])
  return functions
}

/** Whether the function asks the map, itself or through a function of the same file it calls. */
function asksPermission(name: string, functions: Map<string, string>, seen = new Set<string>()): boolean {
  const body = functions.get(name)
  if (!body || seen.has(name)) return false
  seen.add(name)
  if (GUARDS.some((guard) => body.includes(guard))) return true
  return [...functions.keys()].some((other) => other !== name && new RegExp(`\\b${other}\\(`).test(body) && asksPermission(other, functions, seen))
}

function handlers(file: string) {
  const functions = topLevelFunctions(readFileSync(path.join(ROUTES_DIR, file), 'utf8'))
  return { functions, names: ['loader', 'action'].filter((name) => functions.has(name)) }
}

describe('routes and the permission map', () => {
  it('reads every route file and finds the loaders and actions', () => {
    expect(routeFiles.length).toBeGreaterThan(50)
    expect(handlers('organiser.contests.$contestId.jury.tsx').names).toEqual(['loader', 'action'])
    expect(handlers('jury._index.tsx').names).toEqual(['loader'])
  })

  it('lists only routes that exist as public', () => {
    for (const file of Object.keys(PUBLIC)) expect(routeFiles, file).toContain(file)
    expect(routeFiles.filter(isPhotoRoute).length).toBeGreaterThan(0)
  })

  it.each(routeFiles.filter((f) => !(f in PUBLIC) && !isPhotoRoute(f)))('%s: every loader and action asks the map', (file) => {
    const { functions, names } = handlers(file)
    expect(names.length, `${file} has neither loader nor action`).toBeGreaterThan(0)
    for (const name of names) expect(asksPermission(name, functions), `${file}: ${name} does not ask requirePermission`).toBe(true)
  })

  it('builds the organiser contest guard on requirePermission', () => {
    const source = readFileSync(path.resolve(__dirname, '../../app/modules/contests/organiser.server.ts'), 'utf8')
    expect(topLevelFunctions(source).get('requireOrganiserContest')).toMatch(/await requirePermission\(request, action\)/)
  })

  it('notices a loader that forgets to ask', () => {
    const functions = topLevelFunctions(`export async function loader({ request }) {\n  const user = await requireUser(request)\n  return open(user)\n}\n\nfunction open(user) {\n  return user\n}\n`)
    expect(asksPermission('loader', functions)).toBe(false)
    const guarded = topLevelFunctions(`export async function action({ request }) {\n  return open(request)\n}\n\nasync function open(request) {\n  return requirePermission(request, 'jury.score')\n}\n`)
    expect(asksPermission('action', guarded)).toBe(true)
  })
})
