import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useMemo, useRef } from 'react'
import { Field, FormErrors } from '~/components/ui/field'
import { COMMENT_MAX, criterionField, pointsRange, scoreFormSchema } from '~/modules/jury/validation'
import { scoreInputClass, useScoringKeys } from './use-scoring-keys'

type Criterion = { id: number; name: string; description: string; maxPoints: number; weight: number }

type Props = {
  entryId: number
  criteria: Criterion[]
  own: { comment: string; points: Record<string, number> } | null
  lastResult: SubmissionResult<string[]> | undefined
  prevUrl: string | null
  nextUrl: string | null
}

const weightText = (weight: number) => (weight === 1 ? '' : `Вес критерия ${weight.toLocaleString('ru-RU')}. `)

/** One number field per criterion, from 0 to its maximum, and a comment; «Сохранить и дальше» opens the next entry. */
export function ScoreForm({ entryId, criteria, own, lastResult, prevUrl, nextUrl }: Props) {
  const schema = useMemo(() => scoreFormSchema(criteria), [criteria])
  const defaultValue = useMemo(
    () => ({
      comment: own?.comment ?? '',
      ...Object.fromEntries(criteria.map((c) => [criterionField(c.id), own?.points[c.id] ?? ''])),
    }),
    [criteria, own],
  )
  const [form, fields] = useForm({
    id: `score-${entryId}`,
    lastResult,
    defaultValue,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const formRef = useRef<HTMLFormElement>(null)
  const hint = useScoringKeys(formRef, prevUrl, nextUrl)
  return (
    <Form method="post" {...getFormProps(form)} ref={formRef} className="score-form stack">
      <input type="hidden" name="intent" value="score" />
      <FormErrors errors={form.errors} id={form.errorId} />
      {criteria.map((c, i) => {
        const field = fields[criterionField(c.id)]
        return (
          <Field
            key={c.id}
            label={`${c.name}: ${pointsRange(c.maxPoints)}`}
            hint={`${weightText(c.weight)}${c.description}`.trim() || undefined}
            errors={field.errors}
            inputProps={{
              ...getInputProps(field, { type: 'number' }),
              min: 0,
              max: c.maxPoints,
              step: 1,
              inputMode: 'numeric',
              autoComplete: 'off',
              className: scoreInputClass,
              autoFocus: i === 0,
            }}
          />
        )
      })}
      <div className="field">
        <label htmlFor={fields.comment.id}>Комментарий (необязательно)</label>
        <textarea {...getTextareaProps(fields.comment)} rows={3} maxLength={COMMENT_MAX} />
        {fields.comment.errors?.length ? (
          <p id={fields.comment.errorId} className="field__error">
            {fields.comment.errors.join(' ')}
          </p>
        ) : null}
      </div>
      <p aria-live="polite" className="jury-keys-hint">
        {hint}
      </p>
      <button type="submit" className="button">
        Сохранить и дальше
      </button>
    </Form>
  )
}
