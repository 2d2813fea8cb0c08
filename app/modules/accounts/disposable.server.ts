/**
 * Addresses of throwaway mailboxes (mailinator.com, 10minutemail.com…) make no account: an account is
 * where the entrant's letters and diplomas go, and throwaway addresses are how one person would make
 * many accounts to vote (issue #16). The list is mailchecker's, kept up to date upstream; a subdomain of
 * a listed domain is listed too. Server-side only: 56,000 domains have no place in the browser's bundle.
 */
import MailChecker from 'mailchecker'
import { Refusal } from '../../utils/refusal'

const DISPOSABLE = MailChecker.blacklist()

export const DISPOSABLE_EMAIL = 'Адреса одноразовой почты не принимаются. Укажите адрес, которым вы пользуетесь постоянно: на него придут письма о заявке и дипломы.'

export function isDisposableEmail(email: string) {
  const labels = email.slice(email.lastIndexOf('@') + 1).toLowerCase().split('.')
  for (let i = 0; i < labels.length - 1; i++) if (DISPOSABLE.has(labels.slice(i).join('.'))) return true
  return false
}

/** Refuses a throwaway address, beside the form's e-mail field. */
export function refuseDisposableEmail(email: string) {
  if (isDisposableEmail(email)) throw new Refusal('invalid', DISPOSABLE_EMAIL, 'email')
}
