import { Link, useSearchParams } from '@remix-run/react'

/**
 * The pages before and after of a long list, keeping the other query parameters (filters) as they are;
 * plain links, so they work without JavaScript. The words default to those of lists newest first.
 */
export function Pager({
  page,
  pages,
  total,
  label,
  previous = '← Новее',
  next: nextLabel = 'Старее →',
  className,
  param = 'page',
}: {
  page: number
  pages: number
  total: number
  label: string
  previous?: string
  next?: string
  /** The stylesheet class of the links' row, of the page's own area (org-actions on the organiser's). */
  className: string
  /** The query parameter that holds the page number (a page with two lists pages each by its own). */
  param?: string
}) {
  const [params] = useSearchParams()
  if (pages <= 1) return null
  const link = (p: number) => {
    const next = new URLSearchParams(params)
    next.set(param, String(p))
    return `?${next}`
  }
  return (
    <nav aria-label={label} className={className}>
      {page > 1 ? <Link to={link(page - 1)}>{previous}</Link> : null}
      <span>
        Страница {page} из {pages} (всего {total})
      </span>
      {page < pages ? <Link to={link(page + 1)}>{nextLabel}</Link> : null}
    </nav>
  )
}
