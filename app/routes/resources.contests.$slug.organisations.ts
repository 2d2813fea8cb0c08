import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPublicContestBySlug } from '~/modules/entries/entries.server'
import { searchOrganisations } from '~/modules/entries/organisation-choice.server'
import { requirePermission } from '~/utils/permissions.server'
import { NO_PUBLIC_CONTEST } from '~/utils/refusal'
import { refuse } from '~/utils/refusal.server'

/**
 * The entry form's suggestions as one types a committee's or organisation's name (`?q=`): a few of the
 * contest's kinds, each with its code (entries/organisation-choice.server.ts). For whoever may apply.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'entry.apply')
  const contest = await getPublicContestBySlug(params.slug ?? '')
  if (!contest) refuse('not_found', NO_PUBLIC_CONTEST)
  const q = new URL(request.url).searchParams.get('q') ?? ''
  return Response.json({ options: await searchOrganisations(contest, q) }, { headers: { 'cache-control': 'private, no-store' } })
}
