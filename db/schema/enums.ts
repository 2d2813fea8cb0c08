/**
 * Enumerations, and the labels people read for them, that the browser needs too. This file imports
 * nothing, so route components can use it without pulling drizzle's table code into the browser.
 */
export const ROLES = ['resident', 'operator', 'juror', 'organiser', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const CONTEST_STATUSES = ['draft', 'announced', 'accepting', 'judging', 'review', 'published', 'archived'] as const
export type ContestStatus = (typeof CONTEST_STATUSES)[number]

export const CONTEST_STATUS_LABELS: Record<ContestStatus, string> = {
  draft: 'Черновик',
  announced: 'Объявлен',
  accepting: 'Приём заявок',
  judging: 'Работа жюри',
  review: 'Подведение итогов',
  published: 'Итоги подведены',
  archived: 'В архиве',
}

export const RESULT_METHODS = ['mean', 'trimmed_mean', 'median', 'zscore_mean'] as const
export type ResultMethod = (typeof RESULT_METHODS)[number]

export const FORM_FIELD_KINDS = ['number', 'text', 'choice', 'boolean'] as const
export type FormFieldKind = (typeof FORM_FIELD_KINDS)[number]

export const ENTRY_STATUSES = ['draft', 'submitted', 'accepted', 'rejected', 'withdrawn', 'disqualified'] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

/**
 * What residents, moderators and organisers read for an entry's status. «Снята с конкурса», not «Снята»:
 * the entrant did not take it back (that is «Отозвана»), the organiser removed it from the contest.
 */
export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  draft: 'Черновик',
  submitted: 'На модерации',
  accepted: 'Принята',
  rejected: 'Отклонена',
  withdrawn: 'Отозвана',
  disqualified: 'Снята с конкурса',
}

export const ORGANISATION_KINDS = ['tos_committee', 'management_company', 'school', 'other'] as const

export const AWARDS = ['place', 'laureate', 'special_prize'] as const

export const DIPLOMA_KINDS = ['winner', 'laureate', 'special_prize', 'participant'] as const
