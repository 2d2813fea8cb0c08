/**
 * What an entry of each contest is called in the statistics sentences: «1125 жителей изготовили 412
 * скворечников», «прислали 170 фотографий». The contest table has no column for it, so the city's
 * contests are known here by their short name; any other contest speaks of applications (заявки).
 */
import { NOUNS } from '../../utils/format'
import type { AgreementForms, Noun } from './statistics-text'

export interface ContestNouns {
  entryNoun: Noun
  entryVerb?: AgreementForms
  /** Genitive after «Победителями»: «городского этапа»; default «конкурса». */
  winnersOf?: string
}

const APPLICATION: ContestNouns = {
  entryNoun: { forms: NOUNS.entry, gender: 'feminine', accusativeOne: 'заявку' },
}

const BY_SHORT_NAME: Record<string, ContestNouns> = {
  'Тепло твоих рук': {
    entryNoun: { forms: ['скворечник', 'скворечника', 'скворечников'], gender: 'masculine' },
    entryVerb: ['изготовил', 'изготовила', 'изготовило', 'изготовили'],
    winnersOf: 'городского этапа',
  },
  '#Вновыйгодвместе': {
    entryNoun: { forms: NOUNS.photo, gender: 'feminine', accusativeOne: 'фотографию' },
    entryVerb: ['прислал', 'прислала', 'прислало', 'прислали'],
  },
  'Город друзей – город идей': {
    entryNoun: { forms: ['проект', 'проекта', 'проектов'], gender: 'masculine' },
    entryVerb: ['представил', 'представила', 'представило', 'представили'],
  },
  'Лучший комитет ТОС': { ...APPLICATION, winnersOf: 'городского этапа' },
}

export function nounsFor(shortName: string): ContestNouns {
  return BY_SHORT_NAME[shortName] ?? APPLICATION
}
