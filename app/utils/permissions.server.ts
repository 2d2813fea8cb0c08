/**
 * Who may do what: one fixed role × action map (after Shelf's Role2PermissionMap), asked by every
 * loader and action that is not public (`requirePermission`) and by services that show more to some
 * (`can`). Whether a person may act on one particular thing — the owner of this entry, the juror of
 * this stage — is decided next to that thing, by the module's own access functions, after the map
 * has let the person in.
 */
import type { Role } from '../../db/schema/enums'
import { requireUser, type CurrentUser } from './auth.server'
import { refuse } from './refusal.server'

export const ACTIONS = [
  /** The cabinet, one's own entries and diplomas. */
  'account.use',
  /** Apply for a contest in one's own name. */
  'entry.apply',
  /** Vote for entries in people's choice voting (who may, and for what, is app/modules/voting's). */
  'vote.cast',
  /** Enter a resident's paper application (ЦРН operators). */
  'entry.enter_paper',
  /** Download the diplomas of the paper applications one's ЦРН took, and of those one entered oneself (ЦРН operators). */
  'diploma.read_paper',
  /** Score the entries of the stages one is assigned to. */
  'jury.score',
  /** Create contests and edit their settings, nominations, criteria, stages and form fields. */
  'contest.manage',
  'entry.moderate',
  /** Invite and assign jurors, declare conflicts, add extra jurors and special-prize decisions, follow progress. */
  'jury.manage',
  'results.manage',
  /** The audit log, statistics, the jury protocol and the diplomas of a contest. */
  'documents.export',
  /** Download anyone's diploma, not only one's own. */
  'diploma.read_any',
  /** The mail outbox of contest mail. */
  'outbox.read',
  /** Also the mail that belongs to no contest (account mail). */
  'outbox.read_all',
  /** Accounts and their roles. */
  'account.manage',
  /** The city's directory: districts, ТОС committees, organisations, the ЦРН; an operator's ЦРН. */
  'directory.manage',
] as const

export type Action = (typeof ACTIONS)[number]
export type Actor = Role | 'guest'

/**
 * The map. Guests ask nothing of it: the public pages are open to all. Every account counts as a
 * resident's (a juror or an organiser has a cabinet and may apply too); an administrator may do everything.
 */
export const PERMISSIONS: Readonly<Record<Actor, readonly Action[]>> = {
  guest: [],
  resident: ['account.use', 'entry.apply', 'vote.cast'],
  operator: ['entry.enter_paper', 'diploma.read_paper'],
  juror: ['jury.score'],
  organiser: ['contest.manage', 'entry.moderate', 'jury.manage', 'results.manage', 'documents.export', 'diploma.read_any', 'outbox.read', 'directory.manage'],
  admin: ACTIONS,
}

export const NO_PERMISSION = 'Недостаточно прав для этой страницы'

/** Whether someone with these roles (null: a guest) may do the action. */
export function can(user: Pick<CurrentUser, 'roles'> | null, action: Action) {
  const actors: Actor[] = user ? ['resident', ...user.roles] : ['guest']
  return actors.some((actor) => PERMISSIONS[actor].includes(action))
}

/** The signed-in user who may do the action; a guest goes to log in and comes back, anyone else gets 403. */
export async function requirePermission(request: Request, action: Action): Promise<CurrentUser> {
  const user = await requireUser(request)
  if (!can(user, action)) refuse('forbidden', NO_PERMISSION)
  return user
}
