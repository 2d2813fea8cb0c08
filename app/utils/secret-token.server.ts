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

/**
 * The alphabet of a code printed on paper and typed by hand (a claim receipt): capitals that look the
 * same in Latin and Cyrillic (so either keyboard layout types them: no B, which a reader might type as
 * Cyrillic В, no O) and the digits but 0 and 1 (O, I, l).
 */
export const PAPER_CODE_ALPHABET = 'ACEHKMPTX23456789'
/** Characters of a paper code: 17^10 ≈ 2·10^12 values. */
export const PAPER_CODE_LENGTH = 10

/** A paper code, every character equally likely. */
export function newPaperCode() {
  let code = ''
  for (let i = 0; i < PAPER_CODE_LENGTH; i++) code += PAPER_CODE_ALPHABET[randomInt(PAPER_CODE_ALPHABET.length)]
  return code
}

/** A paper code as printed: two groups of five, «AC3H7-KMPTX». */
export function printedPaperCode(code: string) {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

const CYRILLIC_TWINS: Record<string, string> = { А: 'A', С: 'C', Е: 'E', Н: 'H', К: 'K', М: 'M', Р: 'P', Т: 'T', Х: 'X', З: '3' }

/**
 * A paper code as typed: any case, in either layout (Cyrillic twins become their Latin letters), with
 * spaces and dashes anywhere.
 */
export function typedPaperCode(typed: string) {
  return [...typed.toLocaleUpperCase('ru').replace(/[\s\-‐‑–—]+/g, '')].map((c) => CYRILLIC_TWINS[c] ?? c).join('')
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

/** Whether two signatures (hex or any text) are equal, taking the same time wherever they differ. */
export function sameSignature(given: string, expected: string) {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
