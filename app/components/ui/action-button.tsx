import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * A one-button form that posts an intent about one item (move, delete, open …). `context` names the item
 * for screen readers after the visible text, so a list of «Удалить» buttons tells them apart.
 * A refusal comes back tagged with the item's form key and shows above that item's form.
 */
export function ActionButton({
  intent,
  id,
  fields,
  children,
  context,
  className = 'button button--secondary',
}: {
  intent: string
  id?: number | string
  fields?: Record<string, string>
  children: ReactNode
  context?: string
  className?: string
}) {
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
