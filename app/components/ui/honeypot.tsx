import { useRouteLoaderData } from '@remix-run/react'
import type { loader as rootLoader } from '~/root'

/**
 * The hidden fields a guest form carries against bots: the names and the encrypted time stamp that
 * remix-utils' Honeypot (utils/honeypot.server.ts) gave the root loader. remix-utils' own HoneypotInputs
 * hides them with an inline style, which the production Content-Security-Policy (style-src 'self')
 * refuses, so they would show; here a class hides them.
 */
export function HoneypotFields() {
  const props = useRouteLoaderData<typeof rootLoader>('root')?.honeypotInputProps
  if (!props) return null
  const { nameFieldName, validFromFieldName, encryptedValidFrom } = props
  return (
    <div className="honeypot" aria-hidden="true">
      <label htmlFor={nameFieldName}>Оставьте это поле пустым</label>
      <input id={nameFieldName} name={nameFieldName} type="text" defaultValue="" autoComplete="off" tabIndex={-1} />
      {validFromFieldName && encryptedValidFrom ? <input name={validFromFieldName} type="hidden" value={encryptedValidFrom} /> : null}
    </div>
  )
}
