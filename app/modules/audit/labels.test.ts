/**
 * The audit log reads in Russian: every action and kind of record any module writes has its words
 * here, so the organiser never meets a code such as «result.decide» or «entry».
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_LABELS, describeAuditChange, ENTITY_LABELS } from './labels'

const ROOT = path.resolve(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name)
    if (d.isDirectory()) return sources(full)
    return /\.server\.ts$/.test(d.name) ? [fs.readFileSync(full, 'utf8')] : []
  })
}

/** The codes recordAudit calls write: `action: 'x.y'` (a ternary names two) and `entityType: 'x'`. */
function recorded(field: 'action' | 'entityType') {
  const codes = new Set<string>()
  for (const text of sources(path.join(ROOT, 'modules'))) {
    for (const call of text.matchAll(/recordAudit\(\w+, \{[\s\S]*?\n?\s*\}\)/g)) {
      const line = new RegExp(`\\b${field}: ([^,\\n]+(?:\\?[^,\\n]+:[^,\\n]+)?)`).exec(call[0])
      for (const code of line?.[1].matchAll(/'([a-z_]+(?:\.[a-z_]+)*)'/g) ?? []) codes.add(code[1])
    }
  }
  return [...codes]
}

describe('the audit log’s words', () => {
  it('name every action a module records', () => {
    const actions = recorded('action').filter((a) => a.includes('.'))
    expect(actions.length).toBeGreaterThan(40)
    expect(actions.filter((a) => !(a in ACTION_LABELS))).toEqual([])
  })

  it('name every kind of record', () => {
    const types = recorded('entityType')
    expect(types).toContain('entry')
    expect(types.filter((t) => !(t in ENTITY_LABELS))).toEqual([])
  })

  it('read a score, a decision and a publication without codes or ids', () => {
    expect(describeAuditChange('entry', { stageId: 5, criterionId: 12, criterion: 'Эстетика', points: 7 }, { stageId: 5, criterionId: 12, criterion: 'Эстетика', points: 9 })).toEqual([
      { field: 'Критерий', before: 'Эстетика', after: 'Эстетика' },
      { field: 'Баллы', before: '7', after: '9' },
    ])
    expect(describeAuditChange('entry', null, { stageId: 5, award: 'special_prize', place: null, reason: 'Протокол № 3' })).toEqual([
      { field: 'Решение', before: null, after: 'Специальный приз жюри' },
      { field: 'Место', before: null, after: '—' },
      { field: 'Причина', before: null, after: 'Протокол № 3' },
    ])
    expect(describeAuditChange('result_publication', { status: 'review' }, { status: 'published', method: 'median' })).toEqual([
      { field: 'Состояние', before: 'Подведение итогов', after: 'Итоги подведены' },
      { field: 'Способ подсчёта', before: null, after: 'Медиана взвешенных сумм' },
    ])
    expect(describeAuditChange('stage', { status: 'judging' }, { status: 'closed' })).toEqual([{ field: 'Состояние', before: 'Идёт оценка', after: 'Оценка завершена' }])
  })
})
