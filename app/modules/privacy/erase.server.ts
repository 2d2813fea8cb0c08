/**
 * Withdrawing consent and deleting the account (152-ФЗ, art. 9 and 21; docs/decisions/023-personal-data.md).
 * The account's row stays, anonymised, because published results and issued diplomas point to it;
 * everything else about the person is erased, entries whose results are not published are withdrawn
 * and emptied, and the photos of those entries are deleted with their files.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm'
import { getDb, schema, transaction } from '../../../db/client.server'
import type { EntryStatus } from '../../../db/schema/enums'
import { endSessions } from '../../utils/auth.server'
import { Refusal } from '../../utils/refusal'
import { recordAudit } from '../audit/audit.server'
import { accountRow } from '../accounts/account.server'
import { checkPassword } from '../accounts/password-check.server'
import { ROLE_LABELS } from '../accounts/validation'
import { removePhotoFiles } from '../photos/pipeline.server'

const { user, userRole, verification, entry, author, entryFieldValue, photo, stageEntry, resultPublication, diploma, vote, outboxMessage, auditLog } = schema

/** What the anonymised account is called wherever its name was shown (its entries in organisers' lists, the audit log). */
export const DELETED_PERSON = 'Участник удалил учётную запись'

/** What an erased entry's title and its authors' names read in the organisers' lists. */
export const ERASED = 'Удалено по просьбе участника'

/** Entries taking part or waiting to: withdrawn when their owner deletes the account. */
const WITHDRAWN_ON_DELETE: EntryStatus[] = ['draft', 'submitted', 'accepted']

export type Deletion = { withdrawn: number; erased: number; kept: number; photos: number; sessions: number }

/**
 * Deletes the signed-in resident's account, given the password. Refused for accounts with a role
 * beyond the resident's: a juror's scores or an organiser's decisions are records of the contest, so an
 * administrator takes the role away first. Returns what was done, for the toast and the tests.
 */
export async function deleteAccount(userId: string, password: string, now = new Date()): Promise<Deletion> {
  const db = getDb()
  const found = await accountRow(db, userId)
  if (found.deletedAt) throw new Refusal('not_found', 'Учётная запись уже удалена')
  const staff = (await db.select({ role: userRole.role }).from(userRole).where(eq(userRole.userId, userId))).filter((r) => r.role !== 'resident')
  if (staff.length) {
    throw new Refusal(
      'forbidden',
      `У учётной записи есть роль «${ROLE_LABELS[staff[0].role]}»: её действия — часть документов конкурса. Попросите администратора снять роль, затем удалите учётную запись.`,
    )
  }
  await checkPassword(found, password, 'password', now)

  const { result, photoFiles } = await transaction(db, async (tx) => {
    const own = await tx.select({ id: entry.id, status: entry.status, contestId: entry.contestId }).from(entry).where(eq(entry.ownerId, userId))
    const ids = own.map((e) => e.id)
    // Published: a diploma was issued, or the entry is in a stage whose results are published and not withdrawn.
    const published = new Set(
      ids.length
        ? [
            ...(await tx.select({ id: diploma.entryId }).from(diploma).where(inArray(diploma.entryId, ids))),
            ...(await tx
              .select({ id: stageEntry.entryId })
              .from(stageEntry)
              .innerJoin(resultPublication, and(eq(resultPublication.stageId, stageEntry.stageId), isNull(resultPublication.withdrawnAt)))
              .where(inArray(stageEntry.entryId, ids))),
          ].map((r) => r.id)
        : [],
    )
    const erased = own.filter((e) => !published.has(e.id))
    const erasedIds = erased.map((e) => e.id)
    let withdrawn = 0
    for (const e of erased) {
      const withdraw = WITHDRAWN_ON_DELETE.includes(e.status)
      await tx
        .update(entry)
        .set({ ...(withdraw ? { status: 'withdrawn' as const } : {}), title: ERASED, description: '', address: '', rejectionReason: null, updatedAt: now })
        .where(eq(entry.id, e.id))
      if (!withdraw) continue
      withdrawn++
      await tx.delete(stageEntry).where(eq(stageEntry.entryId, e.id))
      await recordAudit(tx, {
        actorId: userId,
        action: 'entry.withdraw',
        entityType: 'entry',
        entityId: e.id,
        contestId: e.contestId,
        before: { status: e.status },
        after: { status: 'withdrawn', reason: DELETED_PERSON },
      })
    }
    if (erasedIds.length) {
      await tx.update(author).set({ fullName: ERASED, age: null, userId: null, email: null }).where(inArray(author.entryId, erasedIds))
      await tx.delete(entryFieldValue).where(inArray(entryFieldValue.entryId, erasedIds))
    }
    // Photos of erased entries and uploads never saved into an entry; the published entries' photos stay.
    const photoFiles = await tx
      .delete(photo)
      .where(and(eq(photo.ownerId, userId), isNull(photo.entryId)))
      .returning({ id: photo.id, variants: photo.variants })
    if (erasedIds.length) {
      photoFiles.push(...(await tx.delete(photo).where(inArray(photo.entryId, erasedIds)).returning({ id: photo.id, variants: photo.variants })))
    }
    // Named as a co-author on someone else's entry: that entry is its owner's, only the link to this
    // account goes, and the address it was linked by (docs/decisions/026-…), which would link it again.
    await tx.update(author).set({ userId: null, email: null }).where(eq(author.userId, userId))
    if (found.email) await tx.update(author).set({ email: null }).where(eq(author.email, found.email))
    await tx.update(vote).set({ ip: null }).where(eq(vote.voterId, userId))
    if (found.email) await tx.delete(outboxMessage).where(eq(outboxMessage.to, found.email))
    await tx.delete(verification).where(eq(verification.userId, userId))
    // The account's own audit records keep what happened and when, not the old names, phones and addresses.
    await tx
      .update(auditLog)
      .set({ before: null, after: null })
      .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)))
    const sessions = await endSessions(tx, userId, { all: true })
    await tx.delete(userRole).where(eq(userRole.userId, userId))
    await tx
      .update(user)
      .set({ fullName: DELETED_PERSON, email: null, phone: null, passwordHash: null, emailVerifiedAt: null, districtId: null, organisationId: null, deletedAt: now })
      .where(eq(user.id, userId))
    const result: Deletion = { withdrawn, erased: erased.length, kept: published.size, photos: photoFiles.length, sessions }
    await recordAudit(tx, { actorId: userId, action: 'account.delete', entityType: 'user', entityId: userId, after: result })
    return { result, photoFiles }
  })
  // Files after the rows: a file left behind by a failure is unreachable, a row without its file would be a broken photo.
  await removePhotoFiles(photoFiles)
  return result
}

