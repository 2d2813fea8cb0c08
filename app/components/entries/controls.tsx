import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

/** True once React runs in the browser: before that (and without JavaScript) the page must work as plain HTML. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

function describedBy(hintId?: string, errorId?: string) {
  return [hintId, errorId].filter(Boolean).join(' ') || undefined
}

type Common = { label: string; hint?: ReactNode; errors?: string[] }

function useIds(id: string | undefined, hint: unknown, errors?: string[]) {
  const fallback = useId()
  const base = id ?? fallback
  return { id: base, hintId: hint ? `${base}-hint` : undefined, errorId: errors?.length ? `${base}-error` : undefined }
}

function Hint({ id, children }: { id?: string; children: ReactNode }) {
  return id ? (
    <p id={id} className="field__hint">
      {children}
    </p>
  ) : null
}

function Errors({ id, errors }: { id?: string; errors?: string[] }) {
  return id ? (
    <p id={id} className="field__error">
      {errors!.join(' ')}
    </p>
  ) : null
}

export function TextareaField({ label, hint, errors, textareaProps }: Common & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> }) {
  const { id, hintId, errorId } = useIds(textareaProps.id, hint, errors)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId}>{hint}</Hint>
      <textarea {...textareaProps} id={id} aria-invalid={errorId ? true : undefined} aria-describedby={describedBy(hintId, errorId)} />
      <Errors id={errorId} errors={errors} />
    </div>
  )
}

export function SelectField({ label, hint, errors, selectProps, children }: Common & { selectProps: SelectHTMLAttributes<HTMLSelectElement>; children: ReactNode }) {
  const { id, hintId, errorId } = useIds(selectProps.id, hint, errors)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId}>{hint}</Hint>
      <select {...selectProps} id={id} aria-invalid={errorId ? true : undefined} aria-describedby={describedBy(hintId, errorId)}>
        {children}
      </select>
      <Errors id={errorId} errors={errors} />
    </div>
  )
}

/** A checkbox with its label beside it, for consents. */
export function CheckboxField({
  label,
  hint,
  errors,
  inputProps,
  describedBy: extra,
}: Common & { inputProps: InputHTMLAttributes<HTMLInputElement>; /** Id of text elsewhere that the box agrees to. */ describedBy?: string }) {
  const { id, hintId, errorId } = useIds(inputProps.id, hint, errors)
  return (
    <div className="field field--check">
      <div className="check">
        <input {...inputProps} type="checkbox" id={id} aria-invalid={errorId ? true : undefined} aria-describedby={[extra, describedBy(hintId, errorId)].filter(Boolean).join(' ') || undefined} />
        <label htmlFor={id}>{label}</label>
      </div>
      <Hint id={hintId}>{hint}</Hint>
      <Errors id={errorId} errors={errors} />
    </div>
  )
}

/** Radio buttons in a fieldset whose legend is the question. */
export function RadioGroup({
  label,
  hint,
  errors,
  name,
  options,
  defaultValue,
}: Common & { name: string; options: { value: string; label: string }[]; defaultValue?: string }) {
  const { id, hintId, errorId } = useIds(undefined, hint, errors)
  return (
    <fieldset className="field radio-group" aria-describedby={describedBy(hintId, errorId)}>
      <legend>{label}</legend>
      <Hint id={hintId}>{hint}</Hint>
      {options.map((o, i) => (
        <div className="check" key={o.value}>
          <input type="radio" id={`${id}-${i}`} name={name} value={o.value} defaultChecked={defaultValue === o.value} />
          <label htmlFor={`${id}-${i}`}>{o.label}</label>
        </div>
      ))}
      <Errors id={errorId} errors={errors} />
    </fieldset>
  )
}
