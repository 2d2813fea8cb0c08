import { GeneralErrorBoundary } from '~/components/error-boundary'

export function loader() {
  throw new Response('Такой страницы нет. Возможно, ссылка устарела или в ней опечатка.', { status: 404 })
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
