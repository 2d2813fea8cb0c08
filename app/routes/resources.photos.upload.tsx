import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { discardPendingPhoto, receivePendingPhoto } from '~/modules/photos/photos.server'
import { requirePermission } from '~/utils/permissions.server'
import { asRefusal, NO_SUCH_PAGE, Refusal } from '~/utils/refusal'
import { refusalJson, refuse } from '~/utils/refusal.server'

/** Nothing to show: the page posts photos here with JavaScript, one file per request, to show progress and previews. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account.use')
  refuse('not_found', NO_SUCH_PAGE)
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const url = new URL(request.url)
  const discard = url.searchParams.get('discard')
  if (discard) {
    if (await discardPendingPhoto(user.id, discard)) return new Response(null, { status: 204 })
    return refusalJson(new Refusal('not_found', 'Такой фотографии нет: возможно, она уже удалена.'))
  }
  const contestId = Number(url.searchParams.get('contest'))
  const headers = { 'Cache-Control': 'no-store' }
  try {
    return Response.json(await receivePendingPhoto(request, user.id, Number.isInteger(contestId) && contestId > 0 ? contestId : null), { headers })
  } catch (error) {
    return refusalJson(asRefusal(error), { headers })
  }
}
