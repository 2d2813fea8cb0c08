/**
 * Who takes part in a contest: people (an entry's authors), or committees and organisations
 * («Лучший комитет ТОС» ranks committees). The one place that says whose name an entry stands under:
 * which organisation the form requires, who the public results show, whom the diplomas are issued to.
 * The entry's authors in an organisation's contest are its representatives (the chairperson who submitted it).
 * The directory names each organisation's chairperson (an account): the chairperson may submit on its behalf and sees
 * its entries and diplomas in the cabinet, whoever submitted them (docs/decisions/039-the-organisation-as-entrant.md).
 */
import type { ContestStatus, EntryStatus, StatisticsWords } from '../../../db/schema/enums'
import { NOUNS } from '../../utils/format'
import { resultsPublished } from './lifecycle'

export type EntrantSetting = { organisationEntrant: boolean }

/** How the entrant is headed where an entry shows it (the public entry page, the organiser's cards). */
export const ENTRANT_LABEL = 'Участник'

/** Whether an entry must name its committee or organisation: in an organisation's contest it is the entrant. */
export function organisationRequired(c: EntrantSetting) {
  return c.organisationEntrant
}

/**
 * Whether the chairperson of the organisation an entry names sees it (and its diplomas) as their own, read only:
 * in an organisation's contest, once it is sent — a draft is its writer's alone. The SQL of it: entrant.server.ts.
 */
export function chairpersonSees(c: EntrantSetting, status: EntryStatus) {
  return c.organisationEntrant && status !== 'draft'
}

/** The refusal of an entry submitted without its organisation. */
export const ORGANISATION_MISSING = 'Выберите комитет или организацию: в этом конкурсе участвуют они, а диплом выдаётся им'

/** The refusal of an organisation's entry where the contest takes none (its entrants are people). */
export const ORGANISATION_NOT_TAKEN = 'Этот конкурс не принимает заявки от организаций: в нём участвуют жители'

/**
 * The entrant's name the public results show above the authors: the organisation's in an organisation's contest
 * (when the entry names one, which every entry submitted since the setting does); null where people are the entrants.
 */
export function entrantName(c: EntrantSetting, organisationName: string | null | undefined) {
  return c.organisationEntrant && organisationName ? organisationName : null
}

/**
 * The entrant the public gallery and entry page name: the organisation, once the contest's results are out
 * (the lifecycle's rule for names on public pages: before the results nobody's name is shown). A committee is
 * not a private person, so the contest's «authors public» setting, which keeps people's names, does not hide it —
 * as the published results name it (the snapshot, results.server.ts).
 */
export function publicEntrantName(c: EntrantSetting & { status: ContestStatus }, organisationName: string | null | undefined) {
  return resultsPublished(c) ? entrantName(c, organisationName) : null
}

/** How the authors of an entry are presented beside an organisation as the entrant. */
export function representativesLabel(count: number) {
  return count === 1 ? 'Представитель' : 'Представители'
}

/** The heading of an entry's people: its authors, or its representatives beside an organisation as the entrant. */
export function peopleLabel(entrant: string | null | undefined, count: number) {
  return entrant ? representativesLabel(count) : count > 1 ? 'Авторы' : 'Автор'
}

/** An entry's words with its entrant after them, as the protocol and the letters write it: «ТОС-0001 «Год добрых дел» (Окружной комитет ТОС …)». */
export function withEntrant(text: string, entrant: string | null | undefined) {
  return entrant ? `${text} (${entrant})` : text
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

/** How the statistics name the participants where organisations are the entrants and the contest names them not otherwise. */
export const ORGANISATION_WORDS: Required<Pick<StatisticsWords, 'participantForms' | 'participantGender'>> = {
  participantForms: [...NOUNS.organisation],
  participantGender: 'feminine',
}
