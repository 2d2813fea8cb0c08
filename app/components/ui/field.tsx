import { useId, type InputHTMLAttributes, type ReactNode } from 'react'

type FieldProps = {
  label: string
  hint?: string
  errors?: string[]
  inputProps: InputHTMLAttributes<HTMLInputElement>
}

type ControlAria = { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }

/** A label, hint and the server's errors wired to one control (input, textarea, select) for screen readers. */
export function Control({
  label,
  hint,
  errors,
  id: givenId,
  children,
}: {
  label: string
  hint?: string
  errors?: string[]
  id?: string
  children: (aria: ControlAria) => ReactNode
}) {
  const fallbackId = useId()
  const id = givenId ?? fallbackId
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
      {children({ id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined })}
      {errorId ? (
        <p id={errorId} className="field__error">
          {errors!.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

/** A labelled input with its hint and the server's errors beside it. */
export function Field({ label, hint, errors, inputProps }: FieldProps) {
  return (
    <Control label={label} hint={hint} errors={errors} id={inputProps.id}>
      {(aria) => <input {...inputProps} {...aria} />}
    </Control>
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
