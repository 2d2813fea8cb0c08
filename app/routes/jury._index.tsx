import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { JuryProgress } from '~/components/jury/progress'
import { contestsAwaitingAssignment } from '~/modules/jury/invitations.server'
import { listJurorStages } from '~/modules/jury/queue.server'
import { requirePermission } from '~/utils/permissions.server'
import { formatDateTime, quoted } from '~/utils/format'
import { areaStyles } from '~/styles/links'
import { STAGE_STATUS_LABELS } from '../../db/schema/enums'

export const links = areaStyles('jury')

export const meta: MetaFunction = () => [{ title: 'Работа в жюри — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const juror = await requirePermission(request, 'jury.score')
  const stages = (await listJurorStages(juror)).map((s) => ({
    ...s,
    judgingOpensAt: s.judgingOpensAt?.toISOString() ?? null,
    judgingClosesAt: s.judgingClosesAt?.toISOString() ?? null,
    assignments: s.assignments.map((a) => ({
      nominationId: a.nominationId,
      name: a.nominationName,
      special: a.isSpecialPrize,
      district: a.districtName,
    })),
  }))
  const contests = [...new Set(stages.map((s) => s.contestId))].map((id) => ({
    id,
    title: stages.find((s) => s.contestId === id)!.contestTitle,
    stages: stages.filter((s) => s.contestId === id),
  }))
  return { contests, awaiting: await contestsAwaitingAssignment(juror.id) }
}

/** A stage's judging as the juror's clock has it (judgingState), in the words of the stage's status. */
const STATE_TEXT = { pending: STAGE_STATUS_LABELS.pending, open: STAGE_STATUS_LABELS.judging, closed: STAGE_STATUS_LABELS.closed } as const

export default function JuryCabinet() {
  const { contests, awaiting } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Работа в жюри</h1>
      {contests.length ? (
        <p className="lead">
          Оценка слепая: вы не видите авторов заявок, а другие члены жюри не видят ваших оценок. Заявки, где у вас конфликт интересов, в
          очередь не попадают.
        </p>
      ) : awaiting.length ? null : (
        <p>Вас пока не назначили в жюри ни одного конкурса. Когда организатор назначит, конкурс появится здесь.</p>
      )}
      {awaiting.map((c) => (
        <section key={c.id} aria-label={c.title} className="jury-contest">
          <h2>{c.title}</h2>
          <p>Вы в жюри этого конкурса. Номинации вам пока не назначены: когда организатор назначит их, они появятся здесь.</p>
        </section>
      ))}
      {contests.map((c) => (
        <section key={c.id} aria-label={c.title} className="jury-contest">
          <h2>{c.title}</h2>
          <ul className="card-list">
            {c.stages.map((s) => (
              <li key={s.stageId} className="card jury-stage">
                <h3 className="card__title">
                  <Link to={`/jury/stages/${s.stageId}`}>{s.stageName}</Link>
                </h3>
                <p className={`badge ${s.state === 'open' ? 'badge--ok' : ''}`}>{STATE_TEXT[s.state]}</p>
                {s.state === 'open' && s.judgingClosesAt ? <p className="muted">До {formatDateTime(s.judgingClosesAt)}</p> : null}
                {s.state === 'pending' && s.judgingOpensAt ? <p className="muted">Начало {formatDateTime(s.judgingOpensAt)}</p> : null}
                <ul className="jury-stage__nominations">
                  {s.assignments.map((a) => (
                    <li key={`${a.nominationId}-${a.district ?? ''}`}>
                      {quoted(a.name)}{a.district ? `, ${a.district}` : ''}
                      {a.special ? <span className="badge">спецприз, без баллов</span> : null}
                    </li>
                  ))}
                  {s.hasExtra ? <li>Отдельные заявки по просьбе организатора</li> : null}
                </ul>
                {s.state !== 'pending' && (s.total || !s.assignments.every((a) => a.special)) ? (
                  <JuryProgress scored={s.scored} total={s.total} />
                ) : null}
                {s.state === 'open' && s.nextEntryId ? (
                  <p>
                    <Link to={`/jury/stages/${s.stageId}/entries/${s.nextEntryId}`} className="button">
                      {s.scored ? 'Продолжить оценку' : 'Начать оценку'}
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
