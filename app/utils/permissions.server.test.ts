import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../db/schema/enums'
import { ACTIONS, can, PERMISSIONS, type Action } from './permissions.server'

const as = (...roles: Role[]) => ({ roles })

describe('the role × action map', () => {
  it('has a row for every role of the design, the guest included', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(['guest', ...ROLES].sort())
  })

  it('lets a guest do nothing that needs an account', () => {
    for (const action of ACTIONS) expect(can(null, action), action).toBe(false)
  })

  it('lets an administrator do everything', () => {
    for (const action of ACTIONS) expect(can(as('admin'), action), action).toBe(true)
  })

  it.each<[Action, Role[]]>([
    ['account.use', ['resident', 'operator', 'juror', 'organiser', 'admin']],
    ['entry.apply', ['resident', 'operator', 'juror', 'organiser', 'admin']],
    ['entry.enter_paper', ['operator', 'admin']],
    ['diploma.read_paper', ['operator', 'admin']],
    ['jury.score', ['juror', 'admin']],
    ['contest.manage', ['organiser', 'admin']],
    ['entry.moderate', ['organiser', 'admin']],
    ['jury.manage', ['organiser', 'admin']],
    ['results.manage', ['organiser', 'admin']],
    ['documents.export', ['organiser', 'admin']],
    ['diploma.read_any', ['organiser', 'admin']],
    ['outbox.read', ['organiser', 'admin']],
    ['outbox.read_all', ['admin']],
    ['account.manage', ['admin']],
    ['directory.manage', ['organiser', 'admin']],
    ['vote.cast', ['resident', 'operator', 'juror', 'organiser', 'admin']],
  ])('%s: only %j', (action, allowed) => {
    for (const role of ROLES) expect(can(as(role), action), role).toBe(allowed.includes(role))
  })

  it('names every action in the table above', () => {
    expect(ACTIONS).toHaveLength(16)
  })

  it('adds up the rights of several roles, and counts every account as a resident\'s', () => {
    expect(can(as('resident', 'juror'), 'jury.score')).toBe(true)
    expect(can(as('resident', 'juror'), 'contest.manage')).toBe(false)
    expect(can(as(), 'account.use')).toBe(true)
    expect(can(as(), 'jury.score')).toBe(false)
  })
})
