import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { publicBaseUrl } from '~/utils/public-url.server'
import { streamDiplomasZip } from '~/modules/documents/diploma-zip.server'
import { listPaperDiplomas } from '~/modules/documents/diplomas.server'
import { attachment } from '~/modules/documents/pdf.server'
import { requirePermission } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'

/** The diplomas of a contest's paper applications of the operator's ЦРН (and their own), in one ZIP; never anyone else's. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requirePermission(request, 'diploma.read_paper')
  const contestId = Number(params.contestId)
  const own = (await listPaperDiplomas(operator)).filter((d) => d.contestId === contestId)
  if (!own.length) refuse('not_found', 'Дипломов по бумажным заявкам вашего ЦРН в этом конкурсе нет.')
  const zip = await streamDiplomasZip(contestId, publicBaseUrl(request), { paperOf: operator })
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': attachment(`Дипломы по бумажным заявкам — ${own[0].contestTitle}.zip`),
      'Cache-Control': 'private, no-store',
    },
  })
}
