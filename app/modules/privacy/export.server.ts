/**
 * «Мои данные» (152-ФЗ, art. 14; docs/decisions/023-personal-data.md): everything the service holds
 * about a person, as one ZIP with `данные.json` and the files of their photos. Nothing secret is in it:
 * no password hash, no session id, no one-time token, no other person's scores of their entries.
 */
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { and, asc, eq, inArray, or } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'
import { ENTRY_STATUS_LABELS } from '../../../db/schema/enums'
import { getStorage, type Storage } from '../../utils/storage.server'
import { ACTION_LABELS } from '../audit/labels'
import { accountRow } from '../accounts/account.server'
import { formatEntryNumber } from '../contests/entry-number'

const { userRole, session, entry, author, photo, entryFieldValue, formField, district, organisation, diploma, evaluation, score, criterion, vote, outboxMessage, auditLog } =
  schema

/** The photo file put in the archive: the largest variant the service keeps (the upload itself is not kept). */
const EXPORTED_SIZE = 'full'

export type PersonalDataPhoto = { id: string; entryId: number | null; file: string; key: string }

/** Everything about the person, as the JSON of the archive, and the photos to put beside it. */
export async function personalData(userId: string) {
  const db = getDb()
  const account = await accountRow(db, userId)
  const [roles, sessions, place, org] = await Promise.all([
    db.select({ role: userRole.role, grantedAt: userRole.grantedAt }).from(userRole).where(eq(userRole.userId, userId)),
    db.select({ createdAt: session.createdAt, expiresAt: session.expiresAt, userAgent: session.userAgent }).from(session).where(eq(session.userId, userId)),
    account.districtId ? db.select({ name: district.name }).from(district).where(eq(district.id, account.districtId)) : [],
    account.organisationId ? db.select({ name: organisation.name }).from(organisation).where(eq(organisation.id, account.organisationId)) : [],
  ])

  // Their own entries, the ones an operator entered for them, and those they are named an author of.
  const coAuthored = db.select({ id: author.entryId }).from(author).where(eq(author.userId, userId))
  const entries = await db.query.entry.findMany({
    where: or(eq(entry.ownerId, userId), inArray(entry.id, coAuthored)),
    orderBy: [asc(entry.id)],
    with: {
      contest: { columns: { title: true, numberPrefix: true } },
      nomination: { columns: { name: true } },
      district: { columns: { name: true } },
      organisation: { columns: { name: true } },
      authors: { orderBy: [asc(author.position)] },
      photos: { orderBy: [asc(photo.position)] },
    },
  })
  const entryIds = entries.map((e) => e.id)
  const [fieldValues, diplomas, pendingPhotos, given, votes, letters, audit] = await Promise.all([
    entryIds.length
      ? db
          .select({ entryId: entryFieldValue.entryId, label: formField.label, value: entryFieldValue.value })
          .from(entryFieldValue)
          .innerJoin(formField, eq(formField.id, entryFieldValue.fieldId))
          .where(inArray(entryFieldValue.entryId, entryIds))
      : [],
    entryIds.length
      ? db
          .select({ entryId: diploma.entryId, number: diploma.number, recipientName: diploma.recipientName, kind: diploma.kind, place: diploma.place, nomination: diploma.nominationName, issuedAt: diploma.issuedAt })
          .from(diploma)
          .where(inArray(diploma.entryId, entryIds))
      : [],
    db.select().from(photo).where(and(eq(photo.ownerId, userId))),
    db
      .select({ evaluationId: evaluation.id, stageId: evaluation.stageId, entryId: evaluation.entryId, comment: evaluation.comment, criterion: criterion.name, points: score.points, at: evaluation.updatedAt })
      .from(evaluation)
      .leftJoin(score, eq(score.evaluationId, evaluation.id))
      .leftJoin(criterion, eq(criterion.id, score.criterionId))
      .where(eq(evaluation.jurorId, userId))
      .orderBy(asc(evaluation.id)),
    db.select({ contestId: vote.contestId, nominationId: vote.nominationId, entryId: vote.entryId, ip: vote.ip, at: vote.createdAt }).from(vote).where(eq(vote.voterId, userId)),
    account.email
      ? db
          .select({ subject: outboxMessage.subject, text: outboxMessage.text, redactedText: outboxMessage.redactedText, status: outboxMessage.status, createdAt: outboxMessage.createdAt, sentAt: outboxMessage.sentAt })
          .from(outboxMessage)
          .where(eq(outboxMessage.to, account.email))
          .orderBy(asc(outboxMessage.id))
      : [],
    db
      .select({ at: auditLog.at, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId })
      .from(auditLog)
      .where(or(eq(auditLog.actorId, userId), and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId))))
      .orderBy(asc(auditLog.id)),
  ])

  const photos: PersonalDataPhoto[] = []
  const fileOf = (p: typeof photo.$inferSelect, folder: string) => {
    const variant = p.variants.find((v) => v.size === EXPORTED_SIZE) ?? p.variants.at(-1)
    if (!variant) return null
    const file = `фотографии/${folder}/${p.position + 1}-${p.id}.webp`
    photos.push({ id: p.id, entryId: p.entryId, file, key: variant.key })
    return file
  }
  const own = new Set(entries.flatMap((e) => e.photos.map((p) => p.id)))

  const json = {
    exportedAt: new Date().toISOString(),
    account: {
      id: account.id,
      fullName: account.fullName,
      email: account.email,
      emailVerifiedAt: account.emailVerifiedAt,
      phone: account.phone,
      district: place[0]?.name ?? null,
      organisation: org[0]?.name ?? null,
      createdAt: account.createdAt,
      consent: { policyVersion: account.consentVersion, at: account.consentAt },
      roles,
    },
    sessions,
    entries: entries.map((e) => {
      const number = formatEntryNumber(e.contest.numberPrefix, e.seq)
      return {
        number,
        contest: e.contest.title,
        nomination: e.nomination?.name ?? null,
        yours: e.ownerId === userId,
        title: e.title,
        description: e.description,
        address: e.address,
        district: e.district?.name ?? null,
        organisation: e.organisation?.name ?? null,
        status: ENTRY_STATUS_LABELS[e.status],
        rejectionReason: e.rejectionReason,
        consentAt: e.consentAt,
        paperConsentReceived: e.paperConsentReceived,
        submittedAt: e.submittedAt,
        createdAt: e.createdAt,
        authors: e.authors.map((a) => ({ fullName: a.fullName, age: a.age, parentConsent: a.parentConsent, you: a.userId === userId })),
        fields: fieldValues.filter((v) => v.entryId === e.id).map(({ label, value }) => ({ label, value })),
        photos: e.photos.filter((p) => p.ownerId === userId).map((p) => ({ originalName: p.originalName, width: p.width, height: p.height, createdAt: p.createdAt, file: fileOf(p, number) })),
        diplomas: diplomas.filter((d) => d.entryId === e.id).map(({ entryId: _, ...d }) => d),
      }
    }),
    photosNotInEntries: pendingPhotos
      .filter((p) => !own.has(p.id))
      .map((p) => ({ originalName: p.originalName, createdAt: p.createdAt, file: fileOf(p, 'без заявки') })),
    juryScores: given,
    votes,
    letters: letters.map((l) => ({ subject: l.subject, text: l.redactedText ?? l.text, status: l.status, createdAt: l.createdAt, sentAt: l.sentAt })),
    actions: audit.map((a) => ({ ...a, label: ACTION_LABELS[a.action] ?? a.action })),
  }
  return { json, photos }
}

/** The archive, streamed: `данные.json`, then each photo read from storage when the archive has taken the one before. */
export async function streamPersonalDataZip(userId: string, storage: Storage = getStorage()): Promise<Readable> {
  const { json, photos } = await personalData(userId)
  const { ZipArchive } = await import('archiver')
  const archive = new ZipArchive({ zlib: { level: 6 } })
  void (async () => {
    archive.append(JSON.stringify(json, null, 2), { name: 'данные.json' })
    for (const p of photos) {
      if (archive.destroyed) return
      const stored = await storage.get(p.key)
      if (!stored) continue
      const taken = once(archive, 'entry')
      archive.append(stored.stream, { name: p.file })
      await taken
    }
    await archive.finalize()
  })().catch((error: Error) => archive.destroy(error))
  return archive
}

