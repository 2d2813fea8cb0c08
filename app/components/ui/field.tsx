import { useId, type InputHTMLAttributes } from 'react'

type FieldProps = {
  label: string
  hint?: string
  errors?: string[]
  inputProps: InputHTMLAttributes<HTMLInputElement>
}

/** A labelled input with its hint and the server's errors beside it, wired for screen readers. */
export function Field({ label, hint, errors, inputProps }: FieldProps) {
  const fallbackId = useId()
  const id = inputProps.id ?? fallbackId
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input
        {...inputProps}
        id={id}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
      {errorId ? (
        <p id={errorId} className="field__error">
          {errors!.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" className="form-errors">
      {errors.join(' ')}
    </div>
  )
}
