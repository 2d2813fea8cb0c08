import { Link, useSearchParams } from '@remix-run/react'

/** Newer and older pages of a long list, keeping the other query parameters (filters) as they are. */
export function Pager({ page, pages, total, label }: { page: number; pages: number; total: number; label: string }) {
  const [params] = useSearchParams()
  if (pages <= 1) return null
  const link = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  return (
    <nav aria-label={label} className="org-actions">
      {page > 1 ? <Link to={link(page - 1)}>← Новее</Link> : null}
      <span>
        Страница {page} из {pages} (всего {total})
      </span>
      {page < pages ? <Link to={link(page + 1)}>Старее →</Link> : null}
    </nav>
  )
}
