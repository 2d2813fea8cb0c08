import { asc, eq, lt, and } from 'drizzle-orm'
import nodemailer, { type Transporter } from 'nodemailer'
import { getDb, schema, type DB } from '../../../db/client.server'
import { getEnv } from '../../utils/env.server'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

export type OutgoingMail = { to: string; subject: string; text: string; html?: string; kind: string; contestId?: number | null }

/**
 * Every message is written to the outbox first, inside the caller's transaction: it is sent only
 * if the change that caused it is saved, and it is never lost when SMTP is down or not configured.
 */
export function enqueueMail(tx: Tx | DB, mail: OutgoingMail) {
  return tx
    .insert(schema.outboxMessage)
    .values({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, kind: mail.kind, contestId: mail.contestId ?? null })
    .returning({ id: schema.outboxMessage.id })
    .get().id
}

let transporter: Transporter | undefined

function getTransporter() {
  const url = getEnv().SMTP_URL
  if (!url) return undefined
  transporter ??= nodemailer.createTransport(url)
  return transporter
}

const MAX_ATTEMPTS = 5

/** Sends what is pending (oldest first). Without SMTP it does nothing: the messages stay readable in the outbox page. */
export async function deliverPending(limit = 50) {
  const transport = getTransporter()
  if (!transport) return { sent: 0, failed: 0 }
  const db = getDb()
  const { outboxMessage } = schema
  const pending = db
    .select()
    .from(outboxMessage)
    .where(and(eq(outboxMessage.status, 'pending'), lt(outboxMessage.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(outboxMessage.id))
    .limit(limit)
    .all()
  let sent = 0
  let failed = 0
  for (const m of pending) {
    try {
      await transport.sendMail({ from: getEnv().MAIL_FROM, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined })
      db.update(outboxMessage).set({ status: 'sent', sentAt: new Date(), attempts: m.attempts + 1, lastError: null }).where(eq(outboxMessage.id, m.id)).run()
      sent++
    } catch (error) {
      const attempts = m.attempts + 1
      db.update(outboxMessage)
        .set({ attempts, lastError: String(error instanceof Error ? error.message : error).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' })
        .where(eq(outboxMessage.id, m.id))
        .run()
      failed++
    }
  }
  return { sent, failed }
}

let running: Promise<unknown> | undefined

/** Called after a request queued mail: delivery happens in the background, never delaying the response. */
export function kickDelivery() {
  if (!getEnv().SMTP_URL || running) return
  running = deliverPending()
    .catch((error) => console.error('Outbox delivery failed', error))
    .finally(() => (running = undefined))
}
