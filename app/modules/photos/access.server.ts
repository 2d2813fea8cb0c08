/**
 * Who may see which size of which photo, and how long a browser or a shared cache may keep it: the one
 * rule every photo address answers by (app/routes/resources.photos.$photoId.$size.tsx).
 */
import { createReadableStreamFromReadable } from '@remix-run/node'
import { eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { getDb, schema, firstRow } from '../../../db/client.server'
import { joinedValues } from '../../../db/dialect.server'
import type { ContestStatus, EntryStatus } from '../../../db/schema/enums'
import type { PhotoVariant } from '../../../db/schema/entries'
import type { CurrentUser } from '../../utils/auth.server'
import { can } from '../../utils/permissions.server'
import { getStorage } from '../../utils/storage.server'
import { chairpersonSees } from '../contests/entrant'
import { isGalleryOpen, PUBLIC_STATUSES } from '../contests/lifecycle'
import { isPhotoInPublishedResults } from '../results/results.server'
import type { PhotoSize } from './view'

const { photo, entry, contest, author } = schema
const coverOf = alias(contest, 'cover_of')

const SIZES = ['thumb', 'gallery', 'full'] as const satisfies readonly PhotoSize[]

/**
 * The Cache-Control of each answer. A variant's bytes never change under its address, so what anyone
 * may see is kept for a year by anyone; everything else is kept by the viewer's browser only and
 * checked again on every use (the ETag spares the bytes), because access can end: an entry withdrawn
 * or rejected, a recusal, a juror taken off a stage.
 */
export const PHOTO_CACHE_CONTROL = {
  public: 'public, max-age=31536000, immutable',
  private: 'private, no-cache',
  denied: 'no-store',
} as const

export type PhotoViewer = Pick<CurrentUser, 'id' | 'roles'>

/** What the rule needs to know about a photo, read by photoFacts. */
export type PhotoFacts = {
  id: string
  uploaderId: string
  sizes: PhotoSize[]
  /** The status of the contest whose cover the photo is, or null: a cover belongs to no entry. */
  coverOf: ContestStatus | null
  /** Null while the photo is an upload waiting for its form to be saved, and for a contest's cover. */
  entry: {
    id: number
    status: EntryStatus
    ownerId: string | null
    enteredById: string | null
    /** Accounts of the authors linked to the entry (co-authors see their entry as its owner does). */
    authorIds: string[]
    /** The account of the chairperson of the entry's organisation, where organisations are the contest's entrants (contests/entrant.ts). */
    chairpersonId?: string | null
    contest: { status: ContestStatus; galleryOpenDuringContest: boolean }
    inPublishedResults: boolean
  } | null
}

/**
 * Whether the viewer judges the entry in a stage of theirs. The jury's rule, handed in by the route:
 * the jury module depends on photos (the photo views it shows), not photos on the jury.
 */
export type JurorCheck = (entryId: number) => boolean | Promise<boolean>

export type PhotoGrant = 'anyone' | 'uploader' | 'entrant' | 'organiser' | 'juror'

export type PhotoAccess =
  | { allowed: false; cacheControl: typeof PHOTO_CACHE_CONTROL.denied }
  | { allowed: true; grant: PhotoGrant; cacheControl: typeof PHOTO_CACHE_CONTROL.public | typeof PHOTO_CACHE_CONTROL.private }

const denied = { allowed: false, cacheControl: PHOTO_CACHE_CONTROL.denied } as const
const privately = (grant: PhotoGrant): PhotoAccess => ({ allowed: true, grant, cacheControl: PHOTO_CACHE_CONTROL.private })

/**
 * Who may see a photo in a size, and how it may be cached:
 * - an upload not yet part of an entry: the person who uploaded it;
 * - anyone: an accepted entry's photos while the contest's gallery is open, and the photos in standing
 *   published results; kept publicly for a year only when the entry is accepted (a photo frozen into
 *   results of an entry disqualified since is still shown there, but no shared cache keeps it);
 * - the entry's owner, the operator who entered it, the authors linked to it by account, the chairperson of
 *   its organisation in an organisation's contest (contests/entrant.ts), and whoever
 *   moderates entries (organisers, in the permission map);
 * - a juror who may open the entry in a stage they judge (blind: the address and the headers are the
 *   same as anyone else's, so they tell nothing about the authors);
 * - a contest's cover: anyone once the contest is public (a new cover is a new photo, so a year's
 *   caching is safe), before that whoever manages contests.
 * Anything else is refused, and the route answers 404 so that a stranger does not learn that the photo exists.
 */
export async function photoAccess(viewer: PhotoViewer | null, photo: PhotoFacts, size: string, jurorMayOpen: JurorCheck): Promise<PhotoAccess> {
  if (!photo.sizes.some((s) => s === size)) return denied
  if (photo.coverOf) {
    if (PUBLIC_STATUSES.includes(photo.coverOf)) return { allowed: true, grant: 'anyone', cacheControl: PHOTO_CACHE_CONTROL.public }
    return can(viewer, 'contest.manage') ? privately('organiser') : denied
  }
  const e = photo.entry
  if (!e) return viewer?.id === photo.uploaderId ? privately('uploader') : denied
  const accepted = e.status === 'accepted'
  if ((accepted && isGalleryOpen(e.contest)) || e.inPublishedResults) {
    return { allowed: true, grant: 'anyone', cacheControl: accepted ? PHOTO_CACHE_CONTROL.public : PHOTO_CACHE_CONTROL.private }
  }
  if (!viewer) return denied
  if (viewer.id === e.ownerId || viewer.id === e.enteredById || e.authorIds.includes(viewer.id) || (!!e.chairpersonId && viewer.id === e.chairpersonId)) return privately('entrant')
  if (can(viewer, 'entry.moderate')) return privately('organiser')
  if (can(viewer, 'jury.score') && (await jurorMayOpen(e.id))) return privately('juror')
  return denied
}

/** The size an address names, or null for anything else. */
export function photoSize(param: string | undefined): PhotoSize | null {
  return SIZES.find((s) => s === param) ?? null
}

/** The facts photoAccess decides on, and the stored variants; null when there is no such photo. */
export async function photoFacts(photoId: string): Promise<(PhotoFacts & { variants: PhotoVariant[] }) | null> {
  const db = getDb()
  const row = await firstRow(
    db
      .select({
        uploaderId: photo.ownerId,
        variants: photo.variants,
        entryId: photo.entryId,
        status: entry.status,
        ownerId: entry.ownerId,
        enteredById: entry.enteredById,
        contestId: entry.contestId,
        contestStatus: contest.status,
        galleryOpenDuringContest: contest.galleryOpenDuringContest,
        organisationEntrant: contest.organisationEntrant,
        chairpersonId: schema.organisation.chairpersonId,
        coverOf: coverOf.status,
        authorIds: sql<string | null>`(select ${joinedValues(author.userId)} from ${author} where ${author.entryId} = ${photo.entryId} and ${author.userId} is not null)`,
      })
      .from(photo)
      .leftJoin(entry, eq(entry.id, photo.entryId))
      .leftJoin(contest, eq(contest.id, entry.contestId))
      .leftJoin(schema.organisation, eq(schema.organisation.id, entry.organisationId))
      .leftJoin(coverOf, eq(coverOf.coverPhotoId, photo.id))
      .where(eq(photo.id, photoId)),
  )
  if (!row) return null
  const inEntry = row.entryId !== null && row.status !== null && row.contestId !== null && row.contestStatus !== null
  return {
    id: photoId,
    uploaderId: row.uploaderId,
    variants: row.variants,
    sizes: row.variants.map((v) => v.size),
    coverOf: row.coverOf,
    entry: inEntry
      ? {
          id: row.entryId!,
          status: row.status!,
          ownerId: row.ownerId,
          enteredById: row.enteredById,
          authorIds: row.authorIds ? row.authorIds.split(',') : [],
          chairpersonId: row.organisationEntrant && chairpersonSees({ organisationEntrant: true }, row.status!) ? row.chairpersonId : null,
          contest: { status: row.contestStatus!, galleryOpenDuringContest: !!row.galleryOpenDuringContest },
          inPublishedResults: await isPhotoInPublishedResults(photoId, row.contestId!),
        }
      : null,
  }
}

function notFound() {
  return new Response('Фотография не найдена.', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': PHOTO_CACHE_CONTROL.denied },
  })
}

const etagMatches = (header: string | null, etag: string) => !!header && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')

/**
 * The answer to a photo address: the metadata-free WebP variant with the Cache-Control photoAccess
 * chose, 304 when the browser already holds it, or 404 (no such photo, size, or right to see it).
 */
export async function photoResponse(request: Request, viewer: PhotoViewer | null, photoId: string | undefined, sizeParam: string | undefined, jurorMayOpen: JurorCheck) {
  const size = photoSize(sizeParam)
  const facts = size && photoId ? await photoFacts(photoId) : null
  if (!size || !facts) return notFound()
  const access = await photoAccess(viewer, facts, size, jurorMayOpen)
  if (!access.allowed) return notFound()
  const headers = new Headers({
    'Content-Type': 'image/webp',
    ETag: `"${facts.id}-${size}"`,
    'Cache-Control': access.cacheControl,
    'Content-Disposition': 'inline',
  })
  if (etagMatches(request.headers.get('if-none-match'), headers.get('ETag')!)) return new Response(null, { status: 304, headers })
  const key = facts.variants.find((v) => v.size === size)!.key
  const file = await getStorage().get(key)
  if (!file) {
    console.error(`Photo ${facts.id} (${size}) is in the database but not in storage`)
    return notFound()
  }
  headers.set('Content-Length', String(file.size))
  return new Response(createReadableStreamFromReadable(file.stream), { status: 200, headers })
}
