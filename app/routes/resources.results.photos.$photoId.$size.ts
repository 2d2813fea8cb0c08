import type { LoaderFunctionArgs } from '@remix-run/node'
import { photoResponse, photoSize } from '~/modules/photos/serve.server'
import { publishedPhotoKey } from '~/modules/results/results.server'

/** Photos of the entries in published results: public as the results are, whatever the gallery settings. */
export async function loader({ params }: LoaderFunctionArgs) {
  const size = photoSize(params.size)
  const key = size ? publishedPhotoKey(params.photoId ?? '', size) : null
  // Withdrawn results must stop showing their photos soon: an hour, not a year.
  return photoResponse(key, 'public, max-age=3600')
}
