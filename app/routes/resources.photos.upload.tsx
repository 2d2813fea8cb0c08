import type { ActionFunctionArgs } from '@remix-run/node'
import { discardPendingPhoto, receivePendingPhoto } from '~/modules/photos/photos.server'
import { asRefusal } from '~/utils/refusal'
import { refusalJson } from '~/utils/refusal.server'
import { requireUser } from '~/utils/auth.server'

/** Nothing to show: the page posts photos here with JavaScript, one file per request, to show progress and previews. */
export function loader() {
  throw new Response('Такой страницы нет.', { status: 404 })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  const discard = url.searchParams.get('discard')
  if (discard) {
    const done = await discardPendingPhoto(user.id, discard)
    return new Response(null, { status: done ? 204 : 404 })
  }
  const contestId = Number(url.searchParams.get('contest'))
  const headers = { 'Cache-Control': 'no-store' }
  try {
    return Response.json(await receivePendingPhoto(request, user.id, Number.isInteger(contestId) && contestId > 0 ? contestId : null), { headers })
  } catch (error) {
    return refusalJson(asRefusal(error), { headers })
  }
}
