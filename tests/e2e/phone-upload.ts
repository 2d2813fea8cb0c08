/**
 * Choosing a photo on the entry form of a phone page and watching what travels: the size the tus
 * client announces (Upload-Length of its POST), the offset the server reports it has reached, and the photo the server
 * answers with. Used by tests/e2e/uploads.test.ts and bench/upload-bytes.ts.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { Client, type TestServer } from '../setup/server'

/** A new resident's session in the browser context (registered over HTTP, the cookie handed over). */
export async function residentIn(context: BrowserContext, server: TestServer, email: string) {
  const client = new Client(server.url)
  const res = await client.post('/register', { fullName: 'Облачкова Мария Петровна', email, password: 'Skvorec2027', consent: 'on' })
  if (res.status !== 302) throw new Error(`registration failed: ${res.status}`)
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })))
}

export type Sent = { announced: number; received: number; photoId: string; chosenAt: number; startedAt: number; doneAt: number }

/** Chooses `file` on the open entry form, waits until it is uploaded, and says what was sent. */
export async function choosePhoto(page: Page, file: string, whileSending?: () => Promise<void>): Promise<Sent> {
  let announced = -1
  let received = 0
  let startedAt = 0
  const watch = (req: import('playwright-core').Request) => {
    if (!req.url().includes('/resources/photos/tus')) return
    if (req.method() === 'POST') {
      announced = Number(req.headers()['upload-length'])
      startedAt = Date.now()
    }
  }
  // The offset the server reached (a PATCH's body is a Blob, which the browser does not show).
  const reached = (res: import('playwright-core').Response) => {
    if (res.url().includes('/resources/photos/tus') && res.request().method() === 'PATCH') received = Math.max(received, Number(res.headers()['upload-offset'] ?? 0))
  }
  // The managed picker (the page's JavaScript running): a file chosen before it would go with the form.
  await page.getByText('Выберите фотографии или перетащите их сюда').waitFor()
  page.on('request', watch)
  page.on('response', reached)
  const chosenAt = Date.now()
  await page.locator('#photos-input').setInputFiles(file)
  if (whileSending) await whileSending()
  await page.getByText('Загружено фотографий: 1 из 1').waitFor({ timeout: 120_000 })
  const doneAt = Date.now()
  page.off('request', watch)
  page.off('response', reached)
  const photoId = await page.locator('input[name="photoOrder"]').last().getAttribute('value')
  if (!photoId) throw new Error(`no photo uploaded: ${await page.locator('.photo-list--managed').textContent()}`)
  return { announced, received, photoId, chosenAt, startedAt, doneAt }
}
