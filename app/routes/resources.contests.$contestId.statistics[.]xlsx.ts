import type { LoaderFunctionArgs } from '@remix-run/node'
import { contestStatisticsDownload } from '~/modules/documents/statistics-routes.server'
import { requirePermission } from '~/utils/permissions.server'

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args.request, 'documents.export')
  return contestStatisticsDownload(args, 'xlsx')
}
