/**
 * Bytes sent for one 3.4 MB, 12 MP phone JPEG (tests/fixtures/phone-jpeg.ts) chosen on the entry form,
 * with the page's downscaling before sending (app/modules/photos/send.client.ts) and without it (the
 * canvas made to fail in the page, so the original goes as chosen, by the same tus transport), in
 * Chromium on a phone profile whose upload is throttled to a slow 3G link (400 kbit/s, 400 ms, as
 * DevTools' «Slow 3G»; BENCH_UPLOAD_KBPS to change). Prints the size the tus client announced, the
 * offset the server reached, and the time from choosing the file to its answer.
 * Run after `npm run build`: npx tsx bench/upload-bytes.ts
 */
import { statSync } from 'node:fs'
import { launchBrowser } from '../tests/e2e/chromium'
import { choosePhoto, residentIn } from '../tests/e2e/phone-upload'
import { closeServerDb, seededContest, serverDb } from '../tests/factories-entries'
import { phoneJpegWithOrientation } from '../tests/fixtures/phone-jpeg'
import { startServer } from '../tests/setup/server'

const KBPS = Number(process.env.BENCH_UPLOAD_KBPS ?? 400)

const server = await startServer()
const browser = await launchBrowser()
try {
  const photo = await phoneJpegWithOrientation()
  const original = statSync(photo).size
  const { contest } = await seededContest(serverDb(server), 'snezhnyj-kalejdoskop')
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
  console.log(`photo: 12 MP JPEG, EXIF orientation 6, ${original} bytes (${kb(original)}); upload ${KBPS} kbit/s, latency 400 ms`)
  for (const downscale of [true, false]) {
    // The browser tests' phone (tests/e2e/browser.ts: phoneContext).
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ru-RU' })
    context.setDefaultTimeout(300_000)
    if (!downscale) {
      // No canvas can be encoded: browser-image-compression fails and the page sends the original.
      await context.addInitScript(() => {
        HTMLCanvasElement.prototype.toBlob = () => {
          throw new Error('bench: no downscaling')
        }
        if (typeof OffscreenCanvas !== 'undefined') {
          OffscreenCanvas.prototype.convertToBlob = () => Promise.reject(new Error('bench: no downscaling'))
        }
      })
    }
    await residentIn(context, server, `bench-upload-${downscale ? 'small' : 'original'}-${Date.now()}@example.ru`)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: (KBPS * 1000) / 8 })
    await page.goto(`${server.url}/contests/${contest.slug}/apply`)
    const sent = await choosePhoto(page, photo)
    console.log(
      `${downscale ? 'with downscaling   ' : 'without downscaling'}: sent ${sent.announced} bytes (${kb(sent.announced)}, ${((100 * sent.announced) / original).toFixed(0)} % of the file), ` +
        `server reached ${sent.received}; chosen → upload starts ${((sent.startedAt - sent.chosenAt) / 1000).toFixed(1)} s, → answered ${((sent.doneAt - sent.chosenAt) / 1000).toFixed(1)} s`,
    )
    await context.close()
  }
} finally {
  await browser.close()
  await closeServerDb(server)
  await server.stop()
}
