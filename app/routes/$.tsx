import { refuse } from '~/utils/refusal.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'

export function loader() {
  refuse('not_found', 'Такой страницы нет. Возможно, ссылка устарела или в ней опечатка.')
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
