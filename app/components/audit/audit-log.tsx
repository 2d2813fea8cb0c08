import { Form } from '@remix-run/react'
import { Pager } from '~/components/organiser/pager'

export type AuditRowView = { id: number; at: string; who: string; what: string; entity: string; changes: { field: string; before: string | null; after: string | null }[] }

/** An audit log's page: the filter by kind of record, the records with their changes (before → after), the pager. */
export function AuditLog({
  rows,
  page,
  pages,
  total,
  type,
  types,
}: {
  rows: AuditRowView[]
  page: number
  pages: number
  total: number
  type: string
  types: { value: string; label: string }[]
}) {
  return (
    <>
      <Form method="get" className="search-form">
        <label htmlFor="audit-type">Что показать</label>
        <select id="audit-type" name="type" defaultValue={type}>
          <option value="">Все записи</option>
          {types.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          Показать
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">Записей нет.</p>
      ) : (
        <ol className="org-list org-audit">
          {rows.map((r) => (
            <li key={r.id} className="card">
              <p>
                <strong>{r.what}</strong> <span className="muted">· {r.entity}</span>
              </p>
              <p className="muted">
                {r.at} · {r.who}
              </p>
              {r.changes.length ? (
                <dl className="org-changes">
                  {r.changes.map((c) => (
                    <div key={c.field}>
                      <dt>{c.field}</dt>
                      <dd>
                        {c.before !== null && c.after !== null ? (
                          <>
                            <del>{c.before}</del> → <ins>{c.after}</ins>
                          </>
                        ) : (
                          (c.after ?? c.before)
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <Pager page={page} pages={pages} total={total} label="Страницы журнала" className="org-actions" />
    </>
  )
}
