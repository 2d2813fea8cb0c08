import type { LoaderFunctionArgs } from '@remix-run/node'
import { publicBaseUrl } from '~/utils/public-url.server'
import { renderDiploma } from '~/modules/documents/diploma-pdf.server'
import { diplomaForDownload } from '~/modules/documents/diplomas.server'
import { attachment, responseBody } from '~/modules/documents/pdf.server'
import { requirePermission } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'

/** A diploma's PDF for its recipient (author or the entrant who submitted the entry) or an organiser. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const diploma = await diplomaForDownload(user, params.number ?? '')
  if (!diploma) refuse('not_found', 'Такого диплома среди ваших нет.')
  const pdf = await renderDiploma(diploma, publicBaseUrl(request))
  return new Response(responseBody(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachment(`Диплом ${diploma.number}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
