import { describe, expect, it } from 'vitest'
import { hashSecret, matchesHash, newPaperCode, PAPER_CODE_ALPHABET, PAPER_CODE_LENGTH, printedPaperCode, typedPaperCode } from './secret-token.server'

describe('paper codes', () => {
  it('are ten characters of the alphabet without look-alikes, printed in two groups', () => {
    for (let i = 0; i < 200; i++) {
      const code = newPaperCode()
      expect(code).toHaveLength(PAPER_CODE_LENGTH)
      expect([...code].every((c) => PAPER_CODE_ALPHABET.includes(c))).toBe(true)
      expect(printedPaperCode(code)).toMatch(/^[ACEHKMPTX2-9]{5}-[ACEHKMPTX2-9]{5}$/)
    }
    for (const lookAlike of ['0', 'O', '1', 'I', 'L', 'B', 'Z', 'S']) expect(PAPER_CODE_ALPHABET).not.toContain(lookAlike)
  })

  it('read as typed in either keyboard layout, any case, with spaces or dashes', () => {
    const code = 'AC3HK-MPTX9'
    expect(typedPaperCode('ас3нк мртх9')).toBe('AC3HKMPTX9')
    expect(typedPaperCode(' ac3hk—mptx9 ')).toBe('AC3HKMPTX9')
    expect(typedPaperCode('АСЗНКМРТХ9')).toBe('AC3HKMPTX9')
    expect(matchesHash(typedPaperCode('ас3нк-мртх9'), hashSecret(code.replace('-', '')))).toBe(true)
    expect(matchesHash(typedPaperCode('ас3нк-мртх8'), hashSecret(code.replace('-', '')))).toBe(false)
  })
})
