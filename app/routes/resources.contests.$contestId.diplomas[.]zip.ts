import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { publicBaseUrl } from '~/utils/public-url.server'
import { streamDiplomasZip } from '~/modules/documents/diploma-zip.server'
import { countContestDiplomas } from '~/modules/documents/diplomas.server'
import { attachment } from '~/modules/documents/pdf.server'
import { refuse } from '~/utils/refusal.server'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'documents.export')
  if (!(await countContestDiplomas(contest.id)).total) refuse('not_found', 'Дипломов нет: итоги конкурса не опубликованы.')
  const zip = await streamDiplomasZip(contest.id, publicBaseUrl(request))
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': attachment(`Дипломы — ${contest.title}.zip`),
      'Cache-Control': 'private, no-store',
    },
  })
}
