import { Honeypot, SpamError } from 'remix-utils/honeypot/server'
import { getEnv } from './env.server'
import { Refusal } from './refusal'
import { refusalResponse } from './refusal.server'

/**
 * The hidden fields of every form a guest can post (register, log in, accept a jury invitation).
 * The page carries an encrypted "rendered at" time; without HONEYPOT_SECRET the key is made per
 * process, so a page rendered before a restart (or by another instance) is refused once and works on reload.
 */
export const honeypot = new Honeypot({ encryptionSeed: getEnv().HONEYPOT_SECRET })

/** Refuses, with a 400 and a Russian page, a post whose hidden field was filled in or whose time stamp is forged. */
export function checkHoneypot(formData: FormData) {
  try {
    honeypot.check(formData)
  } catch (error) {
    if (error instanceof SpamError) {
      throw refusalResponse(new Refusal('invalid', 'Форма похожа на отправленную программой, а не человеком. Обновите страницу и отправьте форму ещё раз.'))
    }
    throw error
  }
}
