import { describe, expect, it } from 'vitest'
import type { SnapshotEntry } from '../results/ranking'
import { protocolNotes } from './protocol-pdf.server'

const entry = (number: string, score: number | null, place: number | null, extra: Partial<SnapshotEntry> = {}): SnapshotEntry => ({
  entryId: Number(number.slice(-2)),
  number,
  title: `Заявка ${number}`,
  districtName: null,
  authors: [],
  photos: [],
  score,
  scoreCount: 3,
  place,
  award: place ? 'place' : null,
  computedPlace: place,
  decisionReason: null,
  ...extra,
})

describe('the protocol’s notes', () => {
  it('explain equal scores placed apart by the rule that earlier submissions come first', () => {
    const notes = protocolNotes([entry('ТК-0001', 42, 1), entry('ТК-0002', 42, 2), entry('ТК-0003', 40, 3)], 'earlier_first')
    expect(notes).toEqual(['ТК-0001 и ТК-0002 набрали поровну (42): места разделены по правилу «При равных баллах выше заявка, поданная раньше».'])
  })

  it('need nothing for equal scores that share a place', () => {
    expect(protocolNotes([entry('ТК-0001', 42, 1), entry('ТК-0002', 42, 1), entry('ТК-0003', 40, 3)], 'shared')).toEqual([])
  })

  it('print the organiser’s decisions with the computed place they override and their reason', () => {
    const notes = protocolNotes(
      [
        entry('ТК-0001', 42, 2, { computedPlace: 1, decisionReason: 'Нарушение правил оформления' }),
        entry('ТК-0005', 30, null, { award: 'laureate', computedPlace: null, decisionReason: 'Лучшая работа школьников' }),
        entry('ТК-0006', 20, null, { award: 'special_prize', computedPlace: 2, decisionReason: 'Протокол жюри № 3' }),
      ],
      'shared',
    )
    expect(notes).toEqual([
      'ТК-0001 «Заявка ТК-0001»: II место (по расчёту — I место) — решение организатора. Основание: Нарушение правил оформления',
      'ТК-0005 «Заявка ТК-0005»: Лауреат — решение организатора. Основание: Лучшая работа школьников',
      'ТК-0006 «Заявка ТК-0006»: Специальный приз жюри — решение организатора. Основание: Протокол жюри № 3',
    ])
  })
})
