import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { attachment, responseBody } from '~/modules/documents/pdf.server'
import { renderProtocol } from '~/modules/documents/protocol-pdf.server'
import { activePublication, draftSnapshot } from '~/modules/results/results.server'
import { refuse } from '~/utils/refusal.server'
import type { ResultSnapshot } from '~/modules/results/ranking'

/** The protocol of the published results; before publication, a draft of what would be published now. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'documents.export')
  const live = await activePublication(contest.id)
  const snapshot = live ? (live.snapshot as ResultSnapshot) : await draftSnapshot(contest.id)
  if (!snapshot) refuse('not_found', 'У конкурса нет этапов: протокол составлять не по чему.')
  const pdf = await renderProtocol(snapshot, { date: live?.publishedAt ?? new Date(), draft: !live })
  return new Response(responseBody(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(`Протокол жюри — ${contest.title}${live ? '' : ' (проект)'}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
