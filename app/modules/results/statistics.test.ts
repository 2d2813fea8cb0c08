import { describe, expect, it } from 'vitest'
import { participantKey } from './statistics.server'

describe('participantKey', () => {
  it('counts an account once whatever name is typed', () => {
    expect(participantKey({ userId: 'u1', fullName: 'Иванова Мария', ownerId: 'a' })).toBe(participantKey({ userId: 'u1', fullName: 'Иванова М. П.', ownerId: 'b' }))
  })
  it('counts a typed name once per entrant, ignoring case, ё and spacing', () => {
    expect(participantKey({ userId: null, fullName: 'Ёлкин  Пётр', ownerId: 'a' })).toBe(participantKey({ userId: null, fullName: 'елкин петр', ownerId: 'a' }))
  })
  it('keeps namesakes of different entrants apart', () => {
    expect(participantKey({ userId: null, fullName: 'Ёлкин Пётр', ownerId: 'a' })).not.toBe(participantKey({ userId: null, fullName: 'Ёлкин Пётр', ownerId: 'b' }))
  })
})
