import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EntryPhoto } from '~/components/results/entry-photo'
import { PeoplesChoiceSection } from '~/components/results/peoples-choice'
import { getPublishedResults } from '~/modules/results/results.server'
import { byAgeCategory, outcomeLabel } from '~/modules/results/ranking'
import { representativesLabel } from '~/modules/contests/entrant'
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
  if (!publication) return { contest, publishedAt: null, nominations: [], peoplesChoice: null }
  return {
    contest,
    publishedAt: publication.publishedAt.toISOString(),
    nominations: publication.snapshot.nominations.map((n) => ({
      id: n.id,
      name: n.name,
      // Where the contest has age categories, each is ranked apart and shown apart.
      parts: byAgeCategory(n.entries).map((part) => ({
        ageCategory: part.ageCategory,
        winners: part.entries.filter((e) => e.award),
        // Only what the contest allows leaves the server: without a public ranking, the browser gets the winners alone.
        ranking: contest.fullRankingPublic
          ? part.entries.map((e) => ({ entryId: e.entryId, number: e.number, title: e.title, entrant: e.entrant ?? null, score: e.score, place: e.place, award: e.award }))
          : null,
      })),
    })),
    // Apart from the jury's results, frozen in the same snapshot (docs/decisions/038).
    peoplesChoice: publication.snapshot.peoplesChoice ?? null,
  }
}

export default function PublicResults() {
  const { contest, publishedAt, nominations, peoplesChoice } = useLoaderData<typeof loader>()
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
          {n.parts.map((part, i) => (
            <Ranking key={part.ageCategory ?? i} nomination={n} part={part} />
          ))}
        </section>
      ))}
      {peoplesChoice ? <PeoplesChoiceSection choice={peoplesChoice} headingLevel={2} /> : null}
      <p>
        <Link to="/diplomas">Проверить диплом по номеру</Link>
      </p>
    </article>
  )
}

type Part = ReturnType<typeof useLoaderData<typeof loader>>['nominations'][number]['parts'][number]

/** The winners of a nomination (or of one of its age categories, under its own heading), and its full ranking where the contest publishes it. */
function Ranking({ nomination: n, part }: { nomination: { name: string }; part: Part }) {
  const Title = part.ageCategory ? 'h4' : 'h3'
  return (
    <>
      {part.ageCategory ? <h3>Возрастная категория {quoted(part.ageCategory)}</h3> : null}
      {part.winners.length ? (
        <ul className="winner-list">
          {part.winners.map((w) => (
            <li key={w.entryId} className="card winner">
              <p className="winner__award">{outcomeLabel(w)}</p>
              <Title className="card__title">
                {w.title || 'Без названия'} <span className="muted">{w.number}</span>
              </Title>
              {w.entrant ? <p className="winner__entrant">{w.entrant}</p> : null}
              {w.authors.length ? (
                <p>
                  {w.entrant ? `${representativesLabel(w.authors.length)}: ` : null}
                  {w.authors.join(', ')}
                </p>
              ) : null}
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
        <p>{part.ageCategory ? 'Награды в этой возрастной категории не присуждены.' : 'Награды в номинации не присуждены.'}</p>
      )}
      {part.ranking ? (
        <div className="table-wrap">
          <table>
            <caption>
              Полный рейтинг номинации {quoted(n.name)}
              {part.ageCategory ? `, возрастная категория ${quoted(part.ageCategory)}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Место</th>
                <th scope="col">Работа</th>
                <th scope="col">Балл</th>
              </tr>
            </thead>
            <tbody>
              {part.ranking.map((e) => (
                <tr key={e.entryId}>
                  <td>{outcomeLabel(e) ?? (e.place ?? '—')}</td>
                  <th scope="row">
                    {e.number} <span className="block">{e.title}</span>
                    {e.entrant ? <span className="block">{e.entrant}</span> : null}
                  </th>
                  <td>{formatScore(e.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
