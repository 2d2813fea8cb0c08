import { getCollectionProps, getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ActionButton } from '~/components/ui/action-button'
import { ChoiceGroup, Field, FormErrors } from '~/components/ui/field'
import { judgingState } from '~/modules/contests/lifecycle'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { closeStageJudging, listStages, openStageJudging, setStagePlan, stageOpenBlockers, updateStage } from '~/modules/contests/stages.server'
import { StageJudgingSchema, StagePlanSchema, StageSettingsSchema, TEXT_LIMITS } from '~/modules/contests/validation'
import { formatDateTime, toCityInputValue } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { itemForm, submitForm } from '~/utils/forms.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'
import { STAGE_STATUS_LABELS } from '../../db/schema/enums'
import { UNKNOWN_ACTION } from '~/utils/refusal'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Этапы — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  const now = new Date()
  const stages = await listStages(contest.id)
  return {
    contestStatus: contest.status,
    started: stages.some((s) => s.status !== 'pending'),
    plan: stages.some((s) => s.kind === 'district') ? 'district_city' : 'city',
    advanceCount: stages.find((s) => s.kind === 'district')?.advanceCount ?? null,
    stages: await Promise.all(
      stages.map(async (s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        status: s.status,
        statusLabel: STAGE_STATUS_LABELS[s.status],
        advanceCount: s.advanceCount,
        judgingClosesAt: toCityInputValue(s.judgingClosesAt),
        deadlineText: s.judgingClosesAt ? formatDateTime(s.judgingClosesAt) : null,
        deadlinePassed: s.status === 'judging' && judgingState({ ...s, contestStatus: contest.status }, now) === 'closed',
        blockers: s.status === 'judging' ? [] : await stageOpenBlockers(s),
      })),
    ),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId)
  const formData = await request.formData()
  const done = (message: string) => redirectWithToast(`/organiser/contests/${contest.id}/stages`, { message })
  switch (formData.get('intent')) {
    case 'plan':
      return submitForm(formData, 'plan', StagePlanSchema, async ({ plan, advanceCount }) => {
        await setStagePlan(user.id, contest.id, plan, advanceCount)
        return done('Схема этапов сохранена')
      })
    case 'update-stage':
      return submitForm(formData, itemForm('stage', formData), StageSettingsSchema, async (value) => {
        await updateStage(user.id, contest.id, value)
        return done('Этап сохранён')
      })
    case 'judging':
      return submitForm(formData, itemForm('stage', formData), StageJudgingSchema, async ({ id, judging }) => {
        if (judging === 'open') await openStageJudging(user.id, contest.id, id)
        else await closeStageJudging(user.id, contest.id, id)
        return done(judging === 'open' ? 'Оценка открыта: члены жюри видят заявки этапа' : 'Оценка этапа завершена')
      })
    default:
      refuse('invalid', UNKNOWN_ACTION)
  }
}

export default function StagesPage() {
  const { stages, started, plan, advanceCount } = useLoaderData<typeof loader>()
  const [form, fields] = useKeyedForm('plan', {
    schema: StagePlanSchema,
    defaultValue: { plan, advanceCount: advanceCount ?? 2 },
  })
  const choices = {
    city: 'Один городской этап',
    district_city: 'Районный этап, затем городской',
  }
  return (
    <>
      <section aria-labelledby="plan-title" className="panel">
        <h2 id="plan-title">Схема этапов</h2>
        {started ? (
          <p>Оценка уже началась, схему этапов изменить нельзя.</p>
        ) : (
          <Form method="post" className="stack" {...getFormProps(form)} key={`${plan}:${advanceCount}`}>
            <input type="hidden" name="intent" value="plan" />
            <FormErrors errors={form.errors} id={form.errorId} />
            <ChoiceGroup
              label="Сколько этапов в конкурсе"
              errors={fields.plan.errors}
              choices={getCollectionProps(fields.plan, {
                type: 'radio',
                options: ['city', 'district_city'],
              }).map((props) => ({
                ...props,
                label: choices[props.value as keyof typeof choices],
              }))}
            />
            <Field
              label="Сколько заявок в каждой номинации проходит из района в городской этап"
              hint="Только для схемы с районным этапом"
              errors={fields.advanceCount.errors}
              inputProps={{
                ...getInputProps(fields.advanceCount, { type: 'text' }),
                inputMode: 'numeric',
              }}
            />
            <button type="submit" className="button">
              Сохранить схему
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="stages-title">
        <h2 id="stages-title">Этапы</h2>
        <ol className="org-list">
          {stages.map((s) => (
            <StageCard key={`${s.id}:${s.name}:${s.judgingClosesAt}:${s.status}`} stage={s} />
          ))}
        </ol>
      </section>
    </>
  )
}

function StageCard({ stage: s }: { stage: ReturnType<typeof useLoaderData<typeof loader>>['stages'][number] }) {
  const [form, fields] = useKeyedForm(`stage-${s.id}`, {
    schema: StageSettingsSchema,
    defaultValue: { name: s.name, judgingClosesAt: s.judgingClosesAt },
  })
  return (
    <li className="card org-item">
      <h3 className="card__title">{s.name}</h3>
      <p>
        <span className={`badge ${s.status === 'judging' ? 'badge--ok' : ''}`}>{s.statusLabel}</span>
        {s.kind === 'district' && s.advanceCount ? <span className="muted"> Из района в каждой номинации проходит {s.advanceCount}.</span> : null}
      </p>
      {s.deadlineText ? (
        <p>
          Срок оценки: {s.deadlineText}
          {s.deadlinePassed ? ' — истёк, члены жюри больше не могут менять оценки' : ''}
        </p>
      ) : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      {s.status === 'judging' ? (
        <ActionButton intent="judging" id={s.id} fields={{ judging: 'close' }}>
          Завершить оценку этапа
        </ActionButton>
      ) : s.blockers.length ? (
        <div className="org-blockers">
          <p>{s.status === 'closed' ? 'Возобновить оценку нельзя:' : 'Открыть оценку пока нельзя:'}</p>
          <ul>
            {s.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ActionButton intent="judging" id={s.id} fields={{ judging: 'open' }} className="button">
          {s.status === 'closed' ? 'Возобновить оценку' : 'Открыть оценку'}
        </ActionButton>
      )}
      <details className="org-details" open={Boolean(fields.name.errors || fields.judgingClosesAt.errors)}>
        <summary>Изменить этап</summary>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="update-stage" />
          <input type="hidden" name="id" value={s.id} />
          <Field
            label="Название этапа"
            errors={fields.name.errors}
            inputProps={{
              ...getInputProps(fields.name, { type: 'text' }),
              maxLength: TEXT_LIMITS.stageName,
            }}
          />
          <Field
            label="Срок оценки (необязательно)"
            hint="Время кемеровское. После срока члены жюри не могут менять оценки."
            errors={fields.judgingClosesAt.errors}
            inputProps={getInputProps(fields.judgingClosesAt, {
              type: 'datetime-local',
            })}
          />
          <button type="submit" className="button">
            Сохранить этап
          </button>
        </Form>
      </details>
    </li>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
