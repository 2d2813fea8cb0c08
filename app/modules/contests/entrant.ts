/**
 * Who takes part in a contest: people (an entry's authors), or committees and organisations
 * («Лучший комитет ТОС» ranks committees). The one place that says whose name an entry stands under:
 * which organisation the form requires, who the public results show, whom the diplomas are issued to.
 * The entry's authors in an organisation's contest are its representatives (the chairperson who submitted it);
 * the directory keeps no chairperson of its own, so the entry's owner is the one who sees it and its diploma in the cabinet.
 */

export type EntrantSetting = { organisationEntrant: boolean }

/** Whether an entry must name its committee or organisation: in an organisation's contest it is the entrant. */
export function organisationRequired(c: EntrantSetting) {
  return c.organisationEntrant
}

/** The refusal of an entry submitted without its organisation. */
export const ORGANISATION_MISSING = 'Выберите комитет или организацию: в этом конкурсе участвуют они, а диплом выдаётся им'

/**
 * The entrant's name the public results show above the authors: the organisation's in an organisation's contest
 * (when the entry names one, which every entry submitted since the setting does); null where people are the entrants.
 */
export function entrantName(c: EntrantSetting, organisationName: string | null | undefined) {
  return c.organisationEntrant && organisationName ? organisationName : null
}

/** How the authors of an entry are presented beside an organisation as the entrant. */
export function representativesLabel(count: number) {
  return count === 1 ? 'Представитель' : 'Представители'
}

/**
 * Whom an entry's diplomas are issued to: one to the organisation in an organisation's contest, kept under the
 * entry's first author (its representative, who receives it); otherwise one to each author.
 */
export function diplomaRecipients<A extends { id: number; fullName: string }>(c: EntrantSetting, organisationName: string | null | undefined, authors: readonly A[]) {
  const entrant = entrantName(c, organisationName)
  if (entrant && authors.length) return [{ authorId: authors[0].id, name: entrant }]
  return authors.map((a) => ({ authorId: a.id, name: a.fullName }))
}
