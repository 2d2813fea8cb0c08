import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { handleResumable } from '~/modules/photos/resumable.server'
import { requirePermission } from '~/utils/permissions.server'

/**
 * Resumable uploads of photos sent ahead of the form (the tus protocol, app/modules/photos/resumable.server.ts):
 * HEAD asks how far an upload has come; POST starts one, PATCH adds bytes from that offset, DELETE drops it.
 * The same permission as the plain upload route (resources.photos.upload.tsx).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  return handleResumable(request, user.id)
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  return handleResumable(request, user.id)
}
