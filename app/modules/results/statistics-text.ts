/**
 * A contest's statistics as Russian sentences in the style of the city's annual report:
 * «В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.»
 * Pure, for the statistics page and the exported report alike.
 */
import { APPLICATION_WORDS, type Gender, type StatisticsWords } from '../../../db/schema/enums'
import { countOf as count, formatNumber, NOUNS, plural, quoted } from '~/utils/format'
import { participantWordsOf, wordsOf } from '../contests/statistics-words'

/** Noun forms after a numeral: [one, few, many], e.g. ['скворечник', 'скворечника', 'скворечников']. */
export type Forms = readonly [one: string, few: string, many: string]

export type { Gender, StatisticsWords }

/** The gender chooses the singular verb after 1, 21, 101…: «принял участие 1 житель», «приняла участие 1 семья». */
export interface Noun {
  forms: Forms
  gender: Gender
  /** The singular as a direct object when it differs from forms[0]: «подал 1 заявку», «прислал 21 фотографию». */
  accusativeOne?: string
}

/**
 * Forms agreeing with a subject, [masculine, feminine, neuter, plural]: a past-tense verb
 * (['изготовил', 'изготовила', 'изготовило', 'изготовили']) or a pronoun (который…).
 */
export type AgreementForms = readonly [masculine: string, feminine: string, neuter: string, plural: string]

export interface CountByName {
  /** A nomination's name (quoted in the text) or a district's name as printed («Заводский район»). */
  name: string
  entries: number
  /**
   * A nomination the jury awards by its decision alone («Специальный приз жюри»): nobody enters it, so when it
   * holds no entries the breakdown leaves it out, never «— 0 скворечников».
   */
  juryOnly?: boolean
}

/** A contest's numeric form field summed over the entries: «81 снежный городок». */
export interface FieldSum {
  value: number
  forms: Forms
  /**
   * Short participle [after one, after other numbers], already agreed with the noun: ['построен', 'построено'],
   * ['построена', 'построено']. Consecutive fields with the same participle share it, as the report does:
   * «построен 81 снежный городок, 1015 снежных фигур, украшено 6077 подъездов».
   */
  participle?: readonly [one: string, other: string]
}

/**
 * The figures are counted by the rules of statistics.server.ts (RECEIVED_STATUSES, TOOK_PART_STATUSES): each
 * sentence names one kind of thing, people or entries, never both in one figure.
 */
export interface StatisticsInput {
  /** Distinct people among the authors of the entries that took part. */
  participants: number
  /** Entries that took part (accepted): what the participants made, and what the breakdowns and sums count. */
  entries: number
  /** Entries received («было подано»): every one submitted, later rejected ones too; neither drafts nor withdrawn ones. */
  received?: number
  /** Entries that won a place; 0 while results are not published, and then no sentence is written. */
  winners: number
  entryNoun: Noun
  /** Default: житель (RESIDENT_WORDS). */
  participantNoun?: Noun
  /** What the participants did with their entries; default: подал. */
  entryVerb?: AgreementForms
  /** Genitive phrase after «Победителями»: «городского этапа»; default: «конкурса». */
  winnersOf?: string
  /**
   * The contest in the prepositional case and its name: with them the text opens with the entries, not the people:
   * «На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.»
   */
  contestIn?: { phrase: string; name: string }
  /** Opens the sums: «Только в этом году усилиями неравнодушных кемеровчан»; default: «Усилиями участников». */
  sumsBy?: string
  byNomination?: readonly CountByName[]
  byDistrict?: readonly CountByName[]
  fields?: readonly FieldSum[]
}

const RESIDENT: Noun = participantWordsOf(null)
/** The year's people, across contests that call them differently. */
const RESIDENT_PARTICIPANT: Noun = { forms: NOUNS.participant, gender: 'masculine' }
const SUBMITTED: AgreementForms = APPLICATION_WORDS.entryVerb
const TOOK_PART: AgreementForms = ['принял', 'приняла', 'приняло', 'приняли']
const WHO: AgreementForms = ['который', 'которая', 'которое', 'которые']
const BECAME: AgreementForms = ['стал', 'стала', 'стало', 'стали']
const WAS_SUBMITTED: AgreementForms = ['был подан', 'была подана', 'было подано', 'было подано']
const GENDER_INDEX: Record<Gender, 0 | 1 | 2> = { masculine: 0, feminine: 1, neuter: 2 }

function countAsObject(n: number, noun: Noun) {
  return count(n, noun.accusativeOne ? [noun.accusativeOne, noun.forms[1], noun.forms[2]] : noun.forms)
}

/** 1, 21, 101… take a singular predicate: «принял участие 21 житель». */
function isOne(n: number) {
  return plural(n, ['one', 'other', 'other']) === 'one'
}

/** The verb agreeing with a numeral subject: singular of the noun's gender after 1, 21…, plural otherwise. */
function agree(verb: AgreementForms, n: number, noun: Noun) {
  return isOne(n) ? verb[GENDER_INDEX[noun.gender]] : verb[3]
}

/** A jury-only nomination nobody was given is no part of the breakdown: never «Специальный приз жюри» — 0 скворечников. */
function listed(rows: readonly CountByName[]) {
  return rows.filter((r) => !(r.juryOnly && r.entries === 0))
}

function breakdown(rows: readonly CountByName[], entryNoun: Noun, quote: boolean) {
  return rows.map((r) => `${quote ? quoted(r.name) : r.name} — ${count(r.entries, entryNoun.forms)}`).join(', ')
}

function fieldsSentence(fields: readonly FieldSum[], sumsBy: string): string | null {
  const shown = fields.filter((f) => f.value > 0)
  if (shown.length === 0) return null
  if (!shown.every((f) => f.participle)) {
    return `По данным заявок: ${shown.map((f) => count(f.value, f.forms)).join(', ')}.`
  }
  const parts = shown.map((f, i) => {
    const participle = f.participle!
    const sharesPrevious = i > 0 && shown[i - 1].participle![1] === participle[1]
    const counted = count(f.value, f.forms)
    if (sharesPrevious) return counted
    return `${isOne(f.value) ? participle[0] : participle[1]} ${counted}`
  })
  return `${sumsBy} ${parts.join(', ')}.`
}

/** «На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.» */
function receivedInReportWords(received: number, noun: Noun, contestIn: { phrase: string; name: string }) {
  return `На участие в ${contestIn.phrase} ${quoted(contestIn.name)} ${agree(WAS_SUBMITTED, received, noun)} ${count(received, noun.forms)}.`
}

/** The sentences in report order; join them with a space for a paragraph. */
export function statisticsSentences(input: StatisticsInput): string[] {
  const participantNoun = input.participantNoun ?? RESIDENT
  const entryNoun = input.entryNoun
  const received = input.received ?? input.entries
  // Opening with what was received (contestIn), the text has something to say before any entry is accepted.
  if (input.participants === 0 && !(input.contestIn && received > 0)) return ['В конкурсе пока никто не принял участия.']

  const p = input.participants
  const sentences = input.contestIn
    ? [receivedInReportWords(received, entryNoun, input.contestIn)]
    : [
        `В конкурсе ${agree(TOOK_PART, p, participantNoun)} участие ${count(p, participantNoun.forms)}, ` +
          `${agree(WHO, p, participantNoun)} ${agree(input.entryVerb ?? SUBMITTED, p, participantNoun)} ` +
          `${countAsObject(input.entries, entryNoun)}.`,
      ]
  const nominations = listed(input.byNomination ?? [])
  if (nominations.length) {
    const n = nominations.length
    sentences.push(
      `Конкурс прошел по ${formatNumber(n)} ${plural(n, ['номинации', 'номинациям', 'номинациям'])}: ` + `${breakdown(nominations, entryNoun, true)}.`,
    )
  }
  if (input.byDistrict?.length) sentences.push(`По районам: ${breakdown(input.byDistrict, entryNoun, false)}.`)
  if (input.winners > 0) {
    const w = input.winners
    sentences.push(
      `${isOne(w) ? 'Победителем' : 'Победителями'} ${input.winnersOf ?? APPLICATION_WORDS.winnersOf} ${agree(BECAME, w, entryNoun)} ` +
        `${count(w, entryNoun.forms)}.`,
    )
  }
  const fields = input.fields && fieldsSentence(input.fields, input.sumsBy || 'Усилиями участников')
  if (fields) sentences.push(fields)
  return sentences
}

/** A contest's own words (its settings) as the sentences take them; null: applications. */
export function contestWords(words: StatisticsWords | null, contestName: string) {
  const w = wordsOf(words)
  return {
    participantNoun: participantWordsOf(words),
    entryNoun: { forms: w.entryForms, gender: w.entryGender, ...(w.entryAccusative ? { accusativeOne: w.entryAccusative } : {}) },
    entryVerb: w.entryVerb,
    winnersOf: w.winnersOf,
    ...(w.contestIn ? { contestIn: { phrase: w.contestIn, name: contestName } } : {}),
    ...(w.sumsBy ? { sumsBy: w.sumsBy } : {}),
  } satisfies Partial<StatisticsInput>
}

const SUBMITTED_PASSIVE: AgreementForms = ['подан', 'подана', 'подано', 'подано']

/**
 * A contest whose results are not out, as the public may read it: what was received, and that the results are
 * not out yet. «На конкурс подано 12 скворечников. Итоги конкурса ещё не подведены.»
 */
export function receivedSentences(received: number, words: Pick<StatisticsInput, 'entryNoun' | 'contestIn'>): string[] {
  const noun = words.entryNoun
  const first =
    received === 0
      ? 'На конкурс пока ничего не подано.'
      : words.contestIn
        ? receivedInReportWords(received, noun, words.contestIn)
        : `На конкурс ${agree(SUBMITTED_PASSIVE, received, noun)} ${count(received, noun.forms)}.`
  return [first, 'Итоги конкурса ещё не подведены.']
}

const APPLICATION: Noun = { forms: APPLICATION_WORDS.entryForms, gender: APPLICATION_WORDS.entryGender }

/**
 * The year in two sentences; every figure counts one kind of thing: contests, applications (every contest's
 * entries are applications alike), people. «6 конкурсов, на них подано 1245 заявок. Итоги подведены в 2 конкурсах
 * из 6: в них приняли участие 1125 участников, победителями стали 95 заявок.»
 */
export function yearLead(y: { contests: number; received: number; published: { contests: number; participants: number; winners: number } }): string {
  const first = `${count(y.contests, NOUNS.contest)}, на ${y.contests === 1 ? 'него' : 'них'} ${agree(SUBMITTED_PASSIVE, y.received, APPLICATION)} ${count(y.received, APPLICATION.forms)}.`
  const k = y.published.contests
  if (k === 0) return `${first} Итоги ещё не подведены.`
  const where = y.contests === 1 ? '' : ` в ${formatNumber(k)} ${plural(k, ['конкурсе', 'конкурсах', 'конкурсах'])} из ${formatNumber(y.contests)}`
  const p = y.published.participants
  const w = y.published.winners
  return (
    `${first} Итоги подведены${where}: ${k === 1 ? 'в нём' : 'в них'} ${agree(TOOK_PART, p, RESIDENT_PARTICIPANT)} участие ${count(p, RESIDENT_PARTICIPANT.forms)}` +
    (w > 0 ? `, ${isOne(w) ? 'победителем' : 'победителями'} ${agree(BECAME, w, APPLICATION)} ${count(w, APPLICATION.forms)}.` : '.')
  )
}

/** A year in the list of years: «6 конкурсов, итоги подведены в 2», «1 конкурс, итоги ещё не подведены». */
export function yearListing(y: { contests: number; published: number }): string {
  const results =
    y.published === 0
      ? 'итоги ещё не подведены'
      : y.published === y.contests
        ? y.contests === 1
          ? 'итоги подведены'
          : 'итоги подведены во всех'
        : `итоги подведены в ${formatNumber(y.published)}`
  return `${count(y.contests, NOUNS.contest)}, ${results}`
}
