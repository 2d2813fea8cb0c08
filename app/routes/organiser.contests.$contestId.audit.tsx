import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pager } from '~/components/organiser/pager'
import { contestAuditEntityTypes, listContestAudit } from '~/modules/audit/audit.server'
import { ACTION_LABELS, describeAuditChange, ENTITY_LABELS } from '~/modules/audit/labels'
import { formatEntryNumber } from '~/modules/contests/entry-number'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { formatDateTime } from '~/utils/format'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Журнал действий — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'documents.export')
  const url = new URL(request.url)
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1))
  const types = await contestAuditEntityTypes(contest.id)
  const asked = url.searchParams.get('type') ?? ''
  const type = types.includes(asked) ? asked : ''
  const { rows, total, pages } = await listContestAudit(contest.id, page, type || undefined)
  return {
    page,
    pages,
    total,
    type,
    types: types.map((t) => ({ value: t, label: ENTITY_LABELS[t] ?? t })),
    rows: rows.map((r) => ({
      id: r.id,
      at: formatDateTime(r.at),
      who: r.actorName ? `${r.actorName}${r.actorEmail ? ` (${r.actorEmail})` : ''}` : 'система',
      what: ACTION_LABELS[r.action] ?? r.action,
      entity: r.entrySeq !== null ? `Заявка ${formatEntryNumber(contest.numberPrefix, r.entrySeq)}` : (ENTITY_LABELS[r.entityType] ?? r.entityType),
      changes: describeAuditChange(r.entityType, r.before, r.after),
    })),
  }
}

export default function AuditPage() {
  const { rows, page, pages, total, type, types } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Журнал действий</h2>
      <p>Кто, что и когда изменил в конкурсе: значения до и после. Записи журнала не изменяются и не удаляются.</p>
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
      <Pager page={page} pages={pages} total={total} label="Страницы журнала" />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
