import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { attachment, responseBody } from '~/modules/documents/pdf.server'
import { renderProtocol } from '~/modules/documents/protocol-pdf.server'
import { stageProtocol } from '~/modules/results/results.server'
import { refuse } from '~/utils/refusal.server'

/** An id from the query, absent when not given; anything else than a positive integer is no such page. */
function idParam(url: URL, name: string) {
  const raw = url.searchParams.get(name)
  if (raw === null) return null
  const id = Number(raw)
  if (!/^\d{1,9}$/.test(raw) || id < 1) refuse('not_found', 'Такого протокола нет.')
  return id
}

/**
 * A stage's protocol (the final stage's when none is named): the published results, or a draft of what
 * would be published now; on a district stage, one district's commission (`?stage=…&district=…`).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'documents.export')
  const url = new URL(request.url)
  const protocol = await stageProtocol(contest.id, { stageId: idParam(url, 'stage'), districtId: idParam(url, 'district') })
  if (!protocol) refuse('not_found', 'Такого протокола нет: у конкурса нет этого этапа или комиссии.')
  const pdf = await renderProtocol(protocol.snapshot, { date: protocol.date, draft: protocol.draft, commission: protocol.commission })
  const name = [`Протокол жюри — ${contest.title}`, protocol.snapshot.stage.name, protocol.commission].filter(Boolean).join(', ')
  return new Response(responseBody(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(`${name}${protocol.draft ? ' (проект)' : ''}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
