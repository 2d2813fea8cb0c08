import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { expect } from 'vitest'
import { DEMO } from '../setup/server'

export { launchBrowser } from './chromium'

/** A phone-sized context (360 px wide, as an old Android) that records every CSP violation and page error. */
export async function phoneContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  })
  context.setDefaultTimeout(15_000)
  const problems: string[] = []
  context.on('page', (page) => watch(page, problems))
  if (options.javaScriptEnabled === false) noScriptContexts.add(context)
  return { context, problems }
}

const noScriptContexts = new WeakSet<BrowserContext>()

function watch(page: Page, problems: string[]) {
  page.on('console', (msg) => {
    // A 400 or 404 the test asked for is not a problem; a CSP refusal or a script error is.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text())
  })
  page.on('pageerror', (err) => problems.push(err.message))
}

const require = createRequire(import.meta.url)
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Runs axe-core in the page (through the DevTools protocol, so the page's own CSP stays on)
 * and fails on any serious or critical violation, and on any colour-contrast item axe leaves for
 * review (see contrastProblems). A page opened with JavaScript off cannot run axe:
 * its HTML, exactly as received, is checked in a scripted page at the same address.
 */
export async function expectAccessible(page: Page) {
  if (noScriptContexts.has(page.context())) {
    const html = await page.content()
    const url = page.url()
    const checker = await page.context().browser()!.newContext({ viewport: { width: 360, height: 740 } })
    const copy = await checker.newPage()
    await copy.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }))
    await copy.goto(url)
    await expectAccessible(copy)
    await checker.close()
    return
  }
  const { violations, undecided } = await runAxe(page)
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious, `${page.url()}: ${JSON.stringify(serious, null, 2)}`).toEqual([])
  const contrast = await decideContrast(page, undecided)
  expect(contrast, `${page.url()}: colour contrast axe could not pass`).toEqual([])
}

type AxeNode = { target: string; html: string; messageKey: string }

/** axe's violations, and the colour-contrast nodes it files under "needs review" (incomplete). */
async function runAxe(page: Page, include?: string[]) {
  await page.evaluate(axeSource)
  return page.evaluate(async (include) => {
    type Node = { target: string[]; html: string; any: { data?: { messageKey?: string } | null }[] }
    type Result = { id: string; impact: string; help: string; nodes: Node[] }
    const context = include ? { include: include.map((selector) => [selector]) } : document
    const options = include ? { runOnly: ['color-contrast'], resultTypes: ['violations', 'incomplete'] } : { resultTypes: ['violations', 'incomplete'] }
    // @ts-expect-error axe is injected above
    const result = (await window.axe.run(context, options)) as { violations: Result[]; incomplete: Result[] }
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
      })),
      undecided: result.incomplete
        .filter((r) => r.id === 'color-contrast')
        .flatMap((r) => r.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), messageKey: n.any[0]?.data?.messageKey ?? 'default' }))),
    }
  }, include)
}

/**
 * Decides every colour-contrast item axe left for review, instead of ignoring them. A 1:1 ratio
 * ("equalRatio": text the colour of its background, as the red-on-red danger buttons were) fails as it is.
 * Anything else axe could not compute (a background image or gradient, an overlapping or partly hidden
 * element, an image inside, text too short to judge, alpha) is measured on the rendered page: the
 * element is photographed with its text made transparent, and its text colour must reach the WCAG
 * ratio against the pixels behind it (all but the 10 % least favourable, which are anti-aliasing and focus rings).
 */
async function decideContrast(page: Page, nodes: AxeNode[]) {
  const problems: { target: string; html: string; reason: string }[] = []
  for (const node of nodes) {
    if (node.messageKey === 'equalRatio') {
      problems.push({ ...node, reason: 'text and background have the same colour (1:1)' })
      continue
    }
    const measured = await renderedContrast(page, node.target)
    if (!measured) problems.push({ ...node, reason: `${node.messageKey}: not rendered, cannot be measured` })
    else if (measured.ratio < measured.required) problems.push({ ...node, reason: `${node.messageKey}: rendered contrast ${measured.ratio.toFixed(2)}:1 < ${measured.required}:1` })
  }
  return problems
}

/** Fails on axe's colour-contrast violations and undecided items among the elements the selectors match. */
export async function contrastProblems(page: Page, selectors: string[]) {
  const { violations, undecided } = await runAxe(page, selectors)
  return [...violations.map((v) => ({ target: v.targets.join(', '), html: '', reason: v.help })), ...(await decideContrast(page, undecided))]
}

export type RGBA = [number, number, number, number]

function luminance([r, g, b]: RGBA | number[]) {
  const channel = (c: number) => {
    const v = c / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/** The WCAG 2 contrast ratio of two opaque colours. */
export function contrastRatio(a: RGBA | number[], b: RGBA | number[]) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** A colour with alpha laid over an opaque one. */
export function over(top: RGBA, under: RGBA): RGBA {
  const a = top[3]
  return [0, 1, 2].map((i) => Math.round(top[i] * a + under[i] * (1 - a))).concat(1) as RGBA
}

export function parseColour(css: string): RGBA {
  const m = /rgba?\(([^)]+)\)/.exec(css)
  if (!m) throw new Error(`Unexpected computed colour ${css}`)
  const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean)
  return [Number(r), Number(g), Number(b), Number(a)]
}

/** WCAG: 3:1 for large text (24 px, or 18.66 px bold), 4.5:1 otherwise. */
export const requiredRatio = (fontSizePx: number, fontWeight: number) => (fontSizePx >= 24 || (fontSizePx >= 18.66 && fontWeight >= 700) ? 3 : 4.5)

async function renderedContrast(page: Page, selector: string) {
  const element = page.locator(selector).first()
  if (!(await element.isVisible())) return null
  await element.scrollIntoViewIfNeeded()
  // CSSOM changes are not style attributes or elements, so the page's CSP allows them.
  const probe = await element.evaluate((node: HTMLElement) => {
    const s = getComputedStyle(node)
    const px = (v: string) => parseFloat(v) || 0
    const rect = node.getBoundingClientRect()
    // Read before the text is hidden: a computed style is live.
    const measured = {
      color: s.color,
      fontSize: px(s.fontSize),
      fontWeight: Number(s.fontWeight) || 400,
      width: rect.width,
      inset: {
        left: px(s.borderLeftWidth) + px(s.paddingLeft),
        top: px(s.borderTopWidth) + px(s.paddingTop),
        right: px(s.borderRightWidth) + px(s.paddingRight),
        bottom: px(s.borderBottomWidth) + px(s.paddingBottom),
      },
    }
    for (const el of [node, ...node.querySelectorAll<HTMLElement>('*')]) {
      el.dataset.contrastSaved = el.style.cssText
      el.style.setProperty('color', 'transparent', 'important')
      el.style.setProperty('-webkit-text-fill-color', 'transparent', 'important')
      el.style.setProperty('text-shadow', 'none', 'important')
      el.style.setProperty('text-decoration-color', 'transparent', 'important')
    }
    return measured
  })
  const shot = await element.screenshot({ animations: 'disabled', caret: 'hide' })
  await element.evaluate((node: HTMLElement) => {
    for (const el of [node, ...node.querySelectorAll<HTMLElement>('*')]) {
      el.style.cssText = el.dataset.contrastSaved ?? ''
      delete el.dataset.contrastSaved
    }
  })
  const image = sharp(shot)
  const { width = 0, height = 0 } = await image.metadata()
  const scale = probe.width > 0 ? width / probe.width : 1
  const left = Math.round(probe.inset.left * scale)
  const top = Math.round(probe.inset.top * scale)
  const inner = { left, top, width: width - left - Math.round(probe.inset.right * scale), height: height - top - Math.round(probe.inset.bottom * scale) }
  const area = inner.width > 0 && inner.height > 0 ? inner : { left: 0, top: 0, width, height }
  if (area.width <= 0 || area.height <= 0) return null
  const { data, info } = await image.extract(area).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const pixels: number[][] = []
  for (let i = 0; i < data.length; i += info.channels) pixels.push([data[i], data[i + 1], data[i + 2]])
  const median = [...pixels].sort((a, b) => luminance(a) - luminance(b))[pixels.length >> 1]
  const fg = over(parseColour(probe.color), [median[0], median[1], median[2], 1])
  const ratios = pixels.map((p) => contrastRatio(fg, p)).sort((a, b) => a - b)
  return { ratio: ratios[Math.floor(ratios.length * 0.1)], required: requiredRatio(probe.fontSize, probe.fontWeight) }
}

/** The page fits a 360 px phone: nothing makes it scroll sideways. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0)
}

/** Signs a demo account in through the login form and waits for where it lands (`/cabinet`, or `redirectTo`). */
export async function logInAs(page: Page, baseUrl: string, email: string, redirectTo?: string) {
  await page.goto(`${baseUrl}/login${redirectTo ? `?redirectTo=${redirectTo}` : ''}`)
  await page.getByLabel('Электронная почта').fill(email)
  await page.getByLabel('Пароль').fill(DEMO.password)
  await page.getByRole('button', { name: 'Войти' }).click()
  await page.waitForURL(`**${redirectTo ?? '/cabinet'}`)
}

/**
 * The throttled phone of issue #15 (its pages and uploads measured there): a slow 3G link (400 ms
 * round trip, 400 kbit/s each way, as Chrome's «Slow 3G») and a CPU four times slower. With JavaScript
 * off too: it is the link and the processor, not the page's scripts.
 */
export async function throttleAsSlowPhone(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
}
