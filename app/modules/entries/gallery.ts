import type { ContestStatus } from '../../../db/schema/contests'
import type { PhotoView } from '../photos/view'

export const GALLERY_PAGE_SIZE = 48

/** Once the jury has finished, the accepted entries are shown whatever the contest's settings. */
const PAST_JUDGING: ContestStatus[] = ['review', 'published', 'archived']

/** Whether the public sees the accepted entries (and their photos) of the contest now. */
export function isGalleryOpen(contest: { status: ContestStatus; galleryOpenDuringContest: boolean }) {
  if (PAST_JUDGING.includes(contest.status)) return true
  return contest.galleryOpenDuringContest && (contest.status === 'accepting' || contest.status === 'judging')
}

/** An accepted entry as the gallery's grid shows it. */
export type GalleryItem = { number: string; title: string; nomination: string | null; authors: string[] | null; cover: PhotoView | null }
