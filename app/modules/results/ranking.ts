/**
 * What lies between the engine's computed ranking and what is published: the organiser's decisions
 * over the ranking, the frozen snapshot and the diplomas it yields.
 * Pure (no database), so the rules are unit-tested and the browser may import the types.
 */
import { AWARD_LABELS, RESULT_METHOD_LABELS, type ResultMethod, type TieRule } from '../../../db/schema/enums'
import { assignPlaces, type EntryResult } from './engine'
import { countOf, NOUNS, quoted } from '../../utils/format'
import type { PublishedDespite } from '../contests/lifecycle'

/** The methods in the order the organiser sees them. */
export const METHODS = Object.keys(RESULT_METHOD_LABELS) as [ResultMethod, ...ResultMethod[]]

export type FinalAward = 'place' | 'laureate' | 'special_prize'

/** An organiser's decision as stored: a place set by hand, a laureate, a special prize, or (award null) no award. */
export interface Decision {
  award: FinalAward | null
  place: number | null
  reason: string
}

export interface Outcome {
  place: number | null
  award: FinalAward | null
  overridden: boolean
}

/**
 * The final place and award of an entry: the organiser's decision wins over the computed result.
 * A laureate or special prize keeps the computed place (its position in the ranking); a decision
 * without an award takes the entry out of the awarded places altogether.
 */
export function outcomeOf(result: Pick<EntryResult, 'place' | 'award'>, decision: Decision | null | undefined): Outcome {
  if (!decision) return { place: result.place, award: result.award, overridden: false }
  if (decision.award === 'place') return { place: decision.place, award: 'place', overridden: true }
  if (decision.award === null) return { place: null, award: null, overridden: true }
  return { place: result.place, award: decision.award, overridden: true }
}

/** Orders a group by final place (unplaced last), keeping the computed order within equal places. */
export function orderByOutcome<T extends { outcome: Outcome }>(rows: readonly T[]): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.outcome.place ?? Infinity) - (b.row.outcome.place ?? Infinity) || a.index - b.index)
    .map(({ row }) => row)
}

const ROMAN: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']]

/** A place in Roman numerals, as diplomas and protocols print it: 1 → I, 48 → XLVIII. */
export function roman(n: number) {
  if (!Number.isInteger(n) || n < 1 || n > 3999) return String(n)
  let rest = n
  let out = ''
  for (const [value, letters] of ROMAN) {
    for (; rest >= value; rest -= value) out += letters
  }
  return out
}

/** «II место». */
export const placeLabel = (place: number) => `${roman(place)} место`

/** «I место», «лауреат», «специальный приз» — the award as a short Russian phrase. */
export function outcomeLabel(outcome: Pick<Outcome, 'place' | 'award'>) {
  if (outcome.award === 'place' && outcome.place !== null) return placeLabel(outcome.place)
  if (outcome.award === 'laureate' || outcome.award === 'special_prize') return AWARD_LABELS[outcome.award]
  return null
}

export interface SnapshotPhoto {
  id: string
  width: number
  height: number
  /** The sizes stored for the photo, for srcset. */
  variants: { size: 'thumb' | 'gallery' | 'full'; width: number }[]
}

export interface SnapshotEntry {
  entryId: number
  number: string
  title: string
  districtName: string | null
  /** The age category the entry was ranked in; null (or absent, in snapshots from before categories) without one. */
  ageCategory?: string | null
  /** Filled only when the contest published its authors' names at the time of publication. */
  authors: string[]
  /** The committee or organisation that is the entrant, where the contest's entrants are organisations (contests/entrant.ts); null or absent otherwise. */
  entrant?: string | null
  photos: SnapshotPhoto[]
  score: number | null
  scoreCount: number
  place: number | null
  award: FinalAward | null
  /** The place the method computed, where the organiser's decision set another (absent in older snapshots). */
  computedPlace?: number | null
  /** The reason of the organiser's decision over the entry; null without one (absent in older snapshots). */
  decisionReason?: string | null
}

interface SnapshotNomination {
  id: number
  name: string
  isSpecialPrize: boolean
  /** The ranked and awarded entries first, in final order. */
  entries: SnapshotEntry[]
}

/**
 * Everything the public results, the diplomas and the jury protocol show, frozen at publication:
 * nothing in it is read again from the live tables, so later edits to scores cannot change it.
 */
export interface ResultSnapshot {
  version: 1
  contest: { id: number; title: string; year: number }
  stage: { id: number; name: string; kind: 'district' | 'city' }
  method: ResultMethod
  /** The method the contest's rules name (absent in snapshots from before it was kept). */
  contestMethod?: ResultMethod
  /** Why the places were computed by another method than the contest's own; null when they were not. */
  methodReason?: string | null
  /** How equal scores were ranked (absent in snapshots from before it was kept). */
  tieRule?: TieRule
  /** Published although the lifecycle listed reasons not to yet: those reasons and the organiser's own. */
  publishedDespite?: PublishedDespite | null
  /** Jurors who were assigned to the stage or scored in it, by name. */
  jury: string[]
  nominations: SnapshotNomination[]
  /** Accepted entries that left at an earlier stage: their authors get a participant's diploma. */
  earlierEntries: { entryId: number; number: string; title: string; nominationName: string }[]
  /** The people's choice, frozen with the jury's results (docs/decisions/038); null or absent without voting. */
  peoplesChoice?: PeoplesChoice | null
}

/** An entry of the people's choice ranking: its votes and the place they give it under the contest's tie rule. */
export interface PeoplesChoiceEntry {
  entryId: number
  number: string
  title: string
  entrant?: string | null
  authors: string[]
  /** The winners' first photo; none for the rest. */
  photos: SnapshotPhoto[]
  votes: number
  place: number
}

/** The people's choice at publication: the prize's name, who voted and how often, and each voted nomination's ranking. */
export interface PeoplesChoice {
  prizeName: string
  /** Distinct residents whose votes stand (annulled votes are deleted before publication). */
  voters: number
  votes: number
  /** The nominations voted in, each with its entries that got at least one vote, most votes first. */
  nominations: { id: number; name: string; entries: PeoplesChoiceEntry[] }[]
}

/**
 * Ranks a nomination's entries by their votes, the contest's tie rule deciding equal counts exactly as
 * it decides equal scores (engine's assignPlaces): shared places, or the earlier submission first.
 * Entries without a vote are not ranked.
 */
export function rankByVotes<T extends { id: number; votes: number; submittedAt: number }>(entries: readonly T[], tieRule: TieRule): (T & { place: number })[] {
  const byId = new Map(entries.map((e) => [e.id, e]))
  const voted = entries.filter((e) => e.votes > 0).map((e) => ({ id: e.id, score: e.votes, submittedAt: e.submittedAt }))
  return assignPlaces(voted, tieRule).map((r) => ({ ...byId.get(r.id)!, place: r.place }))
}

/** The people's choice in one line, as the results pages and the protocol say it: how many residents voted and how many votes stand. */
export function peoplesChoiceSummary(choice: Pick<PeoplesChoice, 'voters' | 'votes'>) {
  return `Зрительское голосование: проголосовали ${countOf(choice.voters, NOUNS.voter)}, учтено ${countOf(choice.votes, NOUNS.vote)}.`
}

/** The people's choice winners: first place, each of them where the tie rule shares it. */
export function peoplesChoiceWinners(n: { entries: readonly PeoplesChoiceEntry[] }) {
  return n.entries.filter((e) => e.place === 1)
}

/**
 * A nomination's entries as its age categories rank them: one part per category, in the snapshot's
 * order; a single part with the category null where the contest has none.
 */
export function byAgeCategory<T extends { ageCategory?: string | null }>(entries: readonly T[]): { ageCategory: string | null; entries: T[] }[] {
  const parts: { ageCategory: string | null; entries: T[] }[] = []
  for (const e of entries) {
    const category = e.ageCategory ?? null
    const last = parts[parts.length - 1]
    if (last && last.ageCategory === category) last.entries.push(e)
    else parts.push({ ageCategory: category, entries: [e] })
  }
  return parts
}

export type DiplomaKind = 'winner' | 'laureate' | 'special_prize' | 'participant' | 'peoples_choice'

export function diplomaKindOf(award: FinalAward | null, place: number | null): { kind: DiplomaKind; place: number | null } {
  if (award === 'place' && place !== null) return { kind: 'winner', place }
  if (award === 'laureate') return { kind: 'laureate', place: null }
  if (award === 'special_prize') return { kind: 'special_prize', place: null }
  return { kind: 'participant', place: null }
}

/** Diplomas have three degrees; a winner placed lower (a nomination with many winners) gets a winner's diploma. */
const DIPLOMA_DEGREES = 3

/** The title line of a diploma: «Диплом I степени», «Диплом победителя», «Диплом лауреата» … */
export function diplomaTitle(kind: DiplomaKind, place: number | null, prizeName?: string | null) {
  if (kind === 'peoples_choice') return `Диплом обладателя приза ${quotedPrize(prizeName)}`
  if (kind === 'winner') return (place ?? 1) <= DIPLOMA_DEGREES ? `Диплом ${roman(place ?? 1)} степени` : 'Диплом победителя'
  if (kind === 'laureate') return 'Диплом лауреата'
  if (kind === 'special_prize') return 'Диплом обладателя специального приза жюри'
  return 'Диплом участника'
}

/** What the diploma was given for, as the check page says it: «II место», «лауреат», «участник». */
export function diplomaAwardLabel(kind: DiplomaKind, place: number | null, prizeName?: string | null) {
  if (kind === 'peoples_choice') return `приз ${quotedPrize(prizeName)}`
  if (kind === 'winner' && place !== null) return placeLabel(place)
  if (kind === 'laureate') return 'лауреат'
  if (kind === 'special_prize') return 'специальный приз жюри'
  return 'участник'
}

/** The people's choice prize's name in quotes, as the contest's settings named it at publication. */
function quotedPrize(prizeName: string | null | undefined) {
  return prizeName ? quoted(prizeName) : 'зрительских симпатий'
}

/** Entries that count as winners in the statistics: a place or a special prize. */
export function isWinner(entry: Pick<SnapshotEntry, 'award'>) {
  return entry.award === 'place' || entry.award === 'special_prize'
}

// Crockford's alphabet without I, L, O, U: nothing to misread when typed from paper.
const CHECK_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * «КДД-2027-000123-7KQ2M»: the contest's prefix, year and the diploma's sequence, then five random
 * characters, so that the public verification page cannot be walked number by number to list names.
 */
export function diplomaNumber(prefix: string, year: number, seq: number, random: (n: number) => Uint8Array) {
  const check = [...random(5)].map((b) => CHECK_ALPHABET[b % CHECK_ALPHABET.length]).join('')
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}-${check}`
}

/**
 * Each Cyrillic capital as Latin: a letter that looks like a Latin one becomes that letter (Р is P, not R),
 * because that is what the eye reads off paper; the rest are transliterated. Two letters may meet in one
 * Latin form (П and Р are both P): numbers still differ by their year, sequence and random characters.
 */
const LATIN: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
  Б: 'B', Г: 'G', Д: 'D', Ж: 'ZH', З: 'Z', И: 'I', Й: 'J', Л: 'L', П: 'P', Ф: 'F', Ц: 'TS', Ч: 'CH', Ш: 'SH', Щ: 'SHCH',
  Ъ: '', Ы: 'Y', Ь: '', Э: 'E', Ю: 'YU', Я: 'YA',
}

/**
 * The form of a diploma number printed in its address and QR code: «КДД-2027-000123-7KQ2M» becomes
 * «KDD-2027-000123-7KQ2M». A Cyrillic prefix before Latin random characters would make anyone typing
 * the address switch keyboard layouts midway, and percent-encoded Cyrillic cannot be typed at all;
 * the Latin form is plain ASCII, typeable on any keyboard, and leads to the same diploma.
 */
export function latinDiplomaNumber(number: string) {
  return [...number.toUpperCase()].map((ch) => LATIN[ch] ?? ch).join('')
}

/** The path of a diploma's verification page, the one form every link, the PDF and the QR code use. */
export function diplomaPath(number: string) {
  return `/diplomas/${latinDiplomaNumber(number)}`
}

/**
 * What two spellings of one diploma number have in common: any case, either alphabet for look-alike
 * letters, spaces and dashes anywhere. In the random characters O is 0 and I or L is 1, since the
 * alphabet leaves those letters out for exactly that confusion.
 */
export function diplomaKey(input: string) {
  const key = latinDiplomaNumber(input).replace(/[^0-9A-Z]/g, '')
  return key.slice(0, -5) + key.slice(-5).replace(/O/g, '0').replace(/[IL]/g, '1')
}

/** The year and sequence of a typed number, which narrow the search to a few diplomas; null if it cannot be a number. */
export function diplomaNumberParts(input: string) {
  const m = /^[A-Z]*(\d{4})(\d{6,})[0-9A-Z]{5}$/.exec(diplomaKey(input))
  return m ? { year: m[1], seq: m[2] } : null
}
