import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useEffect, useMemo } from 'react'
import { Field, FormErrors } from '~/components/ui/field'
import { COMMENT_MAX, criterionField, pointsRange, scoreFormSchema } from '~/modules/jury/validation'
import { scoreInputClass } from './scoring-keys'
import { formatNumber } from '~/utils/format'

type Criterion = { id: number; name: string; description: string; maxPoints: number; weight: number }

type Props = {
  entryId: number
  criteria: Criterion[]
  own: { comment: string; points: Record<string, number> } | null
  lastResult: SubmissionResult<string[]> | undefined
}

const weightText = (weight: number) => (weight === 1 ? '' : `Вес критерия ${formatNumber(weight)}. `)

/** One number field per criterion, from 0 to its maximum, and a comment; «Сохранить и дальше» opens the next entry. */
export function ScoreForm({ entryId, criteria, own, lastResult }: Props) {
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
    // Built when the browser validates, not on every server render.
    onValidate: ({ formData }) => parseWithZod(formData, { schema: scoreFormSchema(criteria) }),
  })
  // With JavaScript the first mark has the focus on arrival, and the page stays where it opens, on the
  // photo. Without it there is no autofocus, which would scroll the page past the photo to the field.
  const firstId = criteria.length ? fields[criterionField(criteria[0].id)].id : null
  useEffect(() => {
    if (firstId) document.getElementById(firstId)?.focus({ preventScroll: true })
  }, [entryId, firstId])
  return (
    <Form method="post" {...getFormProps(form)} className="score-form stack">
      <input type="hidden" name="intent" value="score" />
      <FormErrors errors={form.errors} id={form.errorId} />
      {criteria.map((c) => {
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
      <button type="submit" className="button">
        Сохранить и дальше
      </button>
    </Form>
  )
}
