import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportTable } from '~/modules/directory/directory.server'
import { listDownload } from '~/modules/directory/files.server'
import { isDirectoryList } from '~/modules/directory/lists'
import { requirePermission } from '~/utils/permissions.server'
import { NO_SUCH_PAGE } from '~/utils/refusal'
import { refuse } from '~/utils/refusal.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'directory.manage')
  if (!isDirectoryList(params.list)) refuse('not_found', NO_SUCH_PAGE)
  return listDownload(params.list, 'xlsx', await exportTable(params.list))
}
