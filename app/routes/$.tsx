import { NO_SUCH_PAGE } from '~/utils/refusal'
import { refuse } from '~/utils/refusal.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'

export function loader() {
  refuse('not_found', NO_SUCH_PAGE)
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
