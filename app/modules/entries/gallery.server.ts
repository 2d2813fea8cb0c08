/**
 * The public gallery of a contest: accepted entries only, only while the gallery is open, authors'
 * names only where the contest makes them public and its results are out (lifecycle's authorsPublic),
 * and never anyone's contacts.
 */
import { and, asc, count, inArray, eq, sql } from 'drizzle-orm'
import { getDb, schema, firstRow } from '../../../db/client.server'
import { authorsPublic, isGalleryOpen, PUBLIC_STATUSES } from '../contests/lifecycle'
import { photoView } from '../photos/view'
import { GALLERY_PAGE_SIZE, type GalleryItem } from './gallery'
import { fieldDisplayValue } from './validation'
import { formatEntryNumber, parseEntryNumber } from '../contests/entry-number'
import { publicEntrantName } from '../contests/entrant'

const { contest, nomination, entry, author, photo, district, entryFieldValue, formField } = schema

async function publicContest(slug: string) {
  return (
    (await firstRow(
      getDb()
        .select({
          id: contest.id,
          slug: contest.slug,
          title: contest.title,
          status: contest.status,
          numberPrefix: contest.numberPrefix,
          authorsPublic: contest.authorsPublic,
          organisationEntrant: contest.organisationEntrant,
          galleryOpenDuringContest: contest.galleryOpenDuringContest,
        })
        .from(contest)
        .where(and(eq(contest.slug, slug), inArray(contest.status, PUBLIC_STATUSES))),
    )) ?? null
  )
}

async function authorNames(entryIds: number[]) {
  if (entryIds.length === 0) return new Map<number, string[]>()
  const rows = await getDb()
    .select({ entryId: author.entryId, fullName: author.fullName })
    .from(author)
    .where(inArray(author.entryId, entryIds))
    .orderBy(asc(author.entryId), asc(author.position))
  const names = new Map<number, string[]>()
  for (const r of rows) names.set(r.entryId, [...(names.get(r.entryId) ?? []), r.fullName])
  return names
}

async function galleryPage(c: NonNullable<Awaited<ReturnType<typeof publicContest>>>, nominationId: number | null, requestedPage: number) {
  const db = getDb()
  const nominations = await db
    .select({ id: nomination.id, name: nomination.name })
    .from(nomination)
    .where(eq(nomination.contestId, c.id))
    .orderBy(asc(nomination.position), asc(nomination.id))
  const filter = nominations.some((n) => n.id === nominationId) ? nominationId : null
  const where = and(eq(entry.contestId, c.id), eq(entry.status, 'accepted'), filter === null ? undefined : eq(entry.nominationId, filter))
  const total = (await firstRow(
    db
      .select({ n: count() })
      .from(entry)
      .where(where),
  ))!.n
  const pageCount = Math.max(1, Math.ceil(total / GALLERY_PAGE_SIZE))
  const page = Math.min(Math.max(1, requestedPage), pageCount)
  const rows = await db
    .select({
      id: entry.id,
      seq: entry.seq,
      title: entry.title,
      nominationId: entry.nominationId,
      organisationName: schema.organisation.name,
      // Spelled out: drizzle leaves columns of a single-table select unqualified, which would bind them to the inner table.
      // Only photos whose variants exist are shown to the public (one still processing, or failed, is not).
      photoId: sql<string | null>`(select "p"."id" from "photo" "p" where "p"."entry_id" = "entry"."id" and "p"."status" = 'ready' order by "p"."position" limit 1)`,
    })
    .from(entry)
    .leftJoin(schema.organisation, eq(schema.organisation.id, entry.organisationId))
    .where(where)
    .orderBy(asc(entry.seq))
    .limit(GALLERY_PAGE_SIZE)
    .offset((page - 1) * GALLERY_PAGE_SIZE)
  const photoIds = rows.map((r) => r.photoId).filter((id): id is string => !!id)
  const covers = photoIds.length
    ? await db
        .select({ id: photo.id, width: photo.width, height: photo.height, variants: photo.variants, status: photo.status, failure: photo.failure })
        .from(photo)
        .where(inArray(photo.id, photoIds))
    : []
  const names = authorsPublic(c) ? await authorNames(rows.map((r) => r.id)) : new Map<number, string[]>()
  const items: GalleryItem[] = rows.map((r) => {
    const cover = covers.find((p) => p.id === r.photoId)
    return {
      number: formatEntryNumber(c.numberPrefix, r.seq),
      title: r.title,
      nomination: nominations.find((n) => n.id === r.nominationId)?.name ?? null,
      entrant: publicEntrantName(c, r.organisationName),
      authors: names.get(r.id) ?? null,
      cover: cover ? photoView(cover) : null,
    }
  })
  return { nominations, nominationId: filter, total, page, pages: pageCount, items }
}

/** One page of the gallery; null when there is no such public contest. */
export async function getGallery(slug: string, options: { nominationId: number | null; page: number }) {
  const c = await publicContest(slug)
  if (!c) return null
  const open = isGalleryOpen(c)
  const contestView = { slug: c.slug, title: c.title }
  if (!open) return { contest: contestView, open, nominations: [], nominationId: null, total: 0, page: 1, pages: 1, items: [] as GalleryItem[] }
  return { contest: contestView, open, ...(await galleryPage(c, options.nominationId, options.page)) }
}

/** An accepted entry's public page (no address: with a name it would point at someone's home); null when it is not public (not accepted, gallery closed, no such number). */
export async function getPublicEntry(slug: string, number: string) {
  const c = await publicContest(slug)
  if (!c || !isGalleryOpen(c)) return null
  const seq = parseEntryNumber(number, c.numberPrefix)
  if (seq === null) return null
  const db = getDb()
  const row = await firstRow(
    db
      .select({
        id: entry.id,
        seq: entry.seq,
        title: entry.title,
        description: entry.description,
        nominationName: nomination.name,
        districtName: district.name,
        organisationName: schema.organisation.name,
      })
      .from(entry)
      .leftJoin(nomination, eq(nomination.id, entry.nominationId))
      .leftJoin(district, eq(district.id, entry.districtId))
      .leftJoin(schema.organisation, eq(schema.organisation.id, entry.organisationId))
      .where(and(eq(entry.contestId, c.id), eq(entry.seq, seq), eq(entry.status, 'accepted'))),
  )
  if (!row) return null
  const photos = await db
    .select()
    .from(photo)
    .where(and(eq(photo.entryId, row.id), eq(photo.status, 'ready')))
    .orderBy(asc(photo.position))
  const fields = await db
    .select({ label: formField.label, kind: formField.kind, value: entryFieldValue.value })
    .from(entryFieldValue)
    .innerJoin(formField, eq(formField.id, entryFieldValue.fieldId))
    .where(and(eq(entryFieldValue.entryId, row.id), eq(formField.isPublic, true)))
    .orderBy(asc(formField.position))
  return {
    contest: { slug: c.slug, title: c.title },
    entry: {
      number: formatEntryNumber(c.numberPrefix, row.seq),
      title: row.title,
      description: row.description,
      nomination: row.nominationName,
      district: row.districtName,
      entrant: publicEntrantName(c, row.organisationName),
      authors: authorsPublic(c) ? ((await authorNames([row.id])).get(row.id) ?? []) : null,
      fields: fields.map((f) => ({ label: f.label, value: fieldDisplayValue(f.kind, f.value) })),
      photos: photos.map(photoView),
    },
  }
}
