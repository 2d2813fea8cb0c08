/**
 * A contest's words for its statistics (StatisticsWords, db/schema/enums.ts): its own, or the applications'
 * words (APPLICATION_WORDS) until the organiser says otherwise; its participants are residents (RESIDENT_WORDS)
 * unless it names them.
 */
import { APPLICATION_WORDS, RESIDENT_WORDS, type Gender, type StatisticsWords } from '../../../db/schema/enums'

/** The words a contest speaks with: its own, or the applications'. */
export function wordsOf(words: StatisticsWords | null): StatisticsWords {
  return words ?? APPLICATION_WORDS
}

/** Who takes part in the contest, after a numeral, with the gender its verb agrees with: its own word, or residents. */
export function participantWordsOf(words: StatisticsWords | null): { forms: [string, string, string]; gender: Gender } {
  const w = wordsOf(words)
  return w.participantForms
    ? { forms: w.participantForms, gender: w.participantGender ?? RESIDENT_WORDS.participantGender }
    : { forms: RESIDENT_WORDS.participantForms, gender: RESIDENT_WORDS.participantGender }
}

/** Saved as null when they are the applications' words, so a contest left as it was records no change. */
export function wordsToSave(words: StatisticsWords): StatisticsWords | null {
  return JSON.stringify(words) === JSON.stringify(APPLICATION_WORDS) ? null : words
}
