/**
 * The letters an entrant gets about an entry: received on submission, accepted, rejected with the
 * reason. Each names the entry by its number and links to its page with an absolute address; the
 * outbox adds the footer and the HTML part (app/modules/mail/letter.ts).
 */
import { asc, eq } from 'drizzle-orm'
import { schema, type DB, firstRow } from '../../../db/client.server'
import { quoted } from '../../utils/format'
import { listStages } from '../contests/stages.server'
import { formatEntryNumber } from '../contests/entry-number'
import { greeting, type MailKind } from '../mail/letter'
import { editableUntil, entryNextSteps, nextStepsText } from './next-steps'
import { enqueueMail } from '../mail/outbox.server'

const { author, contest, entry, user } = schema

/**
 * What the entry's letters name, and who they go to: its owner and the authors linked to their accounts
 * (docs/decisions/026-…), each with an address, once.
 */
export async function entrantNotice(tx: DB, entryId: number) {
  const n = (await firstRow(
    tx
      .select({
        ownerEmail: user.email,
        ownerName: user.fullName,
        title: entry.title,
        seq: entry.seq,
        contestId: contest.id,
        contestTitle: contest.title,
        contestSlug: contest.slug,
        closesAt: contest.closesAt,
        prefix: contest.numberPrefix,
      })
      .from(entry)
      .innerJoin(user, eq(user.id, entry.ownerId))
      .innerJoin(contest, eq(contest.id, entry.contestId))
      .where(eq(entry.id, entryId)),
  ))!
  const coauthors = await tx
    .select({ email: user.email, fullName: user.fullName })
    .from(author)
    .innerJoin(user, eq(user.id, author.userId))
    .where(eq(author.entryId, entryId))
    .orderBy(asc(author.position))
  const recipients = new Map<string, string>()
  for (const p of [{ email: n.ownerEmail, fullName: n.ownerName }, ...coauthors]) if (p.email && !recipients.has(p.email)) recipients.set(p.email, p.fullName)
  return { ...n, number: formatEntryNumber(n.prefix, n.seq), recipients: [...recipients].map(([email, fullName]) => ({ email, fullName })) }
}

export type EntrantNotice = Awaited<ReturnType<typeof entrantNotice>>

/** A letter about the entry to each of its recipients: the greeting, what happened, the entry's page. */
export async function sendEntryNotice(tx: DB, n: EntrantNotice, entryId: number, appUrl: string, letter: { kind: MailKind; subject: string; body: string }) {
  for (const r of n.recipients) {
    await enqueueMail(tx, {
      to: r.email,
      kind: letter.kind,
      contestId: n.contestId,
      subject: letter.subject,
      text: `${greeting(r.fullName)}\n\n${letter.body}\n\nСтраница заявки: ${appUrl}/my/entries/${entryId}`,
    })
  }
}

/**
 * «Заявка получена»: sent when an entry is submitted (by the resident, or by an operator for them),
 * with its number, what happens next and the dates the resident can plan by.
 */
export async function sendEntryReceived(tx: DB, entryId: number, appUrl: string) {
  const n = await entrantNotice(tx, entryId)
  if (!n.recipients.length) return
  const contest = { slug: n.contestSlug, closesAt: n.closesAt }
  const next = ['Что дальше:', ...nextStepsText(entryNextSteps(contest, await listStages(n.contestId, tx)), appUrl)]
  const editable = editableUntil(contest)
  await sendEntryNotice(tx, n, entryId, appUrl, {
    kind: 'entry.received',
    subject: `Заявка ${n.number} получена`,
    body: [`Заявка ${n.number} ${quoted(n.title)} на конкурс ${quoted(n.contestTitle)} получена.`, '', ...next, '', editable].join('\n'),
  })
}
