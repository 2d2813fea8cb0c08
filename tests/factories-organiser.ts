/**
 * Helpers for the organiser's tests: a real SMTP server in the test process that keeps what arrives,
 * and shortcuts that drive the organiser's pages over HTTP as a browser would.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { expect } from 'vitest'
import { Client, DEMO } from './setup/server'

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string }

/** Header values as nodemailer writes them: folded lines and RFC 2047 encoded words. */
function decodeWords(value: string) {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  )
}

function decodeQuotedPrintable(text: string) {
  const bytes: number[] = []
  const source = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '=' && /^[0-9a-f]{2}$/i.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(source[i], 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

function parseMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  const text = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body
  return { subject: decodeWords(headers.get('subject') ?? ''), text: text.replace(/\r\n/g, '\n') }
}

/** An SMTP server on a random local port; the app sends to it through `url` (no TLS, no auth, as on a LAN relay). */
export async function startMailbox() {
  const messages: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const { subject, text } = parseMail(Buffer.concat(chunks).toString('utf8'))
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text,
        })
        callback()
      })
    },
  })
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
