import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormErrors } from '~/components/ui/field'
import { PhotoGallery } from '~/components/jury/photo-gallery'
import { JuryProgress } from '~/components/jury/progress'
import { ScoreForm } from '~/components/jury/score-form'
import { ScoringKeys } from '~/components/jury/scoring-keys'
import { photoUrl } from '~/modules/photos/view'
import { jurorQueueStanding } from '~/modules/jury/queue.server'
import {
  blindEntry,
  criteriaOfEntry,
  openEntry,
  ownEvaluation,
  ownProposals,
  photosOf,
  recuse,
  saveEvaluation,
  STAGE_CLOSED,
} from '~/modules/jury/scoring.server'
import { NOTE_MAX, pointsFromForm, RecusalSchema, REASON_MAX, scoreFormSchema } from '~/modules/jury/validation'
import { requirePermission } from '~/utils/permissions.server'
import { asRefusal } from '~/utils/refusal'
import { refusalAsResponse, refusalReply, refuse } from '~/utils/refusal.server'
import { getEnv } from '~/utils/env.server'
import { formatDateTime, quoted } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('jury')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Заявка ${data.entry.number} — оценка жюри` : 'Оценка заявки — жюри' },
]

const entryUrl = (stageId: number, entryId: number) => `/jury/stages/${stageId}/entries/${entryId}`

/** The juror's access to the entry, or the thrown 403/404/… with the reason in Russian. */
async function open(request: Request, params: LoaderFunctionArgs['params']) {
  const juror = await requirePermission(request, 'jury.score')
  try {
    return { juror, ...await openEntry(juror, Number(params.stageId), Number(params.entryId)), entryId: Number(params.entryId) }
  } catch (error) {
    throw refusalAsResponse(error)
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { juror, access, scoring, specialNominationIds, entryId } = await open(request, params)
  const entry = await blindEntry(access, entryId)
  if (!entry) refuse('not_found', 'Заявка не найдена.')
  // Only what the page shows of the juror's queue: this entry's place, its neighbours, the next to score.
  const standing = scoring ? await jurorQueueStanding(access, entryId) : null
  const prev = standing?.previous ?? null
  const next = standing?.next ?? null
  const upcoming = standing?.nextUnscored ?? next
  const proposals = await ownProposals(juror, specialNominationIds)
  return {
    stage: {
      id: access.stage.id,
      name: access.stage.name,
      open: access.state === 'open',
      closesAt: access.stage.judgingClosesAt?.toISOString() ?? null,
    },
    contestTitle: access.contest.title,
    entry,
    scoring,
    criteria: scoring ? await criteriaOfEntry(access.contest.id, entry.nominationId) : [],
    own: scoring ? await ownEvaluation(juror, access.stage.id, entryId) : null,
    position: standing?.position ?? 0,
    progress: { scored: standing?.scored ?? 0, total: standing?.total ?? 0 },
    prevUrl: prev ? entryUrl(access.stage.id, prev) : null,
    nextUrl: next ? entryUrl(access.stage.id, next) : null,
    // The photos of the entry the juror will most likely open next, fetched while they look at this one.
    prefetch: upcoming ? (await photosOf(upcoming)).slice(0, 3).map((p) => photoUrl(p.id, 'gallery')) : [],
    specials: access.assignments
      .filter((a) => specialNominationIds.includes(a.nominationId))
      .map((a) => {
        const mine = proposals.find((p) => p.nominationId === a.nominationId && p.entryId === entryId)
        return { nominationId: a.nominationId, name: a.nominationName, proposed: !!mine, note: mine?.note ?? '' }
      }),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const timing = getEnv().BENCH ? saveTiming() : null
  const { juror, access, scoring, nominationId, number, entryId } = await open(request, params)
  const formData = await request.formData()
  timing?.bodyRead()

  if (formData.get('intent') === 'recuse') {
    const { submission, hideFields } = parseForm(formData, RecusalSchema)
    if (submission.status !== 'success') return data({ form: 'recuse' as const, result: submission.reply({ hideFields }) }, { status: 400 })
    try {
      await recuse(juror, access, entryId, submission.value.reason)
    } catch (error) {
      const { status, result } = refusalReply(submission, asRefusal(error))
      return data({ form: 'recuse' as const, result }, { status })
    }
    const next = (await jurorQueueStanding(access, entryId)).nextUnscored
    return redirectWithToast(next ? entryUrl(access.stage.id, next) : `/jury/stages/${access.stage.id}`, {
      message: 'Самоотвод принят: заявка убрана из вашей очереди',
    })
  }

  if (!scoring) refuse('forbidden', 'Эта заявка у вас только кандидат на специальный приз: баллы ей не ставятся.')
  const criteria = await criteriaOfEntry(access.contest.id, nominationId)
  const { submission, hideFields } = parseForm(formData, scoreFormSchema(criteria))
  if (access.state !== 'open') {
    return data({ form: 'score' as const, result: submission.reply({ formErrors: [STAGE_CLOSED], hideFields }) }, { status: 409 })
  }
  if (submission.status !== 'success') {
    return data({ form: 'score' as const, result: submission.reply({ hideFields }) }, { status: 400 })
  }
  const input = { points: pointsFromForm(submission.value, criteria), comment: (submission.value.comment as string | undefined) ?? '' }
  try {
    await saveEvaluation(juror, access, entryId, input, criteria)
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error))
    return data({ form: 'score' as const, result }, { status })
  }
  const { nextUnscored: next, scored, total } = await jurorQueueStanding(access, entryId)
  return redirectWithToast(
    next ? entryUrl(access.stage.id, next) : `/jury/stages/${access.stage.id}`,
    { message: next ? `Оценка заявки ${number} сохранена` : `Оценка заявки ${number} сохранена. Все заявки этапа оценены: ${scored} из ${total}` },
    timing ? { headers: { 'Server-Timing': timing.header() } } : undefined,
  )
}

/**
 * Only when benchmarking (BENCH=1), for bench/jury.ts: the save itself (validation, transaction, next
 * entry) in wall and CPU time, and the whole action, which also waits while other requests run as its
 * body arrives.
 */
function saveTiming() {
  const started = performance.now()
  let read = started
  let cpu = process.cpuUsage()
  return {
    bodyRead() {
      read = performance.now()
      cpu = process.cpuUsage()
    },
    header() {
      const now = performance.now()
      const used = process.cpuUsage(cpu)
      return `save;dur=${(now - read).toFixed(2)}, cpu;dur=${((used.user + used.system) / 1000).toFixed(2)}, action;dur=${(now - started).toFixed(2)}`
    },
  }
}

export default function ScoreEntryPage() {
  const { stage, contestTitle, entry, scoring, criteria, own, position, progress, prevUrl, nextUrl, prefetch, specials } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <article className="jury-entry">
      <p className="breadcrumbs">
        <Link to="/jury">Работа в жюри</Link> › <Link to={`/jury/stages/${stage.id}`}>{stage.name}</Link>
      </p>
      <h1>
        <span className="jury-entry__number">{entry.number}</span> {entry.title || 'Без названия'}
      </h1>
      <p className="muted">
        {contestTitle}
        {entry.nominationName ? ` · номинация ${quoted(entry.nominationName)}` : ''}
        {entry.districtName ? ` · ${entry.districtName}` : ''}
      </p>
      {scoring ? (
        <div className="jury-entry__progress">
          <JuryProgress scored={progress.scored} total={progress.total} />
          <nav aria-label="Заявки очереди" className="jury-entry__nav">
            {prevUrl ? (
              <Link to={prevUrl} rel="prev">
                ← Предыдущая
              </Link>
            ) : null}
            <span className="muted">
              {position} из {progress.total}
            </span>
            {nextUrl ? (
              <Link to={nextUrl} rel="next">
                Следующая →
              </Link>
            ) : null}
          </nav>
        </div>
      ) : null}
      {prefetch.map((href) => (
        <link key={href} rel="prefetch" as="image" href={href} />
      ))}

      <div className="jury-entry__layout">
        <section aria-label="Заявка" className="jury-entry__about">
          <PhotoGallery photos={entry.photos} />
          {entry.description ? <p className="jury-entry__description">{entry.description}</p> : null}
          {entry.fields.length ? (
            <dl className="jury-facts">
              {entry.fields.map((f) => (
                <div key={f.label}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </section>

        <div className="jury-entry__side">
          {scoring ? (
            <section aria-labelledby="score-title" className="panel">
              <h2 id="score-title">Ваша оценка</h2>
              <ScoringKeys />
              {stage.open ? (
                <>
                  {own ? <p className="muted">Ваша оценка сохранена {formatDateTime(own.savedAt)}.</p> : null}
                  {stage.closesAt ? <p className="muted">Оценки можно менять до {formatDateTime(stage.closesAt)}.</p> : null}
                  <ScoreForm
                    key={entry.id}
                    entryId={entry.id}
                    criteria={criteria}
                    own={own}
                    lastResult={actionData?.form === 'score' ? (actionData.result as SubmissionResult<string[]>) : undefined}
                  />
                  <p className="muted jury-keys">
                    С клавиатуры: цифры — баллы, Tab — следующий критерий, Enter — сохранить и перейти к следующей заявке, ← и → —
                    предыдущая и следующая заявка.
                  </p>
                </>
              ) : (
                <ReadOnlyScores criteria={criteria} own={own} formError={actionData?.result.error?.['']} />
              )}
            </section>
          ) : null}

          {specials.map((s) => (
            <SpecialProposal key={s.nominationId} stageId={stage.id} entryId={entry.id} open={stage.open} {...s} />
          ))}

          {stage.open ? (
            <RecusalForm lastResult={actionData?.form === 'recuse' ? (actionData.result as SubmissionResult<string[]>) : undefined} />
          ) : null}
        </div>
      </div>
    </article>
  )
}

function ReadOnlyScores({
  criteria,
  own,
  formError,
}: {
  criteria: { id: number; name: string; maxPoints: number }[]
  own: { comment: string; points: Record<string, number> } | null
  formError?: string[] | null
}) {
  return (
    <>
      <FormErrors errors={formError ?? undefined} />
      <p>{STAGE_CLOSED_TEXT}</p>
      {own ? (
        <>
          <dl className="jury-facts">
            {criteria.map((c) => (
              <div key={c.id}>
                <dt>{c.name}</dt>
                <dd>
                  {own.points[c.id] ?? '—'} из {c.maxPoints}
                </dd>
              </div>
            ))}
          </dl>
          {own.comment ? <p className="jury-entry__description">Комментарий: {own.comment}</p> : null}
        </>
      ) : (
        <p className="muted">Вы не оценили эту заявку.</p>
      )}
    </>
  )
}

const STAGE_CLOSED_TEXT = 'Оценка этапа завершена. Ваши оценки сохранены и больше не меняются.'

function SpecialProposal({
  stageId,
  entryId,
  open,
  nominationId,
  name,
  proposed,
  note,
}: {
  stageId: number
  entryId: number
  open: boolean
  nominationId: number
  name: string
  proposed: boolean
  note: string
}) {
  const { pathname } = useLocation()
  const noteId = `special-note-${nominationId}`
  return (
    <section aria-labelledby={`special-${nominationId}`} className="panel">
      <h2 id={`special-${nominationId}`}>Специальный приз {quoted(name)}</h2>
      {proposed ? <p>Вы предложили эту заявку на специальный приз.{note ? ` Ваше пояснение: ${note}` : ''}</p> : null}
      {open ? (
        <Form method="post" action={`/jury/stages/${stageId}/special/${nominationId}`} className="stack">
          <input type="hidden" name="entryId" value={entryId} />
          <input type="hidden" name="returnTo" value={pathname} />
          {proposed ? (
            <button type="submit" name="intent" value="withdraw" className="button button--secondary">
              Отозвать предложение
            </button>
          ) : (
            <>
              <div className="field">
                <label htmlFor={noteId}>Почему эта заявка (необязательно)</label>
                <textarea id={noteId} name="note" rows={2} maxLength={NOTE_MAX} />
              </div>
              <button type="submit" name="intent" value="propose" className="button button--secondary">
                Предложить на специальный приз
              </button>
            </>
          )}
        </Form>
      ) : null}
    </section>
  )
}

function RecusalForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm({
    id: 'recusal',
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecusalSchema }),
  })
  return (
    <details className="jury-recusal" open={lastResult?.status === 'error' || undefined}>
      <summary>Заявить самоотвод</summary>
      <p className="muted">
        Если вы знаете автора заявки или у вас иной конфликт интересов, откажитесь от её оценки. Заявка уйдёт из вашей очереди, а уже
        поставленные ей баллы не будут учтены.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="recuse" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <div className="field">
          <label htmlFor={fields.reason.id}>Причина самоотвода</label>
          <textarea
            {...getTextareaProps(fields.reason)}
            rows={3}
            maxLength={REASON_MAX}
            aria-invalid={fields.reason.errors ? true : undefined}
          />
          {fields.reason.errors ? (
            <p id={fields.reason.errorId} className="field__error">
              {fields.reason.errors.join(' ')}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--secondary">
          Отказаться от оценки этой заявки
        </button>
      </Form>
    </details>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
