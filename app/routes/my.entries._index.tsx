import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EntryStatusBadge } from '~/components/entries/status-badge'
import { canEdit, canWithdraw, listOpenContests, listOwnEntries } from '~/modules/entries/entries.server'
import { requirePermission } from '~/utils/permissions.server'
import { countOf, formatClosingDay, NOUNS, quoted } from '~/utils/format'
import { areaStyles } from '~/styles/links'
import { ENTRANT_LABEL, entrantName } from '~/modules/contests/entrant'

export const links = areaStyles('entries')

export const meta: MetaFunction = () => [{ title: 'Мои заявки — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const now = new Date()
  const entries = (await listOwnEntries(user.id)).map((e) => {
    const contest = { status: e.contestStatus, opensAt: e.opensAt, closesAt: e.closesAt }
    return {
      id: e.id,
      title: e.title,
      number: e.number,
      status: e.status,
      rejectionReason: e.rejectionReason,
      contestTitle: e.contestTitle,
      contestSlug: e.contestSlug,
      nominationName: e.nominationName,
      photos: e.photos,
      /** Set when an operator entered it for someone else: the operator's list shows whose it is. */
      ownerName: e.ownerId !== user.id && e.enteredById === user.id ? e.ownerName : null,
      /** The committee or organisation that is the entrant (contests/entrant.ts): its chairperson sees why the entry is here. */
      entrant: entrantName(e, e.organisationName),
      editable: canEdit(e, contest, now),
      withdrawable: canWithdraw(e, contest),
      closesAt: e.closesAt?.toISOString() ?? null,
    }
  })
  const open = (await listOpenContests(now)).map((c) => ({ slug: c.slug, title: c.title, closesAt: c.closesAt?.toISOString() ?? null }))
  return { entries, open }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['entries'][number]

/** What the entrant can still do with the entry, in one sentence. */
function nextStep(e: Row) {
  const until = e.closesAt ? ` до конца дня ${formatClosingDay(e.closesAt)}` : ''
  switch (e.status) {
    case 'draft':
      return e.editable ? `Черновик: дополните и отправьте его${until}.` : 'Черновик не был отправлен, приём заявок закрыт.'
    case 'submitted':
      return e.editable ? `Заявка ждёт модерации. Её можно изменить${until} или пока её не рассмотрят.` : 'Заявка ждёт модерации. Изменить её уже нельзя.'
    case 'accepted':
      return e.withdrawable ? 'Заявка принята и будет передана жюри. Отозвать её можно до начала работы жюри.' : 'Заявка принята и участвует в конкурсе.'
    case 'rejected':
      return 'Заявка отклонена модератором.'
    case 'withdrawn':
      return 'Вы отозвали эту заявку.'
    case 'disqualified':
      return 'Заявка снята с конкурса организатором.'
  }
}

export default function MyEntries() {
  const { entries, open } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Мои заявки</h1>
      {entries.length === 0 ? <p>У вас пока нет заявок.</p> : null}
      <ul className="entry-list" aria-label="Заявки">
        {entries.map((e) => (
          <li key={e.id} className="card entry-card">
            <h2 className="card__title">
              <Link to={`/my/entries/${e.id}`}>{e.title || 'Без названия'}</Link>
            </h2>
            <p>
              <EntryStatusBadge status={e.status} />
              {e.number ? <span className="entry-number">№ {e.number}</span> : null}
            </p>
            <p className="muted">
              {e.contestTitle}
              {e.nominationName ? ` · ${quoted(e.nominationName)}` : ''} · {countOf(e.photos, NOUNS.photo)}
            </p>
            {e.entrant ? (
              <p className="muted">
                {ENTRANT_LABEL}: {e.entrant}
              </p>
            ) : null}
            {e.ownerName ? <p className="muted">Участник: {e.ownerName} (внесена вами по бумажной заявке)</p> : null}
            {e.status === 'rejected' && e.rejectionReason ? (
              <p className="entry-reason">
                <strong>Причина:</strong> {e.rejectionReason}
              </p>
            ) : null}
            <p>{nextStep(e)}</p>
            {e.editable || e.withdrawable ? (
              <p>
                <Link to={`/my/entries/${e.id}`}>{e.editable ? 'Открыть и изменить' : 'Открыть'}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="open-title">
        <h2 id="open-title">Подать заявку</h2>
        {open.length ? (
          <ul>
            {open.map((c) => (
              <li key={c.slug}>
                <Link to={`/contests/${c.slug}/apply`}>{c.title}</Link>
                {c.closesAt ? <span className="muted"> — по {formatClosingDay(c.closesAt)} включительно</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>Сейчас нет конкурсов, в которых идёт приём заявок.</p>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
