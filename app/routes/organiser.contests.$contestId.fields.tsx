import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { FORM_FIELD_KINDS } from '../../db/schema/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ActionButton } from '~/components/ui/action-button'
import { CheckboxField, Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { addField, deleteField, fieldsPage, moveField, updateField } from '~/modules/contests/fields.server'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { FormFieldSchema, IdSchema, MAX_FORM_FIELDS, MoveSchema, TEXT_LIMITS } from '~/modules/contests/validation'
import { countOf, quoted } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { itemForm, submitForm } from '~/utils/forms.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'
import { UNKNOWN_ACTION } from '~/utils/refusal'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Поля заявки — Городские конкурсы' }]

const KIND_LABELS: Record<(typeof FORM_FIELD_KINDS)[number], string> = {
  number: 'Число',
  text: 'Текст',
  choice: 'Выбор из вариантов',
  boolean: 'Да или нет',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  return { fields: await fieldsPage(contest.id) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId)
  const formData = await request.formData()
  const done = (message: string) => redirectWithToast(`/organiser/contests/${contest.id}/fields`, { message })
  const key = itemForm('field', formData)
  switch (formData.get('intent')) {
    case 'add-field':
      return submitForm(formData, 'field-new', FormFieldSchema, async (value) => {
        await addField(user.id, contest.id, value)
        return done('Поле добавлено в заявку')
      })
    case 'update-field':
      return submitForm(formData, key, IdSchema.and(FormFieldSchema), async (value) => {
        await updateField(user.id, contest.id, value)
        return done('Поле сохранено')
      })
    case 'delete-field':
      return submitForm(formData, key, IdSchema, async ({ id }) => {
        await deleteField(user.id, contest.id, id)
        return done('Поле удалено')
      })
    case 'move-field':
      return submitForm(formData, key, MoveSchema, async ({ id, direction }) => {
        await moveField(user.id, contest.id, id, direction)
        return done('Порядок полей изменён')
      })
    default:
      refuse('invalid', UNKNOWN_ACTION)
  }
}

type FormField = ReturnType<typeof useLoaderData<typeof loader>>['fields'][number]
type Inputs = ReturnType<typeof useKeyedForm<typeof FormFieldSchema>>[1]

export default function FieldsPage() {
  const { fields } = useLoaderData<typeof loader>()
  const [add, addFields] = useKeyedForm('field-new', {
    schema: FormFieldSchema,
    defaultValue: { kind: 'number', isPublic: true },
  })
  return (
    <>
      <section aria-labelledby="fields-title">
        <h2 id="fields-title">Поля заявки</h2>
        <p>
          Кроме названия, описания, адреса, авторов и фотографий, заявка может спрашивать то, что нужно именно этому конкурсу, — например,
          «количество снежных фигур». Числа, отмеченные для статистики, суммируются по всем заявкам.
        </p>
        {fields.length === 0 ? <p className="muted">Своих полей у конкурса пока нет.</p> : null}
        <ol className="org-list">
          {fields.map((f, i) => (
            <FieldCard key={JSON.stringify(f)} field={f} first={i === 0} last={i === fields.length - 1} />
          ))}
        </ol>
      </section>
      {fields.length < MAX_FORM_FIELDS ? (
        <section aria-labelledby="new-field-title" className="panel">
          <h2 id="new-field-title">Добавить поле</h2>
          <Form method="post" className="stack" {...getFormProps(add)} key={fields.length}>
            <input type="hidden" name="intent" value="add-field" />
            <FormErrors errors={add.errors} id={add.errorId} />
            <FieldInputs fields={addFields} />
            <button type="submit" className="button">
              Добавить поле
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

function FieldCard({ field: f, first, last }: { field: FormField; first: boolean; last: boolean }) {
  const [form, fields] = useKeyedForm(`field-${f.id}`, {
    schema: FormFieldSchema,
    defaultValue: {
      label: f.label,
      kind: f.kind,
      options: f.options.join('\n'),
      required: f.required,
      isPublic: f.isPublic,
      summedInStats: f.summedInStats,
      unitOne: f.unitForms?.[0] ?? '',
      unitFew: f.unitForms?.[1] ?? '',
      unitMany: f.unitForms?.[2] ?? '',
      participleOne: f.participle?.[0] ?? '',
      participleOther: f.participle?.[1] ?? '',
    },
  })
  return (
    <li className="card org-item">
      <h3 className="card__title">{f.label}</h3>
      <p>
        <span className="badge">{KIND_LABELS[f.kind]}</span>
        {f.required ? <span className="badge">обязательное</span> : null}
        {f.isPublic ? <span className="badge">видно всем</span> : <span className="badge">видят только организаторы и жюри</span>}
        {f.summedInStats ? <span className="badge">суммируется в статистике</span> : null}
      </p>
      {f.kind === 'choice' ? <p className="muted">Варианты: {f.options.join(', ')}</p> : null}
      {f.unitForms ? (
        <p className="muted">
          {`В статистике: ${[1, 2, 5].map((n, i) => `${f.participle ? `${f.participle[n === 1 ? 0 : 1]} ` : ''}${n} ${f.unitForms![i]}`).join(', ')}`}
        </p>
      ) : null}
      <p className="muted">{f.answers ? `Заполнено в ${countOf(f.answers, ['заявке', 'заявках', 'заявках'])}` : 'Пока не заполнено ни в одной заявке'}</p>
      <FormErrors errors={form.errors} id={form.errorId} />
      <details className="org-details" open={Object.keys(form.allErrors).length > 0}>
        <summary>Изменить поле {quoted(f.label)}</summary>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="update-field" />
          <input type="hidden" name="id" value={f.id} />
          <FieldInputs fields={fields} />
          <button type="submit" className="button">
            Сохранить поле
          </button>
        </Form>
      </details>
      <div className="org-actions">
        {!first ? (
          <ActionButton intent="move-field" id={f.id} fields={{ direction: 'up' }} context={`поле ${quoted(f.label)}`}>
            <span aria-hidden="true">↑ </span>Выше
          </ActionButton>
        ) : null}
        {!last ? (
          <ActionButton intent="move-field" id={f.id} fields={{ direction: 'down' }} context={`поле ${quoted(f.label)}`}>
            <span aria-hidden="true">↓ </span>Ниже
          </ActionButton>
        ) : null}
        {f.answers === 0 ? (
          <ActionButton intent="delete-field" id={f.id} context={`поле ${quoted(f.label)}`} className="button button--danger">
            Удалить
          </ActionButton>
        ) : null}
      </div>
    </li>
  )
}

function FieldInputs({ fields }: { fields: Inputs }) {
  return (
    <>
      <Field
        label="Как поле называется в заявке"
        hint="Например, «Количество снежных фигур»"
        errors={fields.label.errors}
        inputProps={{
          ...getInputProps(fields.label, { type: 'text' }),
          maxLength: TEXT_LIMITS.fieldLabel,
        }}
      />
      <SelectField label="Тип ответа" errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}>
        {FORM_FIELD_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextareaField
        label="Варианты ответа, по одному в строке"
        hint="Только для типа «Выбор из вариантов»"
        errors={fields.options.errors}
        textareaProps={{ ...getTextareaProps(fields.options), rows: 3 }}
      />
      <CheckboxField label="Обязательное поле" errors={fields.required.errors} inputProps={getInputProps(fields.required, { type: 'checkbox' })} />
      <CheckboxField label="Ответ виден всем в галерее" errors={fields.isPublic.errors} inputProps={getInputProps(fields.isPublic, { type: 'checkbox' })} />
      <CheckboxField
        label="Суммировать в статистике конкурса"
        hint="Только для чисел"
        errors={fields.summedInStats.errors}
        inputProps={getInputProps(fields.summedInStats, { type: 'checkbox' })}
      />
      <fieldset className="org-fieldset">
        <legend>Как писать это число в статистике (необязательно)</legend>
        <p className="field__hint">Три формы слова: «1 снежная фигура», «2 снежные фигуры», «5 снежных фигур».</p>
        <div className="org-triple">
          <Field
            label="после 1"
            errors={fields.unitOne.errors}
            inputProps={{
              ...getInputProps(fields.unitOne, { type: 'text' }),
              maxLength: TEXT_LIMITS.unitForm,
            }}
          />
          <Field
            label="после 2"
            errors={fields.unitFew.errors}
            inputProps={{
              ...getInputProps(fields.unitFew, { type: 'text' }),
              maxLength: TEXT_LIMITS.unitForm,
            }}
          />
          <Field
            label="после 5"
            errors={fields.unitMany.errors}
            inputProps={{
              ...getInputProps(fields.unitMany, { type: 'text' }),
              maxLength: TEXT_LIMITS.unitForm,
            }}
          />
        </div>
        <p className="field__hint">
          Что с этим сделано — краткое причастие, согласованное со словом: «построен 81 снежный городок», «построено 1015 снежных фигур». Без
          причастий суммы идут списком: «По данным заявок: …».
        </p>
        <div className="org-pair">
          <Field
            label="причастие после 1, 21…"
            hint="построен, украшен, оформлена"
            errors={fields.participleOne.errors}
            inputProps={{ ...getInputProps(fields.participleOne, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
          <Field
            label="после других чисел"
            hint="построено, украшено, оформлено"
            errors={fields.participleOther.errors}
            inputProps={{ ...getInputProps(fields.participleOther, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
        </div>
      </fieldset>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
