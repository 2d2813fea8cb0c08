import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pager } from '~/components/organiser/pager'
import { ActionButton } from '~/components/ui/action-button'
import { FormErrors } from '~/components/ui/field'
import { IdSchema } from '~/modules/contests/validation'
import { listOutbox, retryMessage, smtpConfigured, type OutboxStatus } from '~/modules/mail/outbox.server'
import { requirePermission } from '~/utils/permissions.server'
import { formatDateTime } from '~/utils/format'
import { useFormReply } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Исходящие письма — Городские конкурсы' }]

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: 'ждёт отправки', sent: 'отправлено', failed: 'не отправлено' }
const STATUSES = Object.keys(STATUS_LABELS) as OutboxStatus[]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'outbox.read')
  const url = new URL(request.url)
  const asked = url.searchParams.get('status') as OutboxStatus
  const status = STATUSES.includes(asked) ? asked : undefined
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1))
  const { messages, total, pages } = await listOutbox(user, { status, page })
  return {
    smtp: smtpConfigured(),
    status: status ?? '',
    page,
    pages,
    total,
    messages: messages.map((m) => ({
      ...m,
      statusLabel: STATUS_LABELS[m.status],
      createdAt: formatDateTime(m.createdAt),
      sentAt: m.sentAt ? formatDateTime(m.sentAt) : null,
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'outbox.read')
  return submitForm(await request.formData(), 'retry', IdSchema, async ({ id }) => {
    await retryMessage(user, id)
    return redirectWithToast('/organiser/outbox', { message: 'Письмо снова поставлено в очередь' })
  })
}

export default function OutboxPage() {
  const { smtp, status, page, pages, total, messages } = useLoaderData<typeof loader>()
  const retry = useFormReply('retry')
  return (
    <section aria-labelledby="outbox-title">
      <p className="breadcrumbs">
        <Link to="/organiser">Конкурсы</Link>
      </p>
      <h1 id="outbox-title">Исходящие письма</h1>
      {smtp ? (
        <p>Письма отправляются через почтовый сервер; здесь видно, что и когда ушло.</p>
      ) : (
        <p className="org-note">
          Почтовый сервер не настроен: письма не отправляются, но все они сохранены здесь. Ссылку из письма можно передать адресату другим способом.
        </p>
      )}
      <FormErrors errors={retry?.error?.[''] ?? undefined} />
      <Form method="get" className="search-form">
        <label htmlFor="outbox-status">Показать</label>
        <select id="outbox-status" name="status" defaultValue={status}>
          <option value="">Все письма</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          Показать
        </button>
      </Form>
      {messages.length === 0 ? (
        <p className="muted">Писем нет.</p>
      ) : (
        <ol className="org-list">
          {messages.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>{m.subject}</strong>
              </p>
              <p className="muted">
                Кому: {m.to} · {m.createdAt}
                {m.contest ? ` · ${m.contest}` : ''}
              </p>
              <p>
                <span className={`badge ${m.status === 'sent' ? 'badge--ok' : ''}`}>{m.statusLabel}</span>
                {m.sentAt ? <span className="muted"> {m.sentAt}</span> : null}
                {m.lastError ? <span className="muted block">Ошибка: {m.lastError}</span> : null}
              </p>
              <details className="org-details">
                <summary>Текст письма</summary>
                <pre className="org-mail">{m.text}</pre>
              </details>
              {m.status === 'failed' ? (
                <ActionButton intent="retry" id={m.id} context={`${m.subject}, ${m.to}`}>
                  Отправить снова
                </ActionButton>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <Pager page={page} pages={pages} total={total} label="Страницы исходящих писем" className="org-actions" />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
