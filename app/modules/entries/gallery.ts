import type { ContestStatus } from '../../../db/schema/enums'

export const GALLERY_PAGE_SIZE = 48

/** Once the jury has finished, the accepted entries are shown whatever the contest's settings. */
const PAST_JUDGING: ContestStatus[] = ['review', 'published', 'archived']

/** Whether the public sees the accepted entries (and their photos) of the contest now. */
export function isGalleryOpen(contest: { status: ContestStatus; galleryOpenDuringContest: boolean }) {
  if (PAST_JUDGING.includes(contest.status)) return true
  return contest.galleryOpenDuringContest && (contest.status === 'accepting' || contest.status === 'judging')
}
