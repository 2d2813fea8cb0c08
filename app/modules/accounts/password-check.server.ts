import { verifyPassword } from '../../utils/auth.server'
import { checkRateLimit, hitRateLimit, type RateLimitRule } from '../../utils/rate-limit.server'
import { Refusal } from '../../utils/refusal'

/** Wrong passwords an account's own pages take in an hour (changing the address or the password). */
export const WRONG_PASSWORDS: RateLimitRule = {
  name: 'wrong-password',
  limit: 10,
  windowMs: 3_600_000,
  message: 'Пароль введён неверно слишком много раз. Попробуйте через час или восстановите пароль по почте.',
}

/**
 * Checks the signed-in person's password before a change that needs it: refused beside `field` when
 * wrong, and with 429 once WRONG_PASSWORDS wrong ones were typed in the hour, before the password is
 * even checked, so that a session left open somewhere cannot be used to guess it.
 */
export async function checkPassword(person: { id: string; passwordHash: string | null }, password: string, field: string, now = new Date()) {
  await checkRateLimit(person.id, WRONG_PASSWORDS, now)
  if (await verifyPassword(person.passwordHash, password)) return
  await hitRateLimit(person.id, WRONG_PASSWORDS, now)
  throw new Refusal('invalid', 'Неверный пароль', field)
}
