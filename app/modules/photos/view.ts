/** What the browser gets to know about a stored photo: its sizes and addresses, never its storage keys. */
import type { PhotoVariant } from '../../../db/schema/entries'
import type { PhotoStatus } from '../../../db/schema/enums'

/** The largest photo file anyone may upload: the browser refuses it before sending, the server again. */
export const MAX_UPLOAD_MB = 25
export const MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

/**
 * The long edge of each variant the pipeline makes (pipeline.server.ts); `full` is the largest size
 * the server keeps, so the browser downscales a photo to it before sending (photo-upload.client.ts).
 */
export const VARIANT_LONG_EDGE = { thumb: 400, gallery: 1200, full: 2400 } as const

/** Where the page sends photos over the resumable (tus) protocol: resumable.server.ts, send.client.ts. */
export const RESUMABLE_PATH = '/resources/photos/tus'

/**
 * The formats a photo may be in (what the pipeline's `sniffFormat` recognises: HEIC and AVIF are both
 * HEIF), as people read them, and as a file input's `accept` (names too, since some phones send HEIC
 * without a content type).
 */
const ACCEPTED_FORMAT_NAMES = ['JPEG', 'PNG', 'WebP', 'HEIC', 'AVIF'] as const
export const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,.heic,.heif,.avif,.jpg,.jpeg,.png,.webp'
/** «JPEG, PNG, WebP, HEIC и AVIF» (`и`) or «… HEIC или AVIF» (`или`). */
export const acceptedFormats = (conjunction: 'и' | 'или') => `${ACCEPTED_FORMAT_NAMES.slice(0, -1).join(', ')} ${conjunction} ${ACCEPTED_FORMAT_NAMES.at(-1)}`

export type PhotoSize = PhotoVariant['size']

export type PhotoView = {
  id: string
  width: number
  height: number
  /** Distinct variant widths, smallest first, for srcset; none until the photo's job has made them. */
  sources: { size: PhotoSize; width: number; height: number }[]
  status: PhotoStatus
  /** Why the photo could not be processed, for the resident and the organiser; null unless 'failed'. */
  failure: string | null
}

export function photoView(photo: { id: string; width: number; height: number; variants: PhotoVariant[]; status: PhotoStatus; failure: string | null }): PhotoView {
  const sources: PhotoView['sources'] = []
  for (const v of [...photo.variants].sort((a, b) => a.width - b.width)) {
    // A small original is never upscaled, so two variants can share a width: srcset wants one.
    if (!sources.some((s) => s.width === v.width)) sources.push({ size: v.size, width: v.width, height: v.height })
  }
  return { id: photo.id, width: photo.width, height: photo.height, sources, status: photo.status, failure: photo.failure }
}

/** What stands in a photo's place until its variants exist, and what it says once its job failed. */
export const PHOTO_PROCESSING = 'Фото обрабатывается'
export const PHOTO_PROCESSING_HINT = 'Обновите страницу через минуту, чтобы увидеть его.'
export const PHOTO_FAILED = 'Фото не обработано'

/**
 * The one address of a photo variant, whoever looks at it (the photo's id says nothing about its
 * entry or authors; app/modules/photos/access.server.ts decides who gets it).
 */
export const photoUrl = (id: string, size: PhotoSize) => `/resources/photos/${encodeURIComponent(id)}/${size}`

/** The `srcset` of a photo, smallest first. */
export const photoSrcSet = (photo: Pick<PhotoView, 'id' | 'sources'>) => photo.sources.map((s) => `${photoUrl(photo.id, s.size)} ${s.width}w`).join(', ')

/** The variant of that size, or the largest there is. */
export const photoSource = (photo: Pick<PhotoView, 'sources'>, size: PhotoSize) => photo.sources.find((s) => s.size === size) ?? photo.sources[photo.sources.length - 1]
