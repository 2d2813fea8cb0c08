import { HoneypotInputs } from 'remix-utils/honeypot/react'

/**
 * The hidden fields a guest form carries against bots. Hidden by a class, not by the inputs' own inline
 * style, which the production Content-Security-Policy (style-src 'self') does not apply.
 */
export function HoneypotFields() {
  return (
    <div className="honeypot">
      <HoneypotInputs label="Оставьте это поле пустым" />
    </div>
  )
}
