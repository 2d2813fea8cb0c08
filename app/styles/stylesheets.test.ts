import fs from 'node:fs'
import path from 'node:path'
import postcss, { type Rule } from 'postcss'
import { describe, expect, it } from 'vitest'

/**
 * The rules the stylesheets keep so that no area restyles another's UI: shared UI is styled once in
 * app.css, each area stylesheet styles only classes of its own, and every colour is a custom property
 * of app.css. A rule added to the wrong stylesheet (the red-on-red danger button came from three
 * stylesheets each styling `.button--danger`) fails here.
 */
const DIR = path.dirname(new URL(import.meta.url).pathname)
const APP = path.dirname(DIR)
const AREAS = ['entries', 'jury', 'organiser', 'results'] as const

type Selector = { rule: Rule; selector: string; subjectClasses: string[]; allClasses: string[] }

function parse(name: string) {
  const root = postcss.parse(fs.readFileSync(path.join(DIR, `${name}.css`), 'utf8'))
  const selectors: Selector[] = []
  root.walkRules((rule) => {
    for (const selector of rule.selectors) {
      const compounds = selector.trim().split(/\s*[\s>+~]\s*/)
      selectors.push({ rule, selector, subjectClasses: classesOf(compounds.at(-1)!), allClasses: classesOf(selector) })
    }
  })
  return { root, selectors }
}

const classesOf = (text: string) => [...text.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1])

const base = parse('app')
const baseClasses = new Set(base.selectors.flatMap((s) => s.subjectClasses))
const areas = Object.fromEntries(AREAS.map((area) => [area, parse(area)]))
/** An area's own classes: those its rules name that the base stylesheet does not style. */
const own = Object.fromEntries(
  AREAS.map((area) => [area, new Set(areas[area].selectors.flatMap((s) => s.allClasses).filter((c) => !baseClasses.has(c)))]),
)

/** Properties that decide how something looks against its background, as opposed to where it sits. */
const COLOUR_PROPERTY = /^(color|background|border|outline|fill|stroke|opacity|box-shadow|text-shadow|filter|accent-color|text-decoration)/
const COLOUR_LITERAL = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklch|oklab)\(|\b(white|black|red|blue|green|gray|grey)\b/i

describe('stylesheets', () => {
  it('name each area class in one area stylesheet only', () => {
    const shared: string[] = []
    for (const [i, a] of AREAS.entries()) {
      for (const b of AREAS.slice(i + 1)) for (const c of own[a]) if (own[b].has(c)) shared.push(`.${c}: ${a}.css and ${b}.css`)
    }
    expect(shared).toEqual([])
  })

  it('have no area rule that reaches beyond the area: every selector names one of its own classes', () => {
    const stray = AREAS.flatMap((area) =>
      areas[area].selectors.filter((s) => !s.allClasses.some((c) => own[area].has(c))).map((s) => `${area}.css: ${s.selector}`),
    )
    expect(stray).toEqual([])
  })

  it('let an area place shared UI inside its own blocks but never recolour it', () => {
    const recoloured = AREAS.flatMap((area) =>
      areas[area].selectors
        .filter((s) => s.subjectClasses.some((c) => baseClasses.has(c)))
        .flatMap((s) => s.rule.nodes.filter((d) => d.type === 'decl' && COLOUR_PROPERTY.test(d.prop)).map((d) => `${area}.css: ${s.selector} { ${d.toString()} }`)),
    )
    expect(recoloured).toEqual([])
  })

  it('take every colour from a custom property that app.css defines once', () => {
    const defined = new Set<string>()
    base.root.walkDecls(/^--/, (d) => void defined.add(d.prop))
    const problems: string[] = []
    for (const [name, sheet] of [['app', base], ...AREAS.map((a) => [a, areas[a]] as const)] as const) {
      sheet.root.walkDecls((d) => {
        const isToken = d.prop.startsWith('--') && name === 'app' && (d.parent as Rule).selector === ':root'
        if (!isToken && COLOUR_LITERAL.test(d.value.replace(/var\([^)]*\)/g, ''))) problems.push(`${name}.css: ${d.toString()}`)
        for (const [, used] of d.value.matchAll(/var\((--[\w-]+)/g)) if (!defined.has(used)) problems.push(`${name}.css: ${used} is not defined`)
      })
    }
    expect(problems).toEqual([])
  })
})

/** The class names a module writes in its className attributes: string literals and template text. */
function classNamesIn(source: string) {
  const names = new Set<string>()
  const add = (text: string) => {
    for (const name of text.split(/\s+/)) if (/^[a-z][\w-]*[a-z0-9]$/i.test(name)) names.add(name)
  }
  for (const m of source.matchAll(/className="([^"]*)"/g)) add(m[1])
  for (const m of source.matchAll(/className=\{/g)) {
    const start = m.index! + m[0].length
    let end = start
    for (let depth = 1; depth > 0 && end < source.length; end++) depth += source[end] === '{' ? 1 : source[end] === '}' ? -1 : 0
    const expression = source.slice(start, end - 1)
    for (const literal of expression.matchAll(/'([^']*)'|`([^`]*)`/g)) add((literal[1] ?? literal[2]).replace(/\$\{[^}]*\}/g, ' '))
  }
  // A component's default className (ActionButton's 'button button--secondary').
  for (const m of source.matchAll(/className = '([^']*)'/g)) add(m[1])
  return names
}

/** A module and the components it imports, and theirs. */
function withComponents(file: string, seen = new Set<string>()) {
  if (seen.has(file) || !fs.existsSync(file)) return seen
  seen.add(file)
  const source = fs.readFileSync(file, 'utf8')
  for (const m of source.matchAll(/from '(~\/components\/[^']+|\.\.?\/[^']+)'/g)) {
    const spec = m[1].startsWith('~/') ? path.join(APP, m[1].slice(2)) : path.resolve(path.dirname(file), m[1])
    for (const candidate of [`${spec}.tsx`, `${spec}.ts`]) if (candidate.includes(`${path.sep}components${path.sep}`)) withComponents(candidate, seen)
  }
  return seen
}

describe('the stylesheets each route links', () => {
  const routes = fs.readdirSync(path.join(APP, 'routes')).filter((f) => f.endsWith('.tsx') && !f.endsWith('.test.tsx'))

  it.each(routes)('%s links the areas whose classes it renders, and no other', (file) => {
    const route = path.join(APP, 'routes', file)
    const used = new Set<string>()
    for (const module of withComponents(route)) for (const name of classNamesIn(fs.readFileSync(module, 'utf8'))) used.add(name)
    const needed = AREAS.filter((area) => [...used].some((name) => own[area].has(name)))
    const linked = /export const links = areaStyles\(([^)]*)\)/.exec(fs.readFileSync(route, 'utf8'))?.[1].match(/[a-z]+/g) ?? []
    expect([...linked].sort()).toEqual(needed)
  })
})
