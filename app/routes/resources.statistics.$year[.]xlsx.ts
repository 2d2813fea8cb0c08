import type { LoaderFunctionArgs } from '@remix-run/node'
import { yearStatisticsDownload } from '~/modules/documents/statistics-routes.server'

export function loader(args: LoaderFunctionArgs) {
  return yearStatisticsDownload(args, 'xlsx')
}
