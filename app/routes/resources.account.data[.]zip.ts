import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { attachment } from '~/modules/documents/pdf.server'
import { streamPersonalDataZip } from '~/modules/privacy/export.server'
import { requirePermission } from '~/utils/permissions.server'

/** «Мои данные»: everything the service holds about the signed-in person, as a ZIP (docs/decisions/023-…). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const zip = await streamPersonalDataZip(user.id)
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': attachment('Мои данные — Городские конкурсы.zip'),
      'Cache-Control': 'private, no-store',
    },
  })
}
