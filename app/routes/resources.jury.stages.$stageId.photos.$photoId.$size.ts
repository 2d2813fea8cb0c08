import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { jurorPhotoKey } from '~/modules/jury/scoring.server'
import { requireRole } from '~/utils/auth.server'
import { getStorage } from '~/utils/storage.server'

const SIZES = ['thumb', 'gallery', 'full'] as const

/** A photo of an entry the juror judges in the stage, whatever the public gallery shows: metadata-free WebP from the pipeline. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const juror = await requireRole(request, 'juror')
  const size = SIZES.find((s) => s === params.size)
  const key = size ? jurorPhotoKey(juror, Number(params.stageId), params.photoId ?? '', size) : null
  const file = key ? await getStorage().get(key) : null
  if (!file) throw new Response('Фотография не найдена.', { status: 404 })
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.size),
      // Private: only this juror may see it; an hour, so that a recusal soon stops it showing.
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
