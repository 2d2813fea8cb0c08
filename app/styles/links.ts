import type { LinksFunction } from '@remix-run/node'
import entries from './entries.css?url'
import jury from './jury.css?url'
import organiser from './organiser.css?url'
import results from './results.css?url'

const AREA_STYLESHEETS = { entries, jury, organiser, results }

export type StyleArea = keyof typeof AREA_STYLESHEETS

/**
 * A route's `links`: the stylesheets of the areas whose classes the route renders. The root links the
 * base stylesheet (shared UI) for every page, so a page loads no other area's rules.
 */
export function areaStyles(...areas: StyleArea[]): LinksFunction {
  return () => areas.map((area) => ({ rel: 'stylesheet', href: AREA_STYLESHEETS[area] }))
}
