import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/utils/permissions.server'
import { contestStatisticsDownload } from '~/modules/documents/statistics-routes.server'

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args.request, 'documents.export')
  return contestStatisticsDownload(args, 'csv')
}
