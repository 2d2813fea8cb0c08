import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { JuryProgress } from '~/components/jury/progress'
import { PhotoPlaceholder } from '~/components/photo-placeholder'
import { photoUrl } from '~/modules/photos/view'
import { getStageAccess, jurorQueue, progressOf } from '~/modules/jury/queue.server'
import { firstPhotos } from '~/modules/jury/scoring.server'
import { requirePermission } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'
import { formatDateTime, quoted } from '~/utils/format'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('jury')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.stage.name}: очередь заявок — ${data.contestTitle}` : 'Очередь заявок — жюри' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const juror = await requirePermission(request, 'jury.score')
  const access = await getStageAccess(juror, Number(params.stageId))
  if (!access) refuse('not_found', 'Вы не входите в жюри этого этапа.')
  const url = new URL(request.url)
  const unscoredOnly = url.searchParams.get('filter') === 'unscored'
  const nominationId = Number(url.searchParams.get('nomination')) || null

  const queue = access.state === 'pending' ? [] : await jurorQueue(access)
  const nominations = [...new Map(queue.map((q) => [q.nominationId, q.nominationName])).entries()]
    .filter((n): n is [number, string] => n[0] !== null && n[1] !== null)
    .map(([id, name]) => ({ id, name }))
  const inNomination = nominationId ? queue.filter((q) => q.nominationId === nominationId) : queue
  const shown = unscoredOnly ? inNomination.filter((q) => !q.scored) : inNomination
  const thumbs = await firstPhotos(shown.map((q) => q.entryId))
  return {
    stage: {
      id: access.stage.id,
      name: access.stage.name,
      state: access.state,
      opensAt: access.stage.judgingOpensAt?.toISOString() ?? null,
      closesAt: access.stage.judgingClosesAt?.toISOString() ?? null,
    },
    contestTitle: access.contest.title,
    scoresEntries: access.hasExtra || access.assignments.some((a) => !a.isSpecialPrize),
    progress: progressOf(queue),
    nominationProgress: nominationId ? progressOf(inNomination) : null,
    nextEntryId: inNomination.find((q) => !q.scored)?.entryId ?? null,
    filter: { unscoredOnly, nominationId },
    nominations: nominations.length > 1 ? nominations : [],
    specials: access.assignments.filter((a) => a.isSpecialPrize).map((a) => ({ id: a.nominationId, name: a.nominationName })),
    items: shown.map((q) => {
      const thumb = thumbs.get(q.entryId)
      return { ...q, thumb: thumb?.status === 'ready' ? photoUrl(thumb.id, 'thumb') : null, thumbProcessing: thumb?.status === 'processing' }
    }),
  }
}

function queueHref(stageId: number, filter: { unscoredOnly: boolean; nominationId: number | null }) {
  const search = new URLSearchParams()
  if (filter.unscoredOnly) search.set('filter', 'unscored')
  if (filter.nominationId) search.set('nomination', String(filter.nominationId))
  const query = search.toString()
  return `/jury/stages/${stageId}${query ? `?${query}` : ''}`
}

export default function StageQueuePage() {
  const { stage, contestTitle, scoresEntries, progress, nominationProgress, nextEntryId, filter, nominations, specials, items } = useLoaderData<typeof loader>()
  const entryHref = (entryId: number) => `/jury/stages/${stage.id}/entries/${entryId}`
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/jury">Работа в жюри</Link>
      </p>
      <h1>{stage.name}</h1>
      <p className="muted">{contestTitle}</p>

      {stage.state === 'pending' ? (
        <p className="panel">
          Оценка этого этапа ещё не началась{stage.opensAt ? `: она откроется ${formatDateTime(stage.opensAt)}` : ''}. Заявки появятся здесь,
          когда организатор откроет этап.
        </p>
      ) : (
        <>
          {scoresEntries ? <JuryProgress scored={progress.scored} total={progress.total} /> : null}
          {stage.state === 'closed' ? (
            <p className="badge">Оценка завершена: оценки можно посмотреть, но не изменить</p>
          ) : stage.closesAt ? (
            <p className="muted">Оценки принимаются до {formatDateTime(stage.closesAt)}.</p>
          ) : null}
          {stage.state === 'open' && nextEntryId ? (
            <p>
              <Link to={entryHref(nextEntryId)} className="button">
                {progress.scored ? 'Продолжить оценку' : 'Начать оценку'}
              </Link>
            </p>
          ) : null}

          {specials.length ? (
            <section aria-labelledby="specials-title" className="panel">
              <h2 id="specials-title">Специальные призы</h2>
              <p>Специальный приз присуждается решением жюри без баллов: предложите заявки-кандидаты.</p>
              <ul>
                {specials.map((s) => (
                  <li key={s.id}>
                    <Link to={`/jury/stages/${stage.id}/special/${s.id}`}>{quoted(s.name)}: предложить кандидатов</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {progress.total ? (
            <section aria-labelledby="queue-title">
              <h2 id="queue-title">Очередь заявок</h2>
              <p className="muted">Порядок заявок — ваш собственный: у каждого члена жюри он свой и не меняется.</p>
              <nav aria-label="Отбор заявок" className="jury-filters">
                <Link to={queueHref(stage.id, { ...filter, unscoredOnly: false })} aria-current={!filter.unscoredOnly ? 'page' : undefined}>
                  Все
                </Link>
                <Link to={queueHref(stage.id, { ...filter, unscoredOnly: true })} aria-current={filter.unscoredOnly ? 'page' : undefined}>
                  Не оценённые
                </Link>
              </nav>
              {nominations.length ? (
                <nav aria-label="Номинации" className="jury-filters">
                  <Link to={queueHref(stage.id, { ...filter, nominationId: null })} aria-current={!filter.nominationId ? 'page' : undefined}>
                    Все номинации
                  </Link>
                  {nominations.map((n) => (
                    <Link
                      key={n.id}
                      to={queueHref(stage.id, { ...filter, nominationId: n.id })}
                      aria-current={filter.nominationId === n.id ? 'page' : undefined}
                    >
                      {n.name}
                    </Link>
                  ))}
                </nav>
              ) : null}
              {nominationProgress ? (
                <p className="muted">
                  В этой номинации оценено {nominationProgress.scored} из {nominationProgress.total}.
                </p>
              ) : null}
              {items.length ? (
                <ol className="jury-queue">
                  {items.map((q) => (
                    <li key={q.entryId} className="jury-queue__item">
                      {q.thumb ? (
                        <img src={q.thumb} alt="" width={96} height={72} loading="lazy" decoding="async" className="jury-queue__thumb" />
                      ) : q.thumbProcessing ? (
                        <PhotoPlaceholder photo={{ status: 'processing' }} className="jury-queue__thumb" />
                      ) : null}
                      <div>
                        <Link to={entryHref(q.entryId)} className="jury-queue__title">
                          {q.number} · {q.title || 'Без названия'}
                        </Link>
                        {q.nominationName ? <span className="muted block">{q.nominationName}</span> : null}
                      </div>
                      <span className={`badge ${q.scored ? 'badge--ok' : ''}`}>{q.scored ? 'Оценено' : 'Не оценено'}</span>
                    </li>
                  ))}
                </ol>
              ) : (
                <p>{filter.unscoredOnly ? 'Все заявки оценены.' : 'Заявок нет.'}</p>
              )}
            </section>
          ) : null}
        </>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
