import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { publishedPhotoKey } from '~/modules/results/results.server'
import { getStorage } from '~/utils/storage.server'

const SIZES = ['thumb', 'gallery', 'full'] as const

/** Photos of the entries in published results: public as the results are, whatever the gallery settings. */
export async function loader({ params }: LoaderFunctionArgs) {
  const size = SIZES.find((s) => s === params.size)
  const key = size ? publishedPhotoKey(params.photoId ?? '', size) : null
  const file = key ? await getStorage().get(key) : null
  if (!file) throw new Response('Фотография не найдена.', { status: 404 })
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.size),
      // Withdrawn results must stop showing their photos soon: an hour, not a year.
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
