import fs from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

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
 * and fails on any serious or critical violation. A page opened with JavaScript off cannot run axe:
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
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { resultTypes: ['violations'] })
    return (result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
    }))
  })
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious, `${page.url()}: ${JSON.stringify(serious, null, 2)}`).toEqual([])
}

/** The page fits a 360 px phone: nothing makes it scroll sideways. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${page.url()} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0)
}
