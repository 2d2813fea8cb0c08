import type { LoaderFunctionArgs } from '@remix-run/node'
import { newChallenge } from '~/modules/voting/proof.server'
import { requirePermission } from '~/utils/permissions.server'

/** A fresh proof-of-work challenge for the vote's altcha widget (docs/decisions/037). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'vote.cast')
  return Response.json(await newChallenge(), { headers: { 'Cache-Control': 'no-store' } })
}
