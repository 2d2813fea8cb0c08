/**
 * Plain forms for the organiser's pages: they post and redirect without JavaScript, and a refused one
 * comes back (status 400) with the messages beside its fields and what was typed still in them.
 * Pages have many small forms; each has a key, and a refusal carries the key of the form it is about.
 */
import type { SubmissionResult } from '@conform-to/react'
import { Form, useActionData } from '@remix-run/react'
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { Control, Field, FormErrors } from '~/components/ui/field'

type Refusal = { form: string; result: SubmissionResult<string[]> }

export type FormState = {
  errors: (name: string) => string[] | undefined
  formErrors?: string[]
  text: (name: string, saved: string | number | null | undefined) => string
  checked: (name: string, saved: boolean) => boolean
  values: (name: string, saved: (string | number)[]) => string[]
}

export function useFormState(form: string): FormState {
  const actionData = useActionData() as Refusal | undefined
  const result = actionData && actionData.form === form ? actionData.result : undefined
  const typed = (result?.initialValue ?? {}) as Record<string, unknown>
  // Empty values of repeated fields come back as null.
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === 'string' ? x : ''))
  return {
    errors: (name) => result?.error?.[name] ?? undefined,
    formErrors: result?.error?.[''] ?? undefined,
    // After a refusal the page shows what was typed (an empty field was left empty on purpose).
    text: (name, saved) => (result ? (typeof typed[name] === 'string' ? (typed[name] as string) : '') : saved == null ? '' : String(saved)),
    checked: (name, saved) => (result ? typed[name] === 'on' : saved),
    values: (name, saved) => (result ? list(typed[name]) : saved.map(String)),
  }
}

export function FormMessages({ state }: { state: FormState }) {
  return <FormErrors errors={state.formErrors} />
}

type TextProps = {
  state: FormState
  name: string
  label: string
  hint?: string
  saved: string | number | null | undefined
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'defaultValue'>

export function TextField({ state, name, label, hint, saved, ...rest }: TextProps) {
  return <Field label={label} hint={hint} errors={state.errors(name)} inputProps={{ type: 'text', ...rest, name, defaultValue: state.text(name, saved) }} />
}

type TextAreaProps = { state: FormState; name: string; label: string; hint?: string; saved: string | null | undefined } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'name' | 'defaultValue'
>

export function TextAreaField({ state, name, label, hint, saved, rows = 4, ...rest }: TextAreaProps) {
  return (
    <Control label={label} hint={hint} errors={state.errors(name)}>
      {(aria) => <textarea {...rest} {...aria} name={name} rows={rows} defaultValue={state.text(name, saved)} />}
    </Control>
  )
}

type SelectProps = {
  state: FormState
  name: string
  label: string
  hint?: string
  saved: string | number | null | undefined
  options: { value: string | number; label: string }[]
  placeholder?: string
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'defaultValue'>

export function SelectField({ state, name, label, hint, saved, options, placeholder, ...rest }: SelectProps) {
  return (
    <Control label={label} hint={hint} errors={state.errors(name)}>
      {(aria) => (
        <select {...rest} {...aria} name={name} defaultValue={state.text(name, saved)}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Control>
  )
}

export function CheckboxField({ state, name, label, hint, saved, disabled }: { state: FormState; name: string; label: string; hint?: string; saved: boolean; disabled?: boolean }) {
  const id = useId()
  const errors = state.errors(name)
  return (
    <div className="org-checkbox">
      <input type="checkbox" id={id} name={name} defaultChecked={state.checked(name, saved)} disabled={disabled} aria-describedby={hint || errors ? `${id}-note` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint || errors ? (
        <p id={`${id}-note`} className={errors ? 'field__error' : 'field__hint'}>
          {errors ? errors.join(' ') : hint}
        </p>
      ) : null}
    </div>
  )
}

/** Checkboxes sharing one name: a multiple choice that works without JavaScript. */
export function CheckboxGroup({ state, name, legend, options, saved }: { state: FormState; name: string; legend: string; options: { value: number | string; label: string }[]; saved: (number | string)[] }) {
  const chosen = new Set(state.values(name, saved))
  const errors = state.errors(name)
  const id = useId()
  return (
    <fieldset className="org-choices" aria-describedby={errors ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="org-choices__item">
          <input type="checkbox" name={name} value={o.value} defaultChecked={chosen.has(String(o.value))} /> {o.label}
        </label>
      ))}
      {errors ? (
        <p id={`${id}-error`} className="field__error">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  )
}

/**
 * A one-button form that posts an intent about one item (move, delete, open …). `context` names the item
 * for screen readers after the visible text, so a list of «Удалить» buttons tells them apart.
 */
export function ActionButton({ intent, id, fields, children, context, className = 'button button--secondary' }: { intent: string; id?: number | string; fields?: Record<string, string>; children: ReactNode; context?: string; className?: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      {id !== undefined ? <input type="hidden" name="id" value={id} /> : null}
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className}>
        {children}
        {context ? <span className="sr-only"> — {context}</span> : null}
      </button>
    </Form>
  )
}
