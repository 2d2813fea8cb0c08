import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EntryPhoto } from '~/components/results/entry-photo'
import { getPublishedResults } from '~/modules/results/results.server'
import { outcomeLabel } from '~/modules/results/ranking'
import { refuse } from '~/utils/refusal.server'
import { formatDate, formatScore, quoted } from '~/utils/format'
import { areaStyles } from '~/styles/links'
import { NO_PUBLIC_CONTEST } from '~/utils/refusal'

export const links = areaStyles('results')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Итоги: ${data.contest.title} — Городские конкурсы` : 'Итоги не найдены' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getPublishedResults(params.slug ?? '')
  if (!found) refuse('not_found', NO_PUBLIC_CONTEST)
  const { contest, publication } = found
  if (!publication) return { contest, publishedAt: null, nominations: [] }
  return {
    contest,
    publishedAt: publication.publishedAt.toISOString(),
    nominations: publication.snapshot.nominations.map((n) => ({
      id: n.id,
      name: n.name,
      winners: n.entries.filter((e) => e.award),
      // Only what the contest allows leaves the server: without a public ranking, the browser gets the winners alone.
      ranking: contest.fullRankingPublic
        ? n.entries.map((e) => ({ entryId: e.entryId, number: e.number, title: e.title, score: e.score, place: e.place, award: e.award }))
        : null,
    })),
  }
}

export default function PublicResults() {
  const { contest, publishedAt, nominations } = useLoaderData<typeof loader>()
  return (
    <article className="public-results">
      <p className="breadcrumbs">
        <Link to={`/contests/${contest.slug}`}>{contest.title}</Link>
      </p>
      <h1>Итоги конкурса {quoted(contest.title)}</h1>
      {publishedAt ? (
        <p className="muted">Итоги опубликованы {formatDate(publishedAt)}</p>
      ) : (
        <p className="lead">Итоги ещё не подведены. Когда жюри завершит работу, они появятся на этой странице, а участники получат письма.</p>
      )}
      {nominations.map((n) => (
        <section key={n.id} aria-labelledby={`nomination-${n.id}`}>
          <h2 id={`nomination-${n.id}`}>Номинация {quoted(n.name)}</h2>
          {n.winners.length ? (
            <ul className="winner-list">
              {n.winners.map((w) => (
                <li key={w.entryId} className="card winner">
                  <p className="winner__award">{outcomeLabel(w)}</p>
                  <h3 className="card__title">
                    {w.title || 'Без названия'} <span className="muted">{w.number}</span>
                  </h3>
                  {w.authors.length ? <p>{w.authors.join(', ')}</p> : null}
                  {w.districtName ? <p className="muted">{w.districtName}</p> : null}
                  {w.photos.length ? (
                    <div className="winner__photos">
                      {w.photos.map((p, i) => (
                        <EntryPhoto key={p.id} photo={p} alt={`Фотография ${i + 1} работы ${quoted(w.title)} (${w.number})`} />
                      ))}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>Награды в номинации не присуждены.</p>
          )}
          {n.ranking ? (
            <div className="table-wrap">
              <table>
                <caption>Полный рейтинг номинации {quoted(n.name)}</caption>
                <thead>
                  <tr>
                    <th scope="col">Место</th>
                    <th scope="col">Работа</th>
                    <th scope="col">Балл</th>
                  </tr>
                </thead>
                <tbody>
                  {n.ranking.map((e) => (
                    <tr key={e.entryId}>
                      <td>{outcomeLabel(e) ?? (e.place ?? '—')}</td>
                      <th scope="row">
                        {e.number} <span className="block">{e.title}</span>
                      </th>
                      <td>{formatScore(e.score)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ))}
      <p>
        <Link to="/diplomas">Проверить диплом по номеру</Link>
      </p>
    </article>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
