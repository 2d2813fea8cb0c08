import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { NextSteps, ReceiptHead } from '~/components/entries/next-steps'
import { formatEntryNumber } from '~/modules/contests/entry-number'
import { listStages } from '~/modules/contests/stages.server'
import { getOwnEntry } from '~/modules/entries/entries.server'
import { editableUntil, entryNextSteps } from '~/modules/entries/next-steps'
import { areaStyles } from '~/styles/links'
import { countOf, formatDateTime, quoted } from '~/utils/format'
import { requirePermission } from '~/utils/permissions.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { refuse } from '~/utils/refusal.server'

export const links = areaStyles('entries')

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Квитанция: заявка ${data.receipt.number} — Городские конкурсы` : 'Квитанция не найдена' }]

/**
 * The receipt a resident lands on after submitting an entry: its number, what happens next and when,
 * printable. `?print` is the print view (the receipt alone), which the «Распечатать» link opens
 * without JavaScript; with it, the link opens the browser's print dialog.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const e = await getOwnEntry(user, Number(params.entryId))
  if (!e) refuse('not_found', 'Заявка не найдена. Возможно, ссылка устарела.')
  if (e.seq === null || !e.submittedAt) refuse('not_found', 'У черновика нет квитанции: она появится, когда заявка будет отправлена.')
  const stages = await listStages(e.contest.id)
  return {
    receipt: {
      id: e.id,
      number: formatEntryNumber(e.contest.numberPrefix, e.seq),
      title: e.title,
      contestTitle: e.contest.title,
      nomination: e.nomination?.name ?? null,
      authors: e.authors.map((a) => a.fullName),
      photos: e.photos.length,
      submittedAt: e.submittedAt.toISOString(),
    },
    steps: entryNextSteps(e.contest, stages),
    editable: e.status === 'submitted' && !e.coauthorOnly ? editableUntil(e.contest) : null,
    print: new URL(request.url).searchParams.has('print'),
    appUrl: publicBaseUrl(request),
  }
}

export default function EntryReceipt() {
  const { receipt, steps, editable, print, appUrl } = useLoaderData<typeof loader>()
  const entryUrl = `/my/entries/${receipt.id}`
  return (
    <div className={print ? 'receipt-page receipt-page--print' : 'receipt-page'}>
      <p className="breadcrumbs no-print">
        <Link to="/my/entries">Мои заявки</Link> / <Link to={entryUrl}>Заявка {receipt.number}</Link>
      </p>
      <h1 className="no-print">Заявка {receipt.number} отправлена</h1>
      {print ? (
        <p className="panel no-print">
          Чтобы напечатать квитанцию, выберите «Печать» в меню браузера (или нажмите Ctrl+P). <Link to={`${entryUrl}/receipt`}>Вернуться к квитанции</Link>
        </p>
      ) : null}
      <article className="receipt" aria-labelledby="receipt-title">
        <ReceiptHead contestTitle={receipt.contestTitle} number={receipt.number} title={receipt.title} />
        <dl className="receipt__facts">
          {receipt.nomination ? (
            <div>
              <dt>Номинация</dt>
              <dd>{quoted(receipt.nomination)}</dd>
            </div>
          ) : null}
          {receipt.authors.length ? (
            <div>
              <dt>{receipt.authors.length === 1 ? 'Автор' : 'Авторы'}</dt>
              <dd>{receipt.authors.join(', ')}</dd>
            </div>
          ) : null}
          <div>
            <dt>Фотографии</dt>
            <dd>{countOf(receipt.photos, ['фотография', 'фотографии', 'фотографий'])}</dd>
          </div>
          <div>
            <dt>Отправлена</dt>
            <dd>{formatDateTime(receipt.submittedAt)} (время кемеровское)</dd>
          </div>
        </dl>
        <p>Номер заявки нужен, если вы будете обращаться к организаторам конкурса.</p>
        <NextSteps steps={steps} editable={editable} headingId="next-steps-title" appUrl={appUrl} />
      </article>
      {print ? null : (
        <p className="actions no-print">
          <a
            href={`${entryUrl}/receipt?print`}
            className="button button--secondary"
            onClick={(event) => {
              event.preventDefault()
              window.print()
            }}
          >
            Распечатать
          </a>
          <Link to={entryUrl} className="button">
            Перейти к заявке
          </Link>
        </p>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
