/**
 * A resident on a throttled phone chooses a 12 MP, 3 MB photo the camera stored on its side (EXIF
 * orientation 6): the page downscales it before sending (far fewer bytes travel), shows a labelled
 * progress bar for it while it travels, and the photo the server then serves is upright and no larger
 * than its largest variant.
 */
import { statSync } from 'node:fs'
import sharp from 'sharp'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { phoneJpegWithOrientation, PHONE_JPEG } from '../fixtures/phone-jpeg'
import { seededContest, serverDb, closeServerDb, settledPhoto } from '../factories-entries'
import { startServer, type TestServer } from '../setup/server'
import { expectAccessible, launchBrowser, phoneContext } from './browser'
import { choosePhoto, residentIn } from './phone-upload'
import { VARIANT_LONG_EDGE } from '../../app/modules/photos/view'

let server: TestServer
let browser: Browser
let photo: string

beforeAll(async () => {
  ;[server, browser, photo] = await Promise.all([startServer(), launchBrowser(), phoneJpegWithOrientation()])
})
afterAll(async () => {
  await browser?.close()
  if (server) await closeServerDb(server)
  await server?.stop()
})

describe('a photo chosen on a phone', () => {
  it('is downscaled before it is sent, with a progress bar of its own, and is served upright', async () => {
    const { contest } = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
    const { context, problems } = await phoneContext(browser)
    await residentIn(context, server, `e2e-downscale-${Date.now()}@example.ru`)
    const page = await context.newPage()
    // A slow mobile link's upload speed, so that the bar is seen while the photo travels.
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1_000_000, uploadThroughput: 150_000 })
    await page.goto(`${server.url}/contests/${contest.slug}/apply`)

    const sent = await choosePhoto(page, photo, async () => {
      const bar = page.getByRole('progressbar', { name: /^Фотография 1: отправлено \d+ %$/ })
      await bar.waitFor()
      await expectAccessible(page)
    })
    const original = statSync(photo).size
    expect(original).toBeGreaterThan(2.5 * 1024 * 1024)
    // What travelled is the downscaled file, all of it, and a fraction of the original.
    expect(sent.received).toBe(sent.announced)
    expect(sent.announced).toBeLessThan(original / 3)
    // The target for a 3 MB phone JPEG.
    expect(sent.announced).toBeLessThanOrEqual(800 * 1024)

    const row = await settledPhoto(server, sent.photoId)
    expect(row.status, row.failure ?? '').toBe('ready')
    // Upright: portrait, never upscaled past the largest variant, the red block top-left.
    expect([row.width, row.height]).toEqual([(VARIANT_LONG_EDGE.full * PHONE_JPEG.uprightWidth) / PHONE_JPEG.uprightHeight, VARIANT_LONG_EDGE.full])
    const full = await page.request.get(`${server.url}/resources/photos/${sent.photoId}/full`)
    expect(full.status()).toBe(200)
    const { data, info } = await sharp(await full.body()).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height]).toEqual([row.width, row.height])
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)]
    const near = (rgb: number[], want: number[]) => rgb.every((v, i) => Math.abs(v - want[i]) < 40)
    const inBlock = Math.round((PHONE_JPEG.block / PHONE_JPEG.uprightWidth) * info.width) >> 1
    expect(near(at(inBlock, inBlock), [255, 0, 0]), `top-left ${at(inBlock, inBlock).join(',')}`).toBe(true)
    expect(near(at(info.width - inBlock, inBlock), [0, 160, 0]), `top-right ${at(info.width - inBlock, inBlock).join(',')}`).toBe(true)
    expect(near(at(info.width - inBlock, info.height - inBlock), [0, 0, 255]), 'bottom-right').toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })
})
