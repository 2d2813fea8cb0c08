import { and, asc, count, desc, eq, isNotNull, lt } from 'drizzle-orm'
import type { Transporter } from 'nodemailer'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import type { CurrentUser } from '../../utils/auth.server'
import { getEnv } from '../../utils/env.server'
import { can } from '../../utils/permissions.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { letterHtml, withFooter, type MailKind } from './letter'

const { outboxMessage, contest } = schema

export type OutgoingMail = {
  to: string
  subject: string
  /** The plain text, every link in it absolute; the footer and the HTML part are added here (letter.ts). */
  text: string
  /** The text kept once the message is sent, for a letter with a one-time link or code in it (withoutSecrets). */
  redactedText?: string
  kind: MailKind
  contestId?: number | null
}

/** What a sent letter keeps in place of a one-time link or code. */
export const REDACTED = '[удалено после отправки]'

/** The letter's text with its one-time secrets (links, codes) replaced: what the outbox keeps once it is sent. */
export function withoutSecrets(text: string, secrets: string[]) {
  return secrets.reduce((kept, secret) => kept.replaceAll(secret, REDACTED), text)
}

/**
 * Every message is written to the outbox first, inside the caller's transaction: it is sent only
 * if the change that caused it is saved, and it is never lost when SMTP is down or not configured.
 * Its footer (who sends it, why to this person) is added here, for every letter alike.
 */
export async function enqueueMail(tx: DB, mail: OutgoingMail) {
  return (
    await tx
      .insert(outboxMessage)
      .values({
        to: mail.to,
        subject: mail.subject,
        text: withFooter(mail.text, mail.kind),
        redactedText: mail.redactedText === undefined ? null : withFooter(mail.redactedText, mail.kind),
        kind: mail.kind,
        contestId: mail.contestId ?? null,
      })
      .returning({ id: outboxMessage.id })
  )[0].id
}

let transporter: Promise<Transporter> | undefined

/** nodemailer is loaded on the first delivery: a server without SMTP never needs its 13 MB. */
function getTransporter() {
  const url = getEnv().SMTP_URL
  if (!url) return undefined
  transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url))
  return transporter
}

export function smtpConfigured() {
  return Boolean(getEnv().SMTP_URL)
}

const MAX_ATTEMPTS = 5

/** Sends what is pending (oldest first). Without SMTP it does nothing: the messages stay readable in the outbox page. */
export async function deliverPending(limit = 50) {
  const transport = await getTransporter()
  if (!transport) return { sent: 0, failed: 0, more: false }
  const db = getDb()
  const pending = await db
    .select()
    .from(outboxMessage)
    .where(and(eq(outboxMessage.status, 'pending'), lt(outboxMessage.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(outboxMessage.id))
    .limit(limit)
  let sent = 0
  let failed = 0
  for (const m of pending) {
    try {
      // The HTML part is made from the text being sent, so a one-time link is never kept in it at rest.
      await transport.sendMail({ from: getEnv().MAIL_FROM, to: m.to, subject: m.subject, text: m.text, html: letterHtml(m.text, m.subject) })
      await db
        .update(outboxMessage)
        .set({
          status: 'sent',
          sentAt: new Date(),
          attempts: m.attempts + 1,
          lastError: null,
          // Delivered: the one-time link or code has done its job here and is not kept.
          ...(m.redactedText === null ? {} : { text: m.redactedText, redactedText: null }),
        })
        .where(eq(outboxMessage.id, m.id))
      sent++
    } catch (error) {
      const attempts = m.attempts + 1
      await db
        .update(outboxMessage)
        .set({ attempts, lastError: String(error instanceof Error ? error.message : error).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' })
        .where(eq(outboxMessage.id, m.id))
      failed++
    }
  }
  return { sent, failed, more: pending.length === limit }
}

let running: Promise<unknown> | undefined
let again = false
const RETRY_MS = 60_000

/**
 * Called after a request queued mail: delivery happens in the background, never delaying the response.
 * Mail queued while a run is under way is picked up by another run straight after it, and a run that
 * failed to send retries a minute later, so nothing waits for the next request to be sent.
 */
export function kickDelivery() {
  if (!getEnv().SMTP_URL) return
  if (running) {
    again = true
    return
  }
  running = (async () => {
    let failed = 0
    do {
      again = false
      const result = await deliverPending()
      failed = result.failed
      // A full batch that went out means more may be waiting; a batch that failed waits for the retry.
      if (result.more && result.sent > 0) again = true
    } while (again)
    if (failed > 0) setTimeout(kickDelivery, RETRY_MS).unref()
  })()
    .catch((error) => console.error('Outbox delivery failed', error))
    .finally(() => (running = undefined))
}

const OUTBOX_PAGE_SIZE = 50
export type OutboxStatus = (typeof outboxMessage.$inferSelect)['status']
type Viewer = Pick<CurrentUser, 'id' | 'roles'>

/**
 * The outbox page. Organisers read the mail of contests (invitations, entrants' notices); mail about
 * accounts carries personal links and is for administrators only.
 */
export async function listOutbox(viewer: Viewer, filter: { status?: OutboxStatus; page: number }) {
  const db = getDb()
  const where = and(filter.status ? eq(outboxMessage.status, filter.status) : undefined, can(viewer, 'outbox.read_all') ? undefined : isNotNull(outboxMessage.contestId))
  const total = (await firstRow(db.select({ n: count() }).from(outboxMessage).where(where)))?.n ?? 0
  const messages = await db
    .select({
      id: outboxMessage.id,
      kind: outboxMessage.kind,
      to: outboxMessage.to,
      subject: outboxMessage.subject,
      text: outboxMessage.text,
      status: outboxMessage.status,
      attempts: outboxMessage.attempts,
      lastError: outboxMessage.lastError,
      createdAt: outboxMessage.createdAt,
      sentAt: outboxMessage.sentAt,
      contest: contest.title,
    })
    .from(outboxMessage)
    .leftJoin(contest, eq(contest.id, outboxMessage.contestId))
    .where(where)
    .orderBy(desc(outboxMessage.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((Math.max(1, filter.page) - 1) * OUTBOX_PAGE_SIZE)
  return { messages, total, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) }
}

/** Puts a message that failed back in the queue, with its attempts reset; refused when there is no such failed message for this viewer. */
export async function retryMessage(viewer: Viewer, id: number) {
  await transaction(getDb(), async (tx) => {
    const m = await firstRow(tx.select().from(outboxMessage).where(eq(outboxMessage.id, id)))
    if (!m || (!can(viewer, 'outbox.read_all') && m.contestId === null) || m.status !== 'failed') throw new Refusal('invalid', 'Это письмо нельзя отправить снова.')
    await tx.update(outboxMessage).set({ status: 'pending', attempts: 0, lastError: null }).where(eq(outboxMessage.id, id))
    await recordAudit(tx, {
      actorId: viewer.id,
      action: 'outbox.retry',
      entityType: 'outbox_message',
      entityId: id,
      contestId: m.contestId,
      before: { status: 'failed' },
      after: { status: 'pending' },
    })
  })
  kickDelivery()
}
