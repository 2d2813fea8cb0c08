import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { EntryStatusBadge } from '../../app/components/entries/status-badge'
import { CONTEST_STATUS_LABELS, CONTEST_STATUSES, ENTRY_STATUS_LABELS, ENTRY_STATUSES } from '../../db/schema/enums'

describe('status labels', () => {
  it('name every entry status, each differently, and say that an organiser removed a disqualified entry', () => {
    expect(Object.keys(ENTRY_STATUS_LABELS).sort()).toEqual([...ENTRY_STATUSES].sort())
    expect(new Set(Object.values(ENTRY_STATUS_LABELS)).size).toBe(ENTRY_STATUSES.length)
    expect(ENTRY_STATUS_LABELS.disqualified).toBe('Снята с конкурса')
    expect(ENTRY_STATUS_LABELS.withdrawn).toBe('Отозвана')
  })

  it('name every contest status, each differently', () => {
    expect(Object.keys(CONTEST_STATUS_LABELS).sort()).toEqual([...CONTEST_STATUSES].sort())
    expect(new Set(Object.values(CONTEST_STATUS_LABELS)).size).toBe(CONTEST_STATUSES.length)
  })

  it('are what the entry status badge shows', () => {
    for (const status of ENTRY_STATUSES) {
      expect(renderToStaticMarkup(createElement(EntryStatusBadge, { status }))).toContain(`>${ENTRY_STATUS_LABELS[status]}<`)
    }
  })
})
