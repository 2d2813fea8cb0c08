import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { Link } from '@remix-run/react'
import { CheckboxField } from './field'

/**
 * The consent to the processing of personal data on a form that makes an account (152-ФЗ): what the
 * operator processes and why, the policy linked, and the box the server requires (ConsentSchema).
 */
export function AccountConsent({ operator, purpose, field }: { operator: string; purpose: string; field: FieldMetadata<boolean> }) {
  return (
    <div className="consent">
      <p className="consent__text" id="consent-text">
        Я даю согласие оператору — {operator} — на обработку моих ФИО, адреса электронной почты и телефона, {purpose}, по Федеральному закону № 152-ФЗ «О
        персональных данных» и на условиях <Link to="/privacy">политики обработки персональных данных</Link>. Согласие можно отозвать, удалив учётную запись.
      </p>
      <CheckboxField
        label="Я согласен(на) на обработку персональных данных на этих условиях"
        errors={field.errors}
        inputProps={getInputProps(field, { type: 'checkbox' })}
        describedBy="consent-text"
      />
    </div>
  )
}
