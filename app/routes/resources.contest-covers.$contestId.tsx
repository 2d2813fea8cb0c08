import type { LoaderFunctionArgs } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { openCover, type CoverSize } from '~/modules/photos/cover.server'
import { getUser } from '~/utils/auth.server'
import { can } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'

const SIZES: CoverSize[] = ['thumb', 'gallery', 'full']

/** A contest's cover as WebP: `?size=thumb|gallery|full`. The page adds the photo id to the address, so a new cover is a new URL. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await getUser(request)
  const asked = new URL(request.url).searchParams.get('size') as CoverSize
  const size = SIZES.includes(asked) ? asked : 'gallery'
  const file = await openCover(Number(params.contestId), size, can(user, 'contest.manage'))
  if (!file) refuse('not_found', 'Обложки нет')
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.size),
      // Drafts' covers are for organisers only: no shared cache may keep them.
      'Cache-Control': 'private, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
