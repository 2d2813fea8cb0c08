import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { GalleryGrid } from '~/components/entries/gallery-grid'
import { getGallery } from '~/modules/entries/gallery.server'
import { VotingNotice } from '~/components/voting/vote'
import { submitVote } from '~/modules/voting/vote-form.server'
import { votingView } from '~/modules/voting/voting.server'
import { getUser } from '~/utils/auth.server'
import { requirePermission } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'
import { countOf } from '~/utils/format'
import { areaStyles } from '~/styles/links'
import { NO_PUBLIC_CONTEST } from '~/utils/refusal'

export const links = areaStyles('entries')

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Галерея: ${data.contest.title} — Городские конкурсы` : 'Галерея' }]

const positive = (value: string | null) => {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const gallery = await getGallery(params.slug ?? '', { nominationId: positive(url.searchParams.get('nomination')), page: positive(url.searchParams.get('page')) ?? 1 })
  if (!gallery) refuse('not_found', NO_PUBLIC_CONTEST)
  const voting = gallery.open ? await votingView(params.slug ?? '', (await getUser(request)).user, gallery.items.map((i) => i.number)) : null
  return { ...gallery, voting, back: url.pathname + url.search }
}

/** A vote given on the gallery (the «Голосовать» buttons). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const voter = await requirePermission(request, 'vote.cast')
  return await submitVote(request, voter, params.slug ?? '', context)
}

function pageUrl(nominationId: number | null, page: number) {
  const params = new URLSearchParams()
  if (nominationId) params.set('nomination', String(nominationId))
  if (page > 1) params.set('page', String(page))
  const query = params.toString()
  return query ? `?${query}` : '.'
}

/** Page numbers around the current one, with the first and the last: «1 … 4 5 6 … 13». */
function pageList(page: number, pages: number) {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages))
  return [...wanted].sort((a, b) => a - b)
}

export default function Gallery() {
  const { contest, open, nominations, nominationId, items, total, page, pages, voting, back } = useLoaderData<typeof loader>()
  const base = `/contests/${contest.slug}`
  return (
    <>
      <p className="breadcrumbs">
        <Link to={base}>{contest.title}</Link>
      </p>
      <h1>Галерея конкурса</h1>
      <p className="lead">{contest.title}</p>
      {!open ? (
        <p className="panel">Галерея работ откроется после подведения итогов конкурса.</p>
      ) : (
        <>
          {nominations.length > 1 ? (
            <nav aria-label="Номинации" className="chips">
              <Link to={pageUrl(null, 1)} className={`chip${nominationId === null ? ' chip--on' : ''}`} aria-current={nominationId === null ? 'page' : undefined}>
                Все номинации
              </Link>
              {nominations.map((n) => (
                <Link key={n.id} to={pageUrl(n.id, 1)} className={`chip${nominationId === n.id ? ' chip--on' : ''}`} aria-current={nominationId === n.id ? 'page' : undefined}>
                  {n.name}
                </Link>
              ))}
            </nav>
          ) : null}
          <p className="muted">{total ? `${countOf(total, ['работа', 'работы', 'работ'])}${pages > 1 ? `, страница ${page} из ${pages}` : ''}` : 'Принятых работ пока нет.'}</p>
          {voting ? <VotingNotice view={voting} back={back} /> : null}
          <GalleryGrid items={items} base={base} showNomination={nominationId === null} voting={voting} back={back} />
          {pages > 1 ? (
            <nav aria-label="Страницы галереи" className="pagination">
              {page > 1 ? (
                <Link to={pageUrl(nominationId, page - 1)} rel="prev">
                  ← Предыдущая
                </Link>
              ) : null}
              {pageList(page, pages).map((p) =>
                p === page ? (
                  <span key={p} aria-current="page" className="pagination__current">
                    {p}
                  </span>
                ) : (
                  <Link key={p} to={pageUrl(nominationId, p)} aria-label={`Страница ${p}`}>
                    {p}
                  </Link>
                ),
              )}
              {page < pages ? (
                <Link to={pageUrl(nominationId, page + 1)} rel="next">
                  Следующая →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
