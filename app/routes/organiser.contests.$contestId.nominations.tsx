import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ActionButton } from '~/components/ui/action-button'
import { CheckboxField, Field, FormErrors, TextareaField } from '~/components/ui/field'
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
import { AddNominationsSchema, CriterionSchema, IdSchema, MAX_NOMINATIONS, MoveSchema, NominationRefSchema, NominationSchema, TEXT_LIMITS } from '~/modules/contests/validation'
import { countOf, formatNumber, NOUNS, plural, quoted } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { itemForm, submitForm } from '~/utils/forms.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'
import { UNKNOWN_ACTION } from '~/utils/refusal'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Номинации и критерии — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  return { contestId: contest.id, ...await nominationsPage(contest.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId)
  const formData = await request.formData()
  const done = (message: string) => redirectWithToast(`/organiser/contests/${contest.id}/nominations`, { message })
  const at = (prefix: string) => itemForm(prefix, formData)
  switch (formData.get('intent')) {
    case 'add-nominations':
      return submitForm(formData, 'add-nominations', AddNominationsSchema, async ({ names }) => {
        await addNominations(user.id, contest.id, names)
        return done(`${plural(names.length, ['Добавлена', 'Добавлены', 'Добавлено'])} ${countOf(names.length, NOUNS.nomination)}`)
      })
    case 'update-nomination':
      return submitForm(formData, at('nomination'), NominationSchema, async (value) => {
        await updateNomination(user.id, contest.id, value)
        return done('Номинация сохранена')
      })
    case 'delete-nomination':
      return submitForm(formData, at('nomination'), IdSchema, async ({ id }) => {
        await deleteNomination(user.id, contest.id, id)
        return done('Номинация удалена')
      })
    case 'move-nomination':
      return submitForm(formData, at('nomination'), MoveSchema, async ({ id, direction }) => {
        await moveNomination(user.id, contest.id, id, direction)
        return done('Порядок номинаций изменён')
      })
    case 'copy-criteria': {
      const key = `nomination-${String(formData.get('nominationId')).slice(0, 12)}`
      return submitForm(formData, key, NominationRefSchema, async ({ nominationId }) => {
        await copyContestCriteria(user.id, contest.id, nominationId)
        return done('У номинации теперь свои критерии: измените их')
      })
    }
    case 'add-criterion': {
      const owner = formData.get('nominationId')
      return submitForm(formData, owner ? `criterion-new-${String(owner).slice(0, 12)}` : 'criterion-new', CriterionSchema, async (value) => {
        await addCriterion(user.id, contest.id, value)
        return done('Критерий добавлен')
      })
    }
    case 'update-criterion':
      return submitForm(formData, at('criterion'), CriterionSchema.required({ id: true }), async (value) => {
        await updateCriterion(user.id, contest.id, value)
        return done('Критерий сохранён')
      })
    case 'delete-criterion':
      return submitForm(formData, at('criterion'), IdSchema, async ({ id }) => {
        await deleteCriterion(user.id, contest.id, id)
        return done('Критерий удалён')
      })
    case 'move-criterion':
      return submitForm(formData, at('criterion'), MoveSchema, async ({ id, direction }) => {
        await moveCriterion(user.id, contest.id, id, direction)
        return done('Порядок критериев изменён')
      })
    default:
      refuse('invalid', UNKNOWN_ACTION)
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>
type Nomination = PageData['nominations'][number]
type Criterion = PageData['contestCriteria'][number]

export default function NominationsPage() {
  const { nominations, contestCriteria, contestCriteriaFrozen } = useLoaderData<typeof loader>()
  const [add, addFields] = useKeyedForm('add-nominations', {
    schema: AddNominationsSchema,
  })
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
          <Form method="post" className="stack panel" {...getFormProps(add)} key={nominations.length}>
            <h3>Добавить номинации</h3>
            <input type="hidden" name="intent" value="add-nominations" />
            <FormErrors errors={add.errors} id={add.errorId} />
            <TextareaField
              label="Названия номинаций, по одной в строке"
              hint="Описание и особенности номинации можно задать после добавления."
              errors={addFields.names.errors}
              textareaProps={{ ...getTextareaProps(addFields.names), rows: 4 }}
            />
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
  const [form, fields] = useKeyedForm(`nomination-${n.id}`, {
    schema: NominationSchema,
    defaultValue: {
      name: n.name,
      description: n.description,
      isSpecialPrize: n.isSpecialPrize,
    },
  })
  return (
    <li className="card org-item" id={`nomination-${n.id}`}>
      <h3 className="card__title">{quoted(n.name)}</h3>
      <p>
        {n.isSpecialPrize ? <span className="badge">специальный приз, решением жюри</span> : null}
        <span className="badge">{countOf(n.entries, NOUNS.entry)}</span>
        {n.scored ? <span className="badge">есть оценки</span> : null}
      </p>
      {n.description ? <p>{n.description}</p> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <details className="org-details" open={Object.keys(form.allErrors).length > 0}>
        <summary>Изменить номинацию</summary>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="update-nomination" />
          <input type="hidden" name="id" value={n.id} />
          <Field
            label="Название"
            errors={fields.name.errors}
            inputProps={{
              ...getInputProps(fields.name, { type: 'text' }),
              maxLength: TEXT_LIMITS.nominationName,
            }}
          />
          <TextareaField
            label="Описание"
            errors={fields.description.errors}
            textareaProps={{
              ...getTextareaProps(fields.description),
              rows: 3,
              maxLength: TEXT_LIMITS.nominationDescription,
            }}
          />
          <CheckboxField
            label="Специальный приз: победителя выбирает жюри, без баллов"
            errors={fields.isSpecialPrize.errors}
            inputProps={getInputProps(fields.isSpecialPrize, {
              type: 'checkbox',
            })}
          />
          <button type="submit" className="button">
            Сохранить номинацию
          </button>
        </Form>
      </details>
      <div className="org-actions">
        {!first ? (
          <ActionButton intent="move-nomination" id={n.id} fields={{ direction: 'up' }} context={`номинация ${quoted(n.name)}`}>
            <span aria-hidden="true">↑ </span>Выше
          </ActionButton>
        ) : null}
        {!last ? (
          <ActionButton intent="move-nomination" id={n.id} fields={{ direction: 'down' }} context={`номинация ${quoted(n.name)}`}>
            <span aria-hidden="true">↓ </span>Ниже
          </ActionButton>
        ) : null}
        {n.entries === 0 ? (
          <ActionButton intent="delete-nomination" id={n.id} context={`номинация ${quoted(n.name)}`} className="button button--danger">
            Удалить
          </ActionButton>
        ) : null}
      </div>
      {n.isSpecialPrize ? null : (
        <div className="org-own-criteria">
          <h4>Критерии номинации</h4>
          {n.criteria.length ? (
            <>
              <CriteriaList criteria={n.criteria} frozen={n.scored} caption={`Свои критерии номинации ${quoted(n.name)}`} />
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
  const [form, fields] = useKeyedForm(`criterion-${c.id}`, {
    schema: CriterionSchema,
    defaultValue: criterionValue(c),
  })
  return (
    <li className="org-criterion" id={`criterion-${c.id}`}>
      <p>
        <strong>{c.name}</strong> — от 0 до {points(c.maxPoints)}, вес {formatNumber(c.weight)}
        {c.description ? <span className="muted block">{c.description}</span> : null}
      </p>
      <FormErrors errors={form.errors} id={form.errorId} />
      <details className="org-details" open={Object.keys(form.allErrors).length > 0}>
        <summary>Изменить критерий {quoted(c.name)}</summary>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="update-criterion" />
          <input type="hidden" name="id" value={c.id} />
          <CriterionFields fields={fields} frozen={frozen} />
          <button type="submit" className="button">
            Сохранить критерий
          </button>
        </Form>
      </details>
      <div className="org-actions">
        {!first ? (
          <ActionButton intent="move-criterion" id={c.id} fields={{ direction: 'up' }} context={`критерий ${quoted(c.name)}`}>
            <span aria-hidden="true">↑ </span>Выше
          </ActionButton>
        ) : null}
        {!last ? (
          <ActionButton intent="move-criterion" id={c.id} fields={{ direction: 'down' }} context={`критерий ${quoted(c.name)}`}>
            <span aria-hidden="true">↓ </span>Ниже
          </ActionButton>
        ) : null}
        {!frozen ? (
          <ActionButton intent="delete-criterion" id={c.id} context={`критерий ${quoted(c.name)}`} className="button button--danger">
            Удалить
          </ActionButton>
        ) : null}
      </div>
    </li>
  )
}

type CriterionInputs = ReturnType<typeof useKeyedForm<typeof CriterionSchema>>[1]

function criterionValue(c?: Criterion) {
  return {
    name: c?.name ?? '',
    description: c?.description ?? '',
    maxPoints: String(c?.maxPoints ?? 10),
    weight: c ? String(c.weight).replace('.', ',') : '1',
  }
}

function CriterionFields({ fields, frozen }: { fields: CriterionInputs; frozen?: boolean }) {
  return (
    <>
      <Field
        label="Название критерия"
        errors={fields.name.errors}
        inputProps={{
          ...getInputProps(fields.name, { type: 'text' }),
          maxLength: TEXT_LIMITS.criterionName,
          readOnly: frozen,
        }}
      />
      <TextareaField
        label="Пояснение для жюри (необязательно)"
        errors={fields.description.errors}
        textareaProps={{
          ...getTextareaProps(fields.description),
          rows: 2,
          maxLength: TEXT_LIMITS.criterionDescription,
        }}
      />
      <div className="org-pair">
        <Field
          label="Наибольший балл"
          errors={fields.maxPoints.errors}
          inputProps={{
            ...getInputProps(fields.maxPoints, { type: 'text' }),
            inputMode: 'numeric',
            readOnly: frozen,
          }}
        />
        <Field
          label="Вес"
          hint="Например, 1 или 1,5"
          errors={fields.weight.errors}
          inputProps={{
            ...getInputProps(fields.weight, { type: 'text' }),
            inputMode: 'decimal',
            readOnly: frozen,
          }}
        />
      </div>
    </>
  )
}

function NewCriterion({ nominationId }: { nominationId?: number }) {
  const [form, fields] = useKeyedForm(nominationId ? `criterion-new-${nominationId}` : 'criterion-new', {
    schema: CriterionSchema,
    defaultValue: criterionValue(),
  })
  const { contestCriteria, nominations } = useLoaderData<typeof loader>()
  // Remounts after each addition, so the form is empty again.
  const revision = nominationId ? nominations.find((n) => n.id === nominationId)?.criteria.length ?? 0 : contestCriteria.length
  return (
    <details className="org-details" open={revision === 0 || Object.keys(form.allErrors).length > 0}>
      <summary>{nominationId ? 'Добавить критерий номинации' : 'Добавить общий критерий'}</summary>
      <Form method="post" className="stack" {...getFormProps(form)} key={revision}>
        <input type="hidden" name="intent" value="add-criterion" />
        {nominationId ? <input type="hidden" name="nominationId" value={nominationId} /> : null}
        <FormErrors errors={form.errors} id={form.errorId} />
        <CriterionFields fields={fields} />
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
