import { useEffect, useRef } from 'react'

/**
 * Every problem of a refused form in one list at its top, each a link to its field (GOV.UK's error
 * summary). The server renders it with the refused form, so it works without JavaScript (the browser
 * focuses it by `autoFocus`); in the browser it is shown and focused again after each refused submit.
 * The link text is the error itself; a form-wide error (a service's refusal) is listed without a link.
 */
export function ErrorSummary({
  formId,
  errors,
  order = [],
  targets = {},
  focusKeys = [],
}: {
  /** The form's id: conform names a field's control `${formId}-${name}`. */
  formId: string
  /** conform's `form.allErrors`: field name → messages; '' is the form's own errors. */
  errors: Record<string, string[] | undefined>
  /** Top-level field names in the order the form shows them, so the list reads top to bottom. */
  order?: string[]
  /** Controls whose id is not conform's (a radio group's first option, the photo picker), by field name. */
  targets?: Record<string, string>
  /** Values that change on every refused submit (the action's reply, a count of attempts): the summary is focused then. */
  focusKeys?: unknown[]
}) {
  const ref = useRef<HTMLDivElement>(null)
  const items = summaryItems(formId, errors, order, targets)
  const shown = items.length > 0
  useEffect(() => {
    if (shown) ref.current?.focus()
    // Only a new refusal moves the focus: typing that fixes or finds an error must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, focusKeys)
  if (!shown) return null
  return (
    <div ref={ref} id={`${formId}-error`} className="error-summary" role="alert" aria-labelledby={`${formId}-summary-title`} tabIndex={-1} autoFocus>
      <h2 id={`${formId}-summary-title`} className="error-summary__title">
        Исправьте ошибки
      </h2>
      <ul className="error-summary__list">
        {items.map((item) => (
          <li key={item.key}>{item.href ? <a href={item.href}>{item.message}</a> : item.message}</li>
        ))}
      </ul>
    </div>
  )
}

/** The summary's lines: one per message, in the form's order; a field's link goes to its control. */
export function summaryItems(formId: string, errors: Record<string, string[] | undefined>, order: string[], targets: Record<string, string>) {
  const top = (name: string) => /^[^.[]*/.exec(name)![0]
  const rank = (name: string) => {
    if (name === '') return -1
    const at = order.indexOf(top(name))
    return at < 0 ? order.length : at
  }
  const names = Object.keys(errors)
    .filter((name) => errors[name]?.length)
    .map((name, i) => ({ name, i }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i)
  return names.flatMap(({ name }) =>
    errors[name]!.map((message, j) => ({
      key: `${name}-${j}`,
      message,
      href: name === '' ? null : `#${targets[name] ?? `${formId}-${name}`}`,
    })),
  )
}
