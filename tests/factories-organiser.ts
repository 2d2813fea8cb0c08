/**
 * Helpers for the organiser's tests: a real SMTP server in the test process that keeps what arrives,
 * and shortcuts that drive the organiser's pages over HTTP as a browser would.
 */
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { expect } from 'vitest'
import { Client, DEMO } from './setup/server'

/** A message as it arrived: its plain-text and HTML parts as mailparser reads them. */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; html: string | null }

/** An SMTP server on a random local port; the app sends to it through `url` (no TLS, no auth, as on a LAN relay). */
export async function startMailbox() {
  const messages: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
            html: parsed.html || null,
          })
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  // A sender that dies in the middle of a letter (a test's server stopped while it delivers in the
  // background) resets its connection; smtp-server passes that on as an 'error' event, which with no
  // listener would end the test run. The letter is lost, as it would be: a test waiting for it fails in receive().
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`,
    messages,
    /** The message that arrived for `to` (and matches `subject`), waiting for the app's background delivery. */
    async receive(to: string, subject: RegExp = /./) {
      await expect.poll(() => messages.some((m) => m.to.includes(to) && subject.test(m.subject)), { timeout: 15_000 }).toBe(true)
      return messages.filter((m) => m.to.includes(to) && subject.test(m.subject)).at(-1)!
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The invitation link in a message: the path with its token. */
export function invitationPath(text: string) {
  const m = /https?:\/\/[^\s/]+(\/invitations\/[A-Za-z0-9_-]+)/.exec(text)
  if (!m) throw new Error(`No invitation link in:\n${text}`)
  return m[1]
}

export async function organiserClient(base: string) {
  const client = new Client(base)
  await client.login(DEMO.organiser, DEMO.password)
  return client
}

/** Creates a draft contest through the form and returns its id. */
export async function createContest(client: Client, form: Record<string, string> = {}) {
  const res = await client.post('/organiser/contests/new', { title: 'Тестовый конкурс', shortName: 'Тест', year: '2027', numberPrefix: 'ТК', ...form })
  if (res.status !== 302) throw new Error(`create failed: ${res.status}\n${await res.text()}`)
  return Number(/\/organiser\/contests\/(\d+)$/.exec(res.headers.get('location')!)![1])
}

/** A complete settings form with sensible values; tests override what they check. */
export function settingsForm(overrides: Record<string, string> = {}) {
  return {
    intent: 'settings',
    title: 'Тестовый конкурс',
    shortName: 'Тест',
    slug: `test-${Math.random().toString(36).slice(2, 10)}`,
    year: '2027',
    numberPrefix: 'ТК',
    summary: 'Скворечник',
    rules: '## Условия\n\nСкворечник своими руками.',
    opensAt: '2026-01-01T09:00',
    closingDay: '2030-04-15',
    maxEntriesPerUser: '3',
    minPhotos: '1',
    maxPhotos: '10',
    teamsAllowed: 'on',
    maxAuthors: '5',
    consentText: 'Я согласен на обработку персональных данных.',
    ...overrides,
  }
}

/** Nominations, a criterion and dates: everything a draft needs to be announced. */
export async function setUpContest(client: Client, id: number, settings: Record<string, string> = {}) {
  const steps: [string, Record<string, string>][] = [
    // The overview is an index route: its own forms post to «?index».
    [`/organiser/contests/${id}?index`, settingsForm(settings)],
    [`/organiser/contests/${id}/nominations`, { intent: 'add-nominations', names: 'Весна в шахтерском крае\nЭкодомик' }],
    [`/organiser/contests/${id}/nominations`, { intent: 'add-criterion', name: 'Оригинальность', maxPoints: '10', weight: '1' }],
  ]
  for (const [path, form] of steps) {
    const res = await client.post(path, form)
    if (res.status !== 302) throw new Error(`${path} failed: ${res.status}\n${await res.text()}`)
  }
}
