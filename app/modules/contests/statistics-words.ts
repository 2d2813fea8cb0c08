/**
 * A contest's words for its statistics (StatisticsWords, db/schema/enums.ts): its own, or the applications'
 * words (APPLICATION_WORDS) until the organiser says otherwise.
 */
import { APPLICATION_WORDS, type StatisticsWords } from '../../../db/schema/enums'

/** The words a contest speaks with: its own, or the applications'. */
export function wordsOf(words: StatisticsWords | null): StatisticsWords {
  return words ?? APPLICATION_WORDS
}

/** Saved as null when they are the applications' words, so a contest left as it was records no change. */
export function wordsToSave(words: StatisticsWords): StatisticsWords | null {
  return JSON.stringify(words) === JSON.stringify(APPLICATION_WORDS) ? null : words
}
