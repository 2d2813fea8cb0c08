import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { NO_SUCH_PAGE } from '~/utils/refusal'

const TITLES: Record<number, string> = {
  400: 'Неверный запрос',
  403: 'Доступ запрещён',
  404: 'Страница не найдена',
  405: 'Действие недоступно',
  413: 'Слишком большой запрос',
  429: 'Слишком много запросов',
}

/** One error page for every route: thrown responses (403, 404 …) show their own text; anything else is a 500 without details. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    const title = TITLES[error.status] ?? 'Ошибка'
    const text = typeof error.data === 'string' && error.data ? error.data : defaultText(error.status)
    return (
      <section className="error-page" aria-labelledby="error-title">
        <h1 id="error-title">{title}</h1>
        <p>{text}</p>
        <p className="muted">Код ошибки: {error.status}</p>
        <p>
          <Link to="/">На главную</Link>
        </p>
      </section>
    )
  }
  if (typeof document === 'undefined') console.error(error)
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">Что-то пошло не так</h1>
      <p>Мы уже знаем об ошибке. Попробуйте обновить страницу через минуту.</p>
      <p>
        <Link to="/">На главную</Link>
      </p>
    </section>
  )
}

function defaultText(status: number) {
  if (status === 404) return NO_SUCH_PAGE
  if (status === 403) return 'У вашей учётной записи нет прав для этой страницы.'
  return 'Запрос не может быть выполнен.'
}
