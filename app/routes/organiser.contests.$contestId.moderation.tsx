import { getFormProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DetailRow } from '~/components/entries/entry-details'
import { PhotoImage } from '~/components/entries/photo-image'
import { EntryStatusBadge } from '~/components/entries/status-badge'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { acceptEntries, listModerationQueue, moderationOpen, rejectEntry } from '~/modules/entries/moderation.server'
import { AcceptSchema, LIMITS, QUEUE_STATUSES, RejectSchema, type QueueStatus } from '~/modules/entries/validation'
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

export const links = areaStyles('entries')

export const meta: MetaFunction = () => [{ title: 'Модерация заявок — Городские конкурсы' }]

const TAB_LABELS: Record<QueueStatus, string> = { submitted: 'На модерации', accepted: 'Принятые', rejected: 'Отклонённые' }

function readStatus(request: Request): QueueStatus {
  const status = new URL(request.url).searchParams.get('status')
  return QUEUE_STATUSES.find((s) => s === status) ?? 'submitted'
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'entry.moderate')
  const status = readStatus(request)
  const queue = await listModerationQueue(Number(params.contestId), status)
  if (!queue) refuse('not_found', NO_SUCH_CONTEST)
  return { status, counts: queue.counts, entries: queue.entries, open: moderationOpen(queue.contest) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organiser = await requirePermission(request, 'entry.moderate')
  const contestId = Number(params.contestId)
  const formData = await request.formData()
  const appUrl = publicBaseUrl(request)
  const back = `/organiser/contests/${contestId}/moderation?status=${readStatus(request)}`
  if (formData.get('_action') === 'reject') {
    return submitForm(formData, `reject-${String(formData.get('entryId')).slice(0, 12)}`, RejectSchema, async ({ entryId, reason }) => {
      const number = await rejectEntry(organiser, contestId, entryId, reason, new Date(), appUrl)
      return redirectWithToast(back, { message: `Заявка ${number} отклонена. Участник увидит причину.` })
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
  const { status, counts, entries, open } = useLoaderData<typeof loader>()
  const general = useFormReply('moderation')?.error
  const canAccept = open && status !== 'accepted'
  const canReject = open && status !== 'rejected'
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title">Модерация заявок</h2>
      <nav aria-label="Заявки по состоянию" className="tabs">
        {QUEUE_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={s === status ? 'page' : undefined} className={s === status ? 'active' : undefined}>
            {TAB_LABELS[s]} ({counts[s]})
          </Link>
        ))}
      </nav>
      {!open ? <p className="panel">Модерация доступна, пока идёт приём заявок или работа жюри.</p> : null}
      <FormErrors errors={general?.[''] ?? general?.entryId ?? undefined} />
      {entries.length === 0 ? <p>Здесь пока нет заявок.</p> : null}
      {canAccept && entries.length ? (
        <Form method="post" id="bulk-accept" className="bulk-bar">
          <input type="hidden" name="_action" value="accept" />
          <p className="muted">Отметьте заявки, которые соответствуют положению, и примите их разом.</p>
          <button type="submit" className="button">
            Принять отмеченные
          </button>
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
              {canAccept ? (
                <div className="check">
                  <input type="checkbox" id={`pick-${e.id}`} name="entryId" value={e.id} form="bulk-accept" />
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
                <dt>{e.authors.length > 1 ? 'Авторы' : 'Автор'}</dt>
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
                {e.organisationName ? (
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
    </section>
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
