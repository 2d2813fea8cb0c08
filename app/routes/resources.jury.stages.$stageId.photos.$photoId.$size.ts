import type { LoaderFunctionArgs } from '@remix-run/node'
import { jurorPhotoKey } from '~/modules/jury/scoring.server'
import { photoResponse, photoSize } from '~/modules/photos/serve.server'
import { requirePermission } from '~/utils/permissions.server'

/** A photo of an entry the juror judges in the stage, whatever the public gallery shows: metadata-free WebP from the pipeline. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const juror = await requirePermission(request, 'jury.score')
  const size = photoSize(params.size)
  const key = size ? jurorPhotoKey(juror, Number(params.stageId), params.photoId ?? '', size) : null
  // Private: only this juror may see it; an hour, so that a recusal soon stops it showing.
  return photoResponse(key, 'private, max-age=3600')
}
