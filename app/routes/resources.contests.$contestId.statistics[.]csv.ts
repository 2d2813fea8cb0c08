import type { LoaderFunctionArgs } from '@remix-run/node'
import { contestStatisticsDownload } from '~/modules/documents/statistics-routes.server'

export function loader(args: LoaderFunctionArgs) {
  return contestStatisticsDownload(args, 'csv')
}
