import type { LoaderFunctionArgs } from '@remix-run/node'
import { jurorMayOpenEntry } from '~/modules/jury/scoring.server'
import { photoResponse } from '~/modules/photos/access.server'
import { getUser } from '~/utils/auth.server'

/** Every photo variant, for everyone: app/modules/photos/access.server.ts decides who gets it and how it is cached. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await getUser(request)
  return photoResponse(request, user, params.photoId, params.size, async (entryId) => !!user && await jurorMayOpenEntry(user, entryId))
}
