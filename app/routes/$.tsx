import { GeneralErrorBoundary } from '~/components/error-boundary'
import { refuse } from '~/utils/refusal.server'

export function loader() {
  refuse('not_found', 'Такой страницы нет. Возможно, ссылка устарела или в ней опечатка.')
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
