import { getFormProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useEffect, useState } from 'react'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DetailRow } from '~/components/entries/entry-details'
import { PhotoImage } from '~/components/entries/photo-image'
import { EntryStatusBadge } from '~/components/entries/status-badge'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { acceptEntries, listModerationQueue, moderationOpen, rejectEntries, rejectEntry, type ModerationQuery } from '~/modules/entries/moderation.server'
import {
  AcceptSchema,
  BulkRejectSchema,
  LIMITS,
  QUEUE_STATUSES,
  REJECTION_TEMPLATES,
  RejectSchema,
  rejectionReason,
  type QueueStatus,
} from '~/modules/entries/validation'
import { Pager } from '~/components/organiser/pager'
import { PhotoFailures, PhotoPlaceholder } from '~/components/photo-placeholder'
import { photoUrl } from '~/modules/photos/view'
import { requirePermission } from '~/utils/permissions.server'
import { countOf, formatDateTime, NOUNS, quoted } from '~/utils/format'
import { useFormReply, useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { areaStyles } from '~/styles/links'
import { NO_SUCH_CONTEST } from '~/utils/refusal'
import { ENTRANT_LABEL, peopleLabel } from '~/modules/contests/entrant'

export const links = areaStyles('entries')

export const meta: MetaFunction = () => [{ title: 'Модерация заявок — Городские конкурсы' }]

const TAB_LABELS: Record<QueueStatus, string> = { submitted: 'На модерации', accepted: 'Принятые', rejected: 'Отклонённые' }

function readStatus(request: Request): QueueStatus {
  const status = new URL(request.url).searchParams.get('status')
  return QUEUE_STATUSES.find((s) => s === status) ?? 'submitted'
}

const SEARCH_MAX = 100
const idParam = (value: string | null) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null)

/** The page of the queue the address asks for: its status tab, search, filters and page number. */
function readQuery(request: Request): ModerationQuery {
  const params = new URL(request.url).searchParams
  return {
    status: readStatus(request),
    q: (params.get('q') ?? '').trim().slice(0, SEARCH_MAX),
    nominationId: idParam(params.get('nomination')),
    districtId: idParam(params.get('district')),
    page: Math.min(10_000, idParam(params.get('page')) ?? 1),
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'entry.moderate')
  const query = readQuery(request)
  const queue = await listModerationQueue(Number(params.contestId), query)
  if (!queue) refuse('not_found', NO_SUCH_CONTEST)
  return {
    status: query.status,
    query: { q: query.q, nomination: query.nominationId, district: query.districtId },
    counts: queue.counts,
    found: queue.found,
    page: queue.page,
    pages: queue.pages,
    nominations: queue.nominations,
    districts: queue.districts,
    entries: queue.entries,
    open: moderationOpen(queue.contest),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organiser = await requirePermission(request, 'entry.moderate')
  const contestId = Number(params.contestId)
  const formData = await request.formData()
  const appUrl = publicBaseUrl(request)
  // Back to the same page of the same list, search and filters kept.
  const url = new URL(request.url)
  const back = `/organiser/contests/${contestId}/moderation${url.search || `?status=${readStatus(request)}`}`
  if (formData.get('_action') === 'reject') {
    return submitForm(formData, `reject-${String(formData.get('entryId')).slice(0, 12)}`, RejectSchema, async ({ entryId, reason }) => {
      const number = await rejectEntry(organiser, contestId, entryId, reason, new Date(), appUrl)
      return redirectWithToast(back, { message: `Заявка ${number} отклонена. Участник увидит причину.` })
    })
  }
  if (formData.get('_action') === 'reject-selected') {
    return submitForm(formData, 'bulk-reject', BulkRejectSchema, async ({ entryId, template, reason }) => {
      const rejected = await rejectEntries(organiser, contestId, entryId, rejectionReason(template, reason), new Date(), appUrl)
      return redirectWithToast(back, {
        message: rejected.length
          ? `Отклонено: ${countOf(rejected.length, NOUNS.entry)} (${rejected.join(', ')}). Участники увидят причину.`
          : 'Ни одна заявка не отклонена: их уже рассмотрели.',
        kind: rejected.length ? 'success' : 'error',
      })
    })
  }
  return submitForm(formData, 'moderation', AcceptSchema, async ({ entryId }) => {
    const accepted = await acceptEntries(organiser, contestId, entryId, new Date(), appUrl)
    return redirectWithToast(back, {
      message: accepted.length
        ? `Принято: ${countOf(accepted.length, NOUNS.entry)} (${accepted.join(', ')}).`
        : 'Ни одна заявка не принята: их уже рассмотрели.',
      kind: accepted.length ? 'success' : 'error',
    })
  })
}

export default function Moderation() {
  const { status, query, counts, found, page, pages, nominations, districts, entries, open } = useLoaderData<typeof loader>()
  const general = useFormReply('moderation')?.error
  const bulkReject = useFormReply('bulk-reject')?.error
  const canAccept = open && status !== 'accepted'
  const canReject = open && status !== 'rejected'
  const filtered = Boolean(query.q || query.nomination || query.district)
  const keep = (s: QueueStatus) => {
    const next = new URLSearchParams({ status: s })
    if (query.q) next.set('q', query.q)
    if (query.nomination) next.set('nomination', String(query.nomination))
    if (query.district) next.set('district', String(query.district))
    return `?${next}`
  }
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title">Модерация заявок</h2>
      <nav aria-label="Заявки по состоянию" className="tabs">
        {QUEUE_STATUSES.map((s) => (
          <Link key={s} to={keep(s)} aria-current={s === status ? 'page' : undefined} className={s === status ? 'active' : undefined}>
            {TAB_LABELS[s]} ({counts[s]})
          </Link>
        ))}
      </nav>
      <Form method="get" className="moderation-filters" role="search" aria-label="Поиск заявок" key={JSON.stringify(query)}>
        <input type="hidden" name="status" value={status} />
        <div className="field">
          <label htmlFor="moderation-q">Номер, название или автор</label>
          <input id="moderation-q" name="q" type="search" defaultValue={query.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="moderation-nomination">Номинация</label>
          <select id="moderation-nomination" name="nomination" defaultValue={query.nomination ?? ''}>
            <option value="">Все номинации</option>
            {nominations.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="moderation-district">Район</label>
          <select id="moderation-district" name="district" defaultValue={query.district ?? ''}>
            <option value="">Все районы</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Найти
        </button>
        {filtered ? <Link to={`?status=${status}`}>Сбросить поиск</Link> : null}
      </Form>
      {!open ? <p className="panel">Модерация доступна, пока идёт приём заявок или работа жюри.</p> : null}
      <FormErrors errors={general?.[''] ?? general?.entryId ?? undefined} />
      {filtered ? <p>Найдено: {countOf(found, NOUNS.entry)}</p> : null}
      {entries.length === 0 ? <p>{filtered ? 'Ничего не найдено: измените поиск или сбросьте его.' : 'Здесь пока нет заявок.'}</p> : null}
      {(canAccept || canReject) && entries.length ? (
        <Form method="post" id="bulk" className="bulk-bar">
          <p className="muted">Отметьте заявки на этой странице и {canAccept && canReject ? 'примите или отклоните' : canAccept ? 'примите' : 'отклоните'} их разом.</p>
          <SelectedCount />
          <FormErrors errors={bulkReject?.[''] ?? bulkReject?.entryId ?? undefined} />
          {canAccept ? (
            <button type="submit" name="_action" value="accept" className="button">
              Принять отмеченные
            </button>
          ) : null}
          {canReject ? (
            <details className="bulk-reject" open={Boolean(bulkReject)}>
              <summary>Отклонить отмеченные…</summary>
              <div className="field">
                <label htmlFor="bulk-template">Причина</label>
                <select id="bulk-template" name="template" defaultValue="">
                  <option value="">Своя причина (напишите ниже)</option>
                  {Object.entries(REJECTION_TEMPLATES).map(([key, text]) => (
                    <option key={key} value={key}>
                      {text}
                    </option>
                  ))}
                </select>
              </div>
              <TextareaField
                label="Своими словами"
                hint="Добавится после выбранной причины. Участники прочитают причину целиком."
                errors={bulkReject?.reason ?? undefined}
                textareaProps={{ name: 'reason', id: 'bulk-reason', rows: 2, maxLength: LIMITS.reason }}
              />
              <button type="submit" name="_action" value="reject-selected" className="button button--danger">
                Отклонить отмеченные
              </button>
            </details>
          ) : null}
        </Form>
      ) : null}
      <ul className="moderation-list" aria-label={TAB_LABELS[status]}>
        {entries.map((e) => {
          return (
            <li key={e.id} className="card moderation-card">
              <h3 className="card__title">
                {e.number} · {e.title || 'Без названия'}
              </h3>
              <p>
                <EntryStatusBadge status={e.status} />
                {e.nominationName ? <span>{quoted(e.nominationName)}</span> : <span className="muted">номинация не выбрана</span>}
              </p>
              {canAccept || canReject ? (
                <div className="check">
                  <input type="checkbox" id={`pick-${e.id}`} name="entryId" value={e.id} form="bulk" />
                  <label htmlFor={`pick-${e.id}`}>Отметить заявку {e.number}</label>
                </div>
              ) : null}
              <dl className="details">
                {e.submittedAt ? (
                  <>
                    <dt>Отправлена</dt>
                    <dd>{formatDateTime(e.submittedAt)}</dd>
                  </>
                ) : null}
                {e.entrant ? (
                  <>
                    <dt>{ENTRANT_LABEL}</dt>
                    <dd>{e.entrant}</dd>
                  </>
                ) : null}
                <dt>{peopleLabel(e.entrant, e.authors.length)}</dt>
                <dd>
                  {e.authors.map((a) => `${a.fullName}${a.age !== null ? `, ${countOf(a.age, ['год', 'года', 'лет'])}` : ''}${a.parentConsent ? ' (согласие родителя)' : ''}`).join('; ') || '—'}
                </dd>
                {e.districtName ? (
                  <>
                    <dt>Район</dt>
                    <dd>{e.districtName}</dd>
                  </>
                ) : null}
                {e.address ? (
                  <>
                    <dt>Адрес</dt>
                    <dd>{e.address}</dd>
                  </>
                ) : null}
                {e.organisationName && !e.entrant ? (
                  <>
                    <dt>Организация</dt>
                    <dd>{e.organisationName}</dd>
                  </>
                ) : null}
                {e.fields.map((f) => (
                  <DetailRow key={f.label} label={f.label} value={f.value} />
                ))}
                {e.enteredByName ? (
                  <>
                    <dt>Внесена</dt>
                    <dd>
                      оператором ЦРН {e.enteredByName}
                      {e.centreName ? ` (${e.centreName})` : ''}
                      {e.paperConsentReceived ? ', подписанное согласие получено' : ''}
                    </dd>
                  </>
                ) : null}
                {e.status === 'rejected' && e.rejectionReason ? (
                  <>
                    <dt>Причина отклонения</dt>
                    <dd>{e.rejectionReason}</dd>
                  </>
                ) : null}
              </dl>
              {e.description ? <p className="entry-description">{e.description}</p> : null}
              <ul className="photo-grid photo-grid--small" aria-label={`Фотографии заявки ${e.number}`}>
                {e.photos.map((p, i) => (
                  <li key={p.id}>
                    {p.status === 'ready' ? (
                      <a href={photoUrl(p.id, 'full')}>
                        <PhotoImage photo={p} sizes="8rem" alt={`Заявка ${e.number}, фотография ${i + 1}`} />
                      </a>
                    ) : (
                      <PhotoPlaceholder photo={p} />
                    )}
                    {p.duplicateOf.length ? <p className="photo-item__warning">Такая же фотография в заявке {p.duplicateOf.join(', ')}</p> : null}
                  </li>
                ))}
              </ul>
              <PhotoFailures photos={e.photos} />
              <div className="moderation-actions">
                {canAccept ? (
                  <Form method="post">
                    <input type="hidden" name="_action" value="accept" />
                    <input type="hidden" name="entryId" value={e.id} />
                    <button type="submit" className="button">
                      Принять {e.number}
                    </button>
                  </Form>
                ) : null}
                {canReject ? (
                  <RejectForm
                    entryId={e.id}
                    number={e.number}
                    label={status === 'accepted' ? `Отменить приём и отклонить ${e.number}` : `Отклонить ${e.number}`}
                  />
                ) : null}
              </div>
            </li>
          )
        })}
      </ul>
      <Pager page={page} pages={pages} total={found} label="Страницы списка заявок" previous="← Предыдущие" next="Следующие →" className="moderation-pager" />
    </section>
  )
}

/** With JavaScript, how many entries are ticked, and a button to tick the whole page; without it, the answer says how many were acted on. */
function SelectedCount() {
  const [selected, setSelected] = useState<number | null>(null)
  useEffect(() => {
    const boxes = () => [...document.querySelectorAll<HTMLInputElement>('input[name="entryId"][form="bulk"]')]
    const count = () => setSelected(boxes().filter((b) => b.checked).length)
    count()
    document.addEventListener('change', count)
    return () => document.removeEventListener('change', count)
  }, [])
  if (selected === null) return null
  const tickAll = () => {
    for (const box of document.querySelectorAll<HTMLInputElement>('input[name="entryId"][form="bulk"]')) box.checked = true
    setSelected(document.querySelectorAll('input[name="entryId"][form="bulk"]').length)
  }
  return (
    <>
      <p role="status">Отмечено: {countOf(selected, NOUNS.entry)}</p>
      <button type="button" className="button button--secondary" onClick={tickAll}>
        Отметить все на странице
      </button>
    </>
  )
}

function RejectForm({ entryId, number, label }: { entryId: number; number: string | null; label: string }) {
  const [form, fields] = useKeyedForm(`reject-${entryId}`, { schema: RejectSchema })
  return (
    <Form method="post" className="reject-form" {...getFormProps(form)}>
      <input type="hidden" name="_action" value="reject" />
      <input type="hidden" name="entryId" value={entryId} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextareaField
        label={`Причина отклонения заявки ${number}`}
        errors={fields.reason.errors}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, maxLength: LIMITS.reason }}
      />
      <button type="submit" className="button button--danger">
        {label}
      </button>
    </Form>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
