import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getPublicContest } from '~/modules/contests/contests.server'
import { contestPhase, isGalleryOpen } from '~/modules/contests/lifecycle'
import { CITY_UTC_OFFSET_HOURS, formatClosingDay, formatDateTime, formatNumber, NOUNS, plural, quoted, timeLeft } from '~/utils/format'
import { refuse } from '~/utils/refusal.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { NO_PUBLIC_CONTEST } from '~/utils/refusal'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.contest.title} — Городские конкурсы` : 'Конкурс не найден' },
  { name: 'description', content: data?.contest.summary ?? '' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const contest = await getPublicContest(params.slug ?? '')
  if (!contest) refuse('not_found', NO_PUBLIC_CONTEST)
  const now = new Date()
  const phase = contestPhase(contest, now)
  const general = contest.criteria.filter((c) => c.nominationId === null)
  return {
    contest: {
      title: contest.title,
      summary: contest.summary,
      rulesHtml: renderMarkdown(contest.rules),
      phase: phase.label,
      open: phase.open,
      opensAt: contest.opensAt?.toISOString() ?? null,
      closesAt: contest.closesAt?.toISOString() ?? null,
      left: phase.open && contest.closesAt ? timeLeft(contest.closesAt, now) : null,
      slug: contest.slug,
      resultsPublished: contest.status === 'published' || contest.status === 'archived',
      galleryVisible: isGalleryOpen(contest),
      maxPhotos: contest.maxPhotos,
      minPhotos: contest.minPhotos,
    },
    nominations: contest.nominations.map((n) => ({
      id: n.id,
      name: n.name,
      description: n.description,
      isSpecialPrize: n.isSpecialPrize,
      criteria: contest.criteria.filter((c) => c.nominationId === n.id).map(criterionView),
    })),
    criteria: general.map(criterionView),
    stages: contest.stages.map((s) => ({ id: s.id, name: s.name, kind: s.kind, advanceCount: s.advanceCount })),
  }
}

function criterionView(c: { id: number; name: string; description: string; maxPoints: number; weight: number }) {
  return { id: c.id, name: c.name, description: c.description, maxPoints: c.maxPoints, weight: c.weight }
}

function points(n: number) {
  return `${n} ${plural(n, ['балл', 'балла', 'баллов'])}`
}

export default function ContestPage() {
  const { contest, nominations, criteria, stages } = useLoaderData<typeof loader>()
  return (
    <article className="contest">
      <p className="breadcrumbs">
        <Link to="/">Все конкурсы</Link>
      </p>
      <h1>{contest.title}</h1>
      <p className="lead">{contest.summary}</p>
      <p className="actions">
        {contest.open ? (
          <Link to={`/contests/${contest.slug}/apply`} className="button">
            Подать заявку
          </Link>
        ) : null}
        {contest.resultsPublished ? (
          <Link to={`/contests/${contest.slug}/results`} className="button">
            Итоги конкурса
          </Link>
        ) : null}
        {contest.galleryVisible ? (
          <Link to={`/contests/${contest.slug}/gallery`} className="button button--secondary">
            Галерея работ
          </Link>
        ) : null}
      </p>
      <section aria-labelledby="dates-title" className="panel">
        <h2 id="dates-title">Сроки</h2>
        <p className={`badge ${contest.open ? 'badge--ok' : ''}`}>{contest.phase}</p>
        {contest.opensAt ? <p>Начало приёма заявок: {formatDateTime(contest.opensAt)}</p> : null}
        {contest.closesAt ? <p>Последний день приёма заявок: {formatClosingDay(contest.closesAt)}</p> : null}
        {contest.left ? <p className="deadline">До окончания приёма {contest.left}</p> : null}
        <p className="muted">Время — кемеровское (UTC+{CITY_UTC_OFFSET_HOURS}).</p>
      </section>

      <section aria-labelledby="nominations-title">
        <h2 id="nominations-title">Номинации</h2>
        <ul className="nominations">
          {nominations.map((n) => (
            <li key={n.id}>
              <strong>{quoted(n.name)}</strong>
              {n.isSpecialPrize ? <span className="badge">решением жюри</span> : null}
              {n.description ? <p>{n.description}</p> : null}
              {n.criteria.length ? <CriteriaTable criteria={n.criteria} caption={`Критерии номинации ${quoted(n.name)}`} /> : null}
            </li>
          ))}
        </ul>
      </section>

      {criteria.length ? (
        <section aria-labelledby="criteria-title">
          <h2 id="criteria-title">Критерии оценки</h2>
          <CriteriaTable criteria={criteria} caption="Каждый член жюри оценивает заявку по критериям; итог — средний взвешенный балл." />
        </section>
      ) : null}

      {stages.length > 1 ? (
        <section aria-labelledby="stages-title">
          <h2 id="stages-title">Этапы</h2>
          <ol>
            {stages.map((s) => (
              <li key={s.id}>
                {s.name}
                {s.kind === 'district' && s.advanceCount
                  ? ` — в городской этап из каждого района проходят ${s.advanceCount} лучших в каждой номинации`
                  : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Положение о конкурсе</h2>
        <div className="prose" dangerouslySetInnerHTML={{ __html: contest.rulesHtml }} />
        <p className="muted">
          К заявке прикладывается{' '}
          {contest.minPhotos === contest.maxPhotos
            ? `${contest.maxPhotos} ${plural(contest.maxPhotos, NOUNS.photo)}`
            : `от ${contest.minPhotos} до ${contest.maxPhotos} фотографий`}
          .
        </p>
      </section>
    </article>
  )
}

function CriteriaTable({ criteria, caption }: { criteria: ReturnType<typeof criterionView>[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Критерий</th>
            <th scope="col">Баллы</th>
            <th scope="col">Вес</th>
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.name}
                {c.description ? <span className="muted block">{c.description}</span> : null}
              </th>
              <td>от 0 до {points(c.maxPoints)}</td>
              <td>{formatNumber(c.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

