/**
 * Invitations to a contest's jury: a link with a random token sent by e-mail (only its hash is stored),
 * valid for INVITATION_DAYS. The invitee accepts it with an account they have or one they create
 * there and then, and gets the juror role.
 */
import { randomUUID } from 'node:crypto'
import { and, desc, eq, notExists } from 'drizzle-orm'
import { getDb, schema, transaction, firstRow, type DB } from '../../../db/client.server'
import { hashPassword } from '~/utils/auth.server'
import { hashSecret, newSecret } from '~/utils/secret-token.server'
import { formatDateTime, quoted } from '~/utils/format'
import { recordAudit } from '../audit/audit.server'
import { NO_SUCH_CONTEST, Refusal } from '../../utils/refusal'
import { linkAuthors } from '../accounts/coauthors.server'
import { greeting } from '../mail/letter'
import { enqueueMail, kickDelivery, type OutgoingMail } from '../mail/outbox.server'

const { juryInvitation, juryAssignment, contest, nomination, stage, user, userRole } = schema

export const INVITATION_DAYS = 14

function invitationMail(input: { email: string; fullName: string; contestTitle: string; link: string; expiresAt: Date; contestId: number }): OutgoingMail {
  return {
    to: input.email,
    kind: 'jury_invitation',
    contestId: input.contestId,
    subject: `Приглашение в жюри конкурса ${quoted(input.contestTitle)}`,
    text: [
      greeting(input.fullName),
      '',
      `Вас приглашают в жюри конкурса ${quoted(input.contestTitle)} на сайте «Городские конкурсы» администрации города Кемерово.`,
      '',
      'Чтобы принять приглашение, откройте ссылку:',
      input.link,
      '',
      'Если у вас уже есть учётная запись на сайте, войдите в неё; если нет — создайте её по этой ссылке.',
      `Ссылка действует до ${formatDateTime(input.expiresAt)} (время кемеровское).`,
      '',
      'Если вы не ждали этого письма, просто не отвечайте на него.',
    ].join('\n'),
  }
}

/** Writes a fresh token into the invitation and queues the e-mail with the link, in the caller's transaction. */
async function issue(tx: DB, invitation: { id: number; email: string; fullName: string; contestId: number }, contestTitle: string, baseUrl: string, now: Date) {
  const token = newSecret()
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000)
  await tx
    .update(juryInvitation)
    .set({ tokenHash: hashSecret(token), expiresAt })
    .where(eq(juryInvitation.id, invitation.id))
  const link = `${baseUrl}/invitations/${token}`
  await enqueueMail(tx, invitationMail({ ...invitation, contestTitle, link, expiresAt }))
  return expiresAt
}

/**
 * Invites someone to the contest's jury by e-mail. Inviting the same address again while the invitation
 * is not accepted sends a new link and voids the old one. Returns whether it was sent again.
 */
export async function inviteJuror(actorId: string, contestId: number, input: { email: string; fullName: string }, baseUrl: string, now = new Date()) {
  const resent = await transaction(getDb(), async (tx) => {
    const c = await firstRow(tx.select({ title: contest.title }).from(contest).where(eq(contest.id, contestId)))
    if (!c) throw new Refusal('invalid', NO_SUCH_CONTEST)
    const existing = await firstRow(
      tx
        .select()
        .from(juryInvitation)
        .where(and(eq(juryInvitation.contestId, contestId), eq(juryInvitation.email, input.email)))
        .orderBy(desc(juryInvitation.id)),
    )
    if (existing?.acceptedAt) throw new Refusal('invalid', 'Приглашение на этот адрес уже принято.', 'email')
    const invitation =
      existing ??
      (
        await tx
          .insert(juryInvitation)
          // A placeholder until issue() writes the real hash a moment later, in the same transaction.
          .values({ contestId, email: input.email, fullName: input.fullName, tokenHash: randomUUID(), expiresAt: now, invitedById: actorId })
          .returning()
      )[0]
    if (existing && input.fullName && input.fullName !== existing.fullName) {
      await tx.update(juryInvitation).set({ fullName: input.fullName }).where(eq(juryInvitation.id, existing.id))
    }
    const expiresAt = await issue(tx, { ...invitation, fullName: input.fullName || invitation.fullName }, c.title, baseUrl, now)
    await recordAudit(tx, {
      actorId,
      action: 'invitation.create',
      entityType: 'jury_invitation',
      entityId: invitation.id,
      contestId,
      after: { email: input.email, fullName: input.fullName || invitation.fullName, expiresAt },
    })
    return Boolean(existing)
  })
  kickDelivery()
  return resent
}

export async function revokeInvitation(actorId: string, contestId: number, id: number) {
  await transaction(getDb(), async (tx) => {
    const invitation = await firstRow(
      tx
        .select()
        .from(juryInvitation)
        .where(and(eq(juryInvitation.id, id), eq(juryInvitation.contestId, contestId))),
    )
    if (!invitation) throw new Refusal('invalid', 'Такого приглашения нет.')
    if (invitation.acceptedAt) throw new Refusal('invalid', 'Приглашение уже принято: снимите назначения члена жюри, если он больше не участвует.')
    await tx.delete(juryInvitation).where(eq(juryInvitation.id, id))
    await recordAudit(tx, {
      actorId,
      action: 'invitation.revoke',
      entityType: 'jury_invitation',
      entityId: id,
      contestId,
      before: { email: invitation.email, fullName: invitation.fullName },
    })
  })
}

type InvitationState = 'pending' | 'expired' | 'accepted'

function stateOf(invitation: { acceptedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted'
  return now >= invitation.expiresAt ? 'expired' : 'pending'
}

export async function listInvitations(contestId: number, now = new Date()) {
  return (
    await getDb()
      .select({
        id: juryInvitation.id,
        email: juryInvitation.email,
        fullName: juryInvitation.fullName,
        expiresAt: juryInvitation.expiresAt,
        acceptedAt: juryInvitation.acceptedAt,
        acceptedBy: user.fullName,
        createdAt: juryInvitation.createdAt,
      })
      .from(juryInvitation)
      .leftJoin(user, eq(user.id, juryInvitation.acceptedById))
      .where(eq(juryInvitation.contestId, contestId))
      .orderBy(desc(juryInvitation.createdAt), desc(juryInvitation.id))
  ).map((i) => ({ ...i, state: stateOf(i, now) }))
}

/** The invitation a link leads to, with its contest; null for a token that never existed or was revoked or replaced. */
export async function findInvitation(token: string, now = new Date()) {
  if (token.length > 100) return null
  const row = await firstRow(
    getDb()
      .select({
        id: juryInvitation.id,
        email: juryInvitation.email,
        fullName: juryInvitation.fullName,
        expiresAt: juryInvitation.expiresAt,
        acceptedAt: juryInvitation.acceptedAt,
        contestTitle: contest.title,
      })
      .from(juryInvitation)
      .innerJoin(contest, eq(contest.id, juryInvitation.contestId))
      .where(eq(juryInvitation.tokenHash, hashSecret(token))),
  )
  return row ? { ...row, state: stateOf(row, now) } : null
}

/**
 * The one answer to "is this invitation for this account": only the account with the invited address
 * may accept it. Null when it may; otherwise what to tell the person signed in. Whoever holds someone
 * else's link is refused outright rather than asked to confirm: a confirmation step is one more form,
 * and the rightful invitee loses nothing by logging in with their own address.
 */
export function wrongAccount(invitation: { email: string }, account: { email: string | null }) {
  if (account.email?.toLowerCase() === invitation.email.toLowerCase()) return null
  return `Это приглашение адресовано ${invitation.email}, а вы вошли с другой учётной записью. Выйдите и войдите с адресом ${invitation.email}, чтобы принять его.`
}

/** What the new juror is told on accepting: the contest and the nominations already assigned to them in it, if any. */
export type Welcome = { contestTitle: string; nominations: string[] }

/** Takes the invitation for `userId` inside the transaction, or says why it cannot be taken. */
async function take(tx: DB, token: string, userId: string, now: Date): Promise<Welcome> {
  const invitation = await firstRow(
    tx
      .select()
      .from(juryInvitation)
      .where(eq(juryInvitation.tokenHash, hashSecret(token))),
  )
  if (!invitation) throw new Refusal('invalid', 'Приглашение не найдено: возможно, его отозвали или прислали новое.')
  const state = stateOf(invitation, now)
  if (state === 'accepted') throw new Refusal('invalid', 'Это приглашение уже принято.')
  if (state === 'expired') throw new Refusal('invalid', 'Срок действия приглашения истёк. Попросите организатора прислать новое.')
  const account = await firstRow(tx.select({ email: user.email }).from(user).where(eq(user.id, userId)))
  const refusal = account ? wrongAccount(invitation, account) : 'Учётная запись не найдена.'
  if (refusal) throw new Refusal('forbidden', refusal)
  await tx.update(juryInvitation).set({ acceptedAt: now, acceptedById: userId }).where(eq(juryInvitation.id, invitation.id))
  await tx.insert(userRole).values({ userId, role: 'juror', grantedById: invitation.invitedById }).onConflictDoNothing()
  await recordAudit(tx, {
    actorId: userId,
    action: 'invitation.accept',
    entityType: 'jury_invitation',
    entityId: invitation.id,
    contestId: invitation.contestId,
    after: { email: invitation.email },
  })
  const c = (await firstRow(tx.select({ title: contest.title }).from(contest).where(eq(contest.id, invitation.contestId))))!
  const nominations = await tx
    .selectDistinct({ id: nomination.id, name: nomination.name })
    .from(juryAssignment)
    .innerJoin(stage, eq(stage.id, juryAssignment.stageId))
    .innerJoin(nomination, eq(nomination.id, juryAssignment.nominationId))
    .where(and(eq(juryAssignment.jurorId, userId), eq(stage.contestId, invitation.contestId)))
    .orderBy(nomination.id)
  return { contestTitle: c.title, nominations: nominations.map((n) => n.name) }
}

/**
 * Contests whose invitation this juror accepted where no nomination is assigned to them yet, so their
 * jury page says they wait for the organiser rather than that they are in no jury at all.
 */
export async function contestsAwaitingAssignment(userId: string) {
  const assigned = getDb()
    .select({ id: juryAssignment.id })
    .from(juryAssignment)
    .innerJoin(stage, eq(stage.id, juryAssignment.stageId))
    .where(and(eq(juryAssignment.jurorId, userId), eq(stage.contestId, juryInvitation.contestId)))
  return await getDb()
    .selectDistinct({ id: contest.id, title: contest.title })
    .from(juryInvitation)
    .innerJoin(contest, eq(contest.id, juryInvitation.contestId))
    .where(and(eq(juryInvitation.acceptedById, userId), notExists(assigned)))
    .orderBy(contest.id)
}

/** Accepts with the account the invitee is logged in with. */
export async function acceptInvitation(userId: string, token: string, now = new Date()) {
  return await transaction(getDb(), async (tx) => await take(tx, token, userId, now))
}

/**
 * Creates the invitee's account with the invited address (confirmed by the link itself) and the
 * consent the form recorded, and accepts, all or nothing. Returns the new user's id and what to tell them.
 */
export async function acceptWithNewAccount(token: string, input: { fullName: string; phone?: string; password: string }, policyVersion: string, now = new Date()) {
  const invitation = await findInvitation(token, now)
  if (!invitation) throw new Refusal('invalid', 'Приглашение не найдено: возможно, его отозвали или прислали новое.')
  const passwordHash = await hashPassword(input.password)
  return await transaction(getDb(), async (tx) => {
    if (await firstRow(tx.select({ id: user.id }).from(user).where(eq(user.email, invitation.email)))) {
      throw new Refusal('invalid', `Учётная запись с адресом ${invitation.email} уже есть. Войдите в неё, чтобы принять приглашение.`)
    }
    const id = randomUUID()
    // Consent to the privacy policy's version as the form showed it, as at registration (docs/decisions/023-…).
    await tx
      .insert(user)
      .values({ id, email: invitation.email, fullName: input.fullName, phone: input.phone ?? null, passwordHash, emailVerifiedAt: now, consentVersion: policyVersion, consentAt: now })
    await tx.insert(userRole).values({ userId: id, role: 'resident' })
    // The invitation's link confirmed the address: a juror named as an author somewhere is kept from that entry.
    await linkAuthors(tx, id, invitation.email)
    return { userId: id, welcome: await take(tx, token, id, now) }
  })
}
