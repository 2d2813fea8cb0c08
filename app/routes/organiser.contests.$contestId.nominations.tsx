import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ActionButton, CheckboxField, FormMessages, TextAreaField, TextField, useFormState } from '~/components/organiser/form'
import { itemForm, submitForm } from '~/modules/contests/forms.server'
import {
  addCriterion,
  addNominations,
  copyContestCriteria,
  deleteCriterion,
  deleteNomination,
  moveCriterion,
  moveNomination,
  nominationsPage,
  updateCriterion,
  updateNomination,
} from '~/modules/contests/nominations.server'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { AddNominationsSchema, CriterionSchema, IdSchema, MAX_NOMINATIONS, MoveSchema, NominationRefSchema, NominationSchema } from '~/modules/contests/validation'
import { countOf, plural } from '~/utils/format'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Номинации и критерии — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  return { contestId: contest.id, ...nominationsPage(contest.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId)
  const formData = await request.formData()
  const done = (message: string) => redirectWithToast(`/organiser/contests/${contest.id}/nominations`, { message })
  const at = (prefix: string) => itemForm(prefix, formData)
  switch (formData.get('intent')) {
    case 'add-nominations':
      return submitForm(formData, 'add-nominations', AddNominationsSchema, ({ names }) => {
        addNominations(user.id, contest.id, names)
        return done(`${plural(names.length, ['Добавлена', 'Добавлены', 'Добавлено'])} ${countOf(names.length, ['номинация', 'номинации', 'номинаций'])}`)
      })
    case 'update-nomination':
      return submitForm(formData, at('nomination'), NominationSchema, (value) => {
        updateNomination(user.id, contest.id, value)
        return done('Номинация сохранена')
      })
    case 'delete-nomination':
      return submitForm(formData, at('nomination'), IdSchema, ({ id }) => {
        deleteNomination(user.id, contest.id, id)
        return done('Номинация удалена')
      })
    case 'move-nomination':
      return submitForm(formData, at('nomination'), MoveSchema, ({ id, direction }) => {
        moveNomination(user.id, contest.id, id, direction)
        return done('Порядок номинаций изменён')
      })
    case 'copy-criteria': {
      const key = `nomination-${String(formData.get('nominationId')).slice(0, 12)}`
      return submitForm(formData, key, NominationRefSchema, ({ nominationId }) => {
        copyContestCriteria(user.id, contest.id, nominationId)
        return done('У номинации теперь свои критерии: измените их')
      })
    }
    case 'add-criterion': {
      const owner = formData.get('nominationId')
      return submitForm(formData, owner ? `criterion-new-${String(owner).slice(0, 12)}` : 'criterion-new', CriterionSchema, (value) => {
        addCriterion(user.id, contest.id, value)
        return done('Критерий добавлен')
      })
    }
    case 'update-criterion':
      return submitForm(formData, at('criterion'), CriterionSchema.required({ id: true }), (value) => {
        updateCriterion(user.id, contest.id, value)
        return done('Критерий сохранён')
      })
    case 'delete-criterion':
      return submitForm(formData, at('criterion'), IdSchema, ({ id }) => {
        deleteCriterion(user.id, contest.id, id)
        return done('Критерий удалён')
      })
    case 'move-criterion':
      return submitForm(formData, at('criterion'), MoveSchema, ({ id, direction }) => {
        moveCriterion(user.id, contest.id, id, direction)
        return done('Порядок критериев изменён')
      })
    default:
      refuse('invalid', 'Неизвестное действие')
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>
type Nomination = PageData['nominations'][number]
type Criterion = PageData['contestCriteria'][number]

export default function NominationsPage() {
  const { nominations, contestCriteria, contestCriteriaFrozen } = useLoaderData<typeof loader>()
  const add = useFormState('add-nominations')
  return (
    <>
      <section aria-labelledby="nominations-title">
        <h2 id="nominations-title">Номинации</h2>
        {nominations.length === 0 ? <p>Номинаций пока нет: добавьте их ниже.</p> : null}
        <ol className="org-list">
          {nominations.map((n, i) => (
            <NominationCard key={`${n.id}:${n.name}:${n.description}:${n.isSpecialPrize}:${n.criteria.length}`} nomination={n} first={i === 0} last={i === nominations.length - 1} />
          ))}
        </ol>
        {nominations.length < MAX_NOMINATIONS ? (
          <Form method="post" className="stack panel" noValidate key={nominations.length}>
            <h3>Добавить номинации</h3>
            <input type="hidden" name="intent" value="add-nominations" />
            <FormMessages state={add} />
            <TextAreaField state={add} name="names" label="Названия номинаций, по одной в строке" hint="Описание и особенности номинации можно задать после добавления." saved="" rows={4} />
            <button type="submit" className="button">
              Добавить
            </button>
          </Form>
        ) : (
          <p className="muted">В конкурсе уже {MAX_NOMINATIONS} номинаций — это наибольшее число.</p>
        )}
      </section>

      <section aria-labelledby="criteria-title">
        <h2 id="criteria-title">Критерии оценки</h2>
        <p>
          Каждый член жюри ставит по каждому критерию от 0 до наибольшего балла; итог заявки — сумма баллов, умноженных на вес. Номинация со
          своими критериями оценивается только по ним.
        </p>
        {contestCriteriaFrozen ? <p className="org-note">По общим критериям уже выставлены оценки: их названия, баллы и вес изменить нельзя.</p> : null}
        <CriteriaList criteria={contestCriteria} frozen={contestCriteriaFrozen} caption="Общие критерии конкурса" />
        {!contestCriteriaFrozen ? <NewCriterion /> : null}
      </section>
    </>
  )
}

function NominationCard({ nomination: n, first, last }: { nomination: Nomination; first: boolean; last: boolean }) {
  const state = useFormState(`nomination-${n.id}`)
  return (
    <li className="card org-item" id={`nomination-${n.id}`}>
      <h3 className="card__title">«{n.name}»</h3>
      <p>
        {n.isSpecialPrize ? <span className="badge">специальный приз, решением жюри</span> : null}
        <span className="badge">{countOf(n.entries, ['заявка', 'заявки', 'заявок'])}</span>
        {n.scored ? <span className="badge">есть оценки</span> : null}
      </p>
      {n.description ? <p>{n.description}</p> : null}
      <FormMessages state={state} />
      <details className="org-details" open={Boolean(state.formErrors || state.errors('name') || state.errors('description'))}>
        <summary>Изменить номинацию</summary>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="update-nomination" />
          <input type="hidden" name="id" value={n.id} />
          <TextField state={state} name="name" label="Название" saved={n.name} maxLength={200} />
          <TextAreaField state={state} name="description" label="Описание" saved={n.description} rows={3} maxLength={2000} />
          <CheckboxField state={state} name="isSpecialPrize" label="Специальный приз: победителя выбирает жюри, без баллов" saved={n.isSpecialPrize} />
          <button type="submit" className="button">
            Сохранить номинацию
          </button>
        </Form>
      </details>
      <div className="org-actions">
        {!first ? (
          <ActionButton intent="move-nomination" id={n.id} fields={{ direction: 'up' }} context={`номинация «${n.name}»`}>
            <span aria-hidden="true">↑ </span>Выше
          </ActionButton>
        ) : null}
        {!last ? (
          <ActionButton intent="move-nomination" id={n.id} fields={{ direction: 'down' }} context={`номинация «${n.name}»`}>
            <span aria-hidden="true">↓ </span>Ниже
          </ActionButton>
        ) : null}
        {n.entries === 0 ? (
          <ActionButton intent="delete-nomination" id={n.id} context={`номинация «${n.name}»`} className="button button--danger">
            Удалить
          </ActionButton>
        ) : null}
      </div>
      {n.isSpecialPrize ? null : (
        <div className="org-own-criteria">
          <h4>Критерии номинации</h4>
          {n.criteria.length ? (
            <>
              <CriteriaList criteria={n.criteria} frozen={n.scored} caption={`Свои критерии номинации «${n.name}»`} />
              {!n.scored ? <NewCriterion nominationId={n.id} /> : null}
            </>
          ) : (
            <>
              <p className="muted">Оценивается по общим критериям конкурса.</p>
              {!n.scored ? (
                <ActionButton intent="copy-criteria" fields={{ nominationId: String(n.id) }}>
                  Задать свои критерии (начать с копии общих)
                </ActionButton>
              ) : null}
            </>
          )}
        </div>
      )}
    </li>
  )
}

function CriteriaList({ criteria, frozen, caption }: { criteria: Criterion[]; frozen: boolean; caption: string }) {
  if (criteria.length === 0) return <p className="muted">Критериев пока нет.</p>
  return (
    <ol className="org-list" aria-label={caption}>
      {criteria.map((c, i) => (
        <CriterionItem key={`${c.id}:${c.name}:${c.description}:${c.maxPoints}:${c.weight}`} criterion={c} frozen={frozen} first={i === 0} last={i === criteria.length - 1} />
      ))}
    </ol>
  )
}

function points(n: number) {
  return countOf(n, ['балл', 'балла', 'баллов'])
}

function CriterionItem({ criterion: c, frozen, first, last }: { criterion: Criterion; frozen: boolean; first: boolean; last: boolean }) {
  const state = useFormState(`criterion-${c.id}`)
  const failed = Boolean(state.formErrors || ['name', 'maxPoints', 'weight', 'description'].some((f) => state.errors(f)))
  return (
    <li className="org-criterion" id={`criterion-${c.id}`}>
      <p>
        <strong>{c.name}</strong> — от 0 до {points(c.maxPoints)}, вес {c.weight.toLocaleString('ru-RU')}
        {c.description ? <span className="muted block">{c.description}</span> : null}
      </p>
      <FormMessages state={state} />
      <details className="org-details" open={failed}>
        <summary>Изменить критерий «{c.name}»</summary>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="update-criterion" />
          <input type="hidden" name="id" value={c.id} />
          <CriterionFields state={state} criterion={c} frozen={frozen} />
          <button type="submit" className="button">
            Сохранить критерий
          </button>
        </Form>
      </details>
      <div className="org-actions">
        {!first ? (
          <ActionButton intent="move-criterion" id={c.id} fields={{ direction: 'up' }} context={`критерий «${c.name}»`}>
            <span aria-hidden="true">↑ </span>Выше
          </ActionButton>
        ) : null}
        {!last ? (
          <ActionButton intent="move-criterion" id={c.id} fields={{ direction: 'down' }} context={`критерий «${c.name}»`}>
            <span aria-hidden="true">↓ </span>Ниже
          </ActionButton>
        ) : null}
        {!frozen ? (
          <ActionButton intent="delete-criterion" id={c.id} context={`критерий «${c.name}»`} className="button button--danger">
            Удалить
          </ActionButton>
        ) : null}
      </div>
    </li>
  )
}

function CriterionFields({ state, criterion, frozen }: { state: ReturnType<typeof useFormState>; criterion?: Criterion; frozen?: boolean }) {
  return (
    <>
      <TextField state={state} name="name" label="Название критерия" saved={criterion?.name ?? ''} maxLength={200} readOnly={frozen} />
      <TextAreaField state={state} name="description" label="Пояснение для жюри (необязательно)" saved={criterion?.description ?? ''} rows={2} maxLength={1000} />
      <div className="org-pair">
        <TextField state={state} name="maxPoints" label="Наибольший балл" saved={criterion?.maxPoints ?? 10} inputMode="numeric" readOnly={frozen} />
        <TextField state={state} name="weight" label="Вес" hint="Например, 1 или 1,5" saved={criterion ? String(criterion.weight).replace('.', ',') : '1'} inputMode="decimal" readOnly={frozen} />
      </div>
    </>
  )
}

function NewCriterion({ nominationId }: { nominationId?: number }) {
  const state = useFormState(nominationId ? `criterion-new-${nominationId}` : 'criterion-new')
  const { contestCriteria, nominations } = useLoaderData<typeof loader>()
  // Remounts after each addition, so the form is empty again.
  const revision = nominationId ? (nominations.find((n) => n.id === nominationId)?.criteria.length ?? 0) : contestCriteria.length
  return (
    <details className="org-details" open={revision === 0 || Boolean(state.formErrors || state.errors('name') || state.errors('maxPoints') || state.errors('weight'))}>
      <summary>{nominationId ? 'Добавить критерий номинации' : 'Добавить общий критерий'}</summary>
      <Form method="post" className="stack" noValidate key={revision}>
        <input type="hidden" name="intent" value="add-criterion" />
        {nominationId ? <input type="hidden" name="nominationId" value={nominationId} /> : null}
        <FormMessages state={state} />
        <CriterionFields state={state} />
        <button type="submit" className="button">
          Добавить критерий
        </button>
      </Form>
    </details>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
