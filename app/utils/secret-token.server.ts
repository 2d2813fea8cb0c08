/**
 * One-time secrets sent by e-mail (password reset, e-mail confirmation, jury invitations): made from
 * the system's cryptographic random source, stored only as their SHA-256, and compared with what is
 * stored in constant time. The one place these three things are done.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/** 256 random bits, URL-safe: what a link carries. */
export function newSecret() {
  return randomBytes(32).toString('base64url')
}

/** The digits of a code typed from a letter. */
export const CODE_DIGITS = 6

/** A code of CODE_DIGITS digits, every value equally likely (leading zeros kept). */
export function newCode() {
  return String(randomInt(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0')
}

/** What is kept of a secret or a code: its SHA-256, hex. */
export function hashSecret(secret: string) {
  return createHash('sha256').update(secret).digest('hex')
}

/** Whether `secret` is the one whose hash is stored, taking the same time wherever the two differ. */
export function matchesHash(secret: string, storedHash: string | null | undefined) {
  if (!storedHash) return false
  const given = Buffer.from(hashSecret(secret), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return given.length === stored.length && timingSafeEqual(given, stored)
}
