import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

/**
 * The app's one set of form fields. Each takes the props conform gives a control (getInputProps,
 * getTextareaProps, getSelectProps, getCollectionProps) and the field's errors, and ties its label,
 * hint and errors to it for screen readers; every field works as plain HTML before JavaScript runs.
 */
type Common = {
  label: string
  hint?: ReactNode
  errors?: string[]
  /** Shown in place of the errors' text when there are errors: a message that links somewhere. */
  errorContent?: ReactNode
}

type ControlAria = {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

function describedBy(...ids: (string | undefined)[]) {
  return ids.filter(Boolean).join(' ') || undefined
}

function useIds(givenId: string | undefined, hint: unknown, errors?: string[]) {
  const fallbackId = useId()
  const id = givenId ?? fallbackId
  return {
    id,
    hintId: hint ? `${id}-hint` : undefined,
    errorId: errors?.length ? `${id}-error` : undefined,
  }
}

function Hint({ id, children }: { id?: string; children: ReactNode }) {
  return id ? (
    <p id={id} className="field__hint">
      {children}
    </p>
  ) : null
}

function Errors({ id, errors, content }: { id?: string; errors?: string[]; content?: ReactNode }) {
  return id ? (
    <p id={id} className="field__error">
      {content ?? errors!.join(' ')}
    </p>
  ) : null
}

/** A label, hint and the server's errors wired to one control (input, textarea, select) for screen readers. */
export function Control({ label, hint, errors, errorContent, id: givenId, children }: Common & { id?: string; children: (aria: ControlAria) => ReactNode }) {
  const { id, hintId, errorId } = useIds(givenId, hint, errors)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId}>{hint}</Hint>
      {children({
        id,
        'aria-invalid': errorId ? true : undefined,
        'aria-describedby': describedBy(hintId, errorId),
      })}
      <Errors id={errorId} errors={errors} content={errorContent} />
    </div>
  )
}

/** A labelled input with its hint and the server's errors beside it. */
export function Field({ label, hint, errors, errorContent, inputProps }: Common & { inputProps: InputHTMLAttributes<HTMLInputElement> }) {
  return (
    <Control label={label} hint={hint} errors={errors} errorContent={errorContent} id={inputProps.id}>
      {(aria) => <input {...inputProps} {...aria} />}
    </Control>
  )
}

export function TextareaField({ label, hint, errors, textareaProps }: Common & { textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> }) {
  return (
    <Control label={label} hint={hint} errors={errors} id={textareaProps.id}>
      {(aria) => <textarea {...textareaProps} {...aria} />}
    </Control>
  )
}

export function SelectField({
  label,
  hint,
  errors,
  selectProps,
  children,
}: Common & {
  selectProps: SelectHTMLAttributes<HTMLSelectElement>
  children: ReactNode
}) {
  return (
    <Control label={label} hint={hint} errors={errors} id={selectProps.id}>
      {(aria) => (
        <select {...selectProps} {...aria}>
          {children}
        </select>
      )}
    </Control>
  )
}

/** A checkbox with its label beside it. */
export function CheckboxField({
  label,
  hint,
  errors,
  inputProps,
  describedBy: extra,
}: Common & {
  inputProps: InputHTMLAttributes<HTMLInputElement>
  /** Id of text elsewhere that the box agrees to. */ describedBy?: string
}) {
  const { id, hintId, errorId } = useIds(inputProps.id, hint, errors)
  return (
    <div className="field field--check">
      <div className="check">
        <input {...inputProps} type="checkbox" id={id} aria-invalid={errorId ? true : undefined} aria-describedby={describedBy(extra, hintId, errorId)} />
        <label htmlFor={id}>{label}</label>
      </div>
      <Hint id={hintId}>{hint}</Hint>
      <Errors id={errorId} errors={errors} />
    </div>
  )
}

type ChoiceProps = InputHTMLAttributes<HTMLInputElement> & {
  key?: string
  value: string
}

/**
 * Checkboxes sharing one name (a multiple choice), or radio buttons, in a fieldset whose legend is the
 * question. `choices` are conform's getCollectionProps (or plain props), each with its label.
 */
export function ChoiceGroup({ label, hint, errors, choices }: Common & { choices: (ChoiceProps & { label: ReactNode })[] }) {
  const { id, hintId, errorId } = useIds(undefined, hint, errors)
  return (
    <fieldset className="field choice-group" aria-describedby={describedBy(hintId, errorId)}>
      <legend>{label}</legend>
      <Hint id={hintId}>{hint}</Hint>
      {choices.map(({ key, label: text, ...props }, i) => (
        <div className="check" key={key ?? props.value}>
          <input {...props} id={`${id}-${i}`} aria-describedby={undefined} />
          <label htmlFor={`${id}-${i}`}>{text}</label>
        </div>
      ))}
      <Errors id={errorId} errors={errors} />
    </fieldset>
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
