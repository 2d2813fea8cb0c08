/**
 * Enumerations, and the labels people read for them, that the browser needs too. This file imports
 * nothing, so route components can use it without pulling drizzle's table code into the browser.
 */
export const ROLES = ['resident', 'operator', 'juror', 'organiser', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** How the pages and the audit log name each role. */
export const ROLE_LABELS: Record<Role, string> = {
  resident: 'Участник',
  operator: 'Оператор ЦРН',
  juror: 'Член жюри',
  organiser: 'Организатор',
  admin: 'Администратор',
}

export const VERIFICATION_PURPOSES = ['email', 'password', 'claim'] as const

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

export const TIE_RULES = ['shared', 'earlier_first'] as const
export type TieRule = (typeof TIE_RULES)[number]

/** How the organiser, the protocol and the audit log name each way of breaking a tie of scores. */
export const TIE_RULE_LABELS: Record<TieRule, string> = {
  shared: 'Равные баллы делят место (I, I, III)',
  earlier_first: 'При равных баллах выше заявка, поданная раньше',
}

export const STAGE_KINDS = ['district', 'city'] as const
export type StageKind = (typeof STAGE_KINDS)[number]

export const STAGE_STATUSES = ['pending', 'judging', 'closed'] as const
export type StageStatus = (typeof STAGE_STATUSES)[number]

/** What organisers and jurors read for a stage's judging. */
export const STAGE_STATUS_LABELS: Record<StageStatus, string> = {
  pending: 'Оценка ещё не началась',
  judging: 'Идёт оценка',
  closed: 'Оценка завершена',
}

/** How a juror came to be kept away from an entry (the conflict table): recusal (самоотвод), marked by the organiser, or found automatically. */
export const CONFLICT_KINDS = ['recusal', 'organiser', 'author', 'organisation'] as const
export type ConflictKind = (typeof CONFLICT_KINDS)[number]

export const RESULT_METHODS = ['mean', 'trimmed_mean', 'median', 'zscore_mean'] as const
export type ResultMethod = (typeof RESULT_METHODS)[number]

/** How the organiser, the protocol and the audit log name each way of computing places. */
export const RESULT_METHOD_LABELS: Record<ResultMethod, string> = {
  mean: 'Среднее взвешенных сумм (сумма баллов ÷ число оценивших)',
  trimmed_mean: 'Усечённое среднее (без высшей и низшей оценки по критерию)',
  median: 'Медиана взвешенных сумм',
  zscore_mean: 'Среднее нормированных оценок (z-оценки по каждому члену жюри)',
}

/**
 * A new contest's results settings: the columns' defaults in both schemas, and what the settings page
 * says the defaults are.
 */
export const RESULT_SETTING_DEFAULTS = {
  resultMethod: 'mean',
  tieRule: 'shared',
  placesPerNomination: 3,
  laureatesPerNomination: 0,
  minScoresPerEntry: 2,
  disagreementThreshold: 10,
} as const satisfies {
  resultMethod: ResultMethod
  tieRule: TieRule
  placesPerNomination: number
  laureatesPerNomination: number
  minScoresPerEntry: number
  disagreementThreshold: number
}

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

/**
 * A photo from its upload on: 'processing' while its job makes the variants (the upload is kept, never
 * served, until then), 'ready' once they exist, 'failed' when the job refused it or gave up (with the
 * message the resident reads on the entry).
 */
export const PHOTO_STATUSES = ['processing', 'ready', 'failed'] as const
export type PhotoStatus = (typeof PHOTO_STATUSES)[number]

export const PLACE_KINDS = ['district', 'residential_area'] as const

export const ORGANISATION_KINDS = ['tos_committee', 'management_company', 'school', 'other'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/** The kinds of organisations as groups of a list: the entry form's choice, the contest's setting of who may enter. */
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  tos_committee: 'Комитеты ТОС',
  management_company: 'Управляющие компании',
  school: 'Школы',
  other: 'Другие организации',
}

/** The three levels of ТОС committees, from the district's down to a house's (the city's 2020 report). */
export const TOS_LEVELS = ['district', 'street', 'house'] as const
export type TosLevel = (typeof TOS_LEVELS)[number]

export const TOS_LEVEL_LABELS: Record<TosLevel, string> = {
  district: 'Окружной',
  street: 'Уличный (старший улицы)',
  house: 'Домовый (старший дома)',
}

/** The level a committee's parent must be at; a district-level committee has none. */
export const TOS_PARENT_LEVEL: Record<TosLevel, TosLevel | null> = { district: null, street: 'district', house: 'street' }

export const PLACE_KIND_LABELS: Record<(typeof PLACE_KINDS)[number], string> = {
  district: 'Район',
  residential_area: 'Жилой район',
}

export const AWARDS = ['place', 'laureate', 'special_prize'] as const

/** An organiser's decision as people read it (a place is printed with its number where there is one). */
export const AWARD_LABELS: Record<(typeof AWARDS)[number], string> = {
  place: 'Место',
  laureate: 'Лауреат',
  special_prize: 'Специальный приз жюри',
}

/** `peoples_choice`: the winner of the people's choice vote (docs/decisions/038), its prize named from the publication's snapshot. */
export const DIPLOMA_KINDS = ['winner', 'laureate', 'special_prize', 'participant', 'peoples_choice'] as const

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const
export type MailStatus = (typeof MAIL_STATUSES)[number]

/** The grammatical gender of a contest's word for its entries: it agrees the verb after 1, 21…: «стал 1 скворечник», «стала 1 заявка». */
export const GENDERS = ['masculine', 'feminine', 'neuter'] as const
export type Gender = (typeof GENDERS)[number]

/** The genders as the settings page names them: by a word of each. */
export const GENDER_LABELS: Record<Gender, string> = {
  masculine: 'мужской (один скворечник)',
  feminine: 'женский (одна заявка)',
  neuter: 'средний (одно окно)',
}

/**
 * A contest's words for its statistics, as the city's report writes them: «В конкурсе приняли участие 1125 жителей,
 * которые изготовили 412 скворечников. Победителями городского этапа стали 95 скворечников.»
 */
export type StatisticsWords = {
  /** The entries after a numeral: [one, few, many], e.g. ['скворечник', 'скворечника', 'скворечников']. */
  entryForms: [string, string, string]
  entryGender: Gender
  /** The singular as a direct object when it differs from entryForms[0]: «подал 1 заявку». */
  entryAccusative?: string
  /** What the participants did, past tense [masculine, feminine, neuter, plural]: ['изготовил', 'изготовила', 'изготовило', 'изготовили']. */
  entryVerb: [string, string, string, string]
  /** The genitive after «Победителями»: «городского этапа». */
  winnersOf: string
  /**
   * The contest in the prepositional case, without its name: «традиционном городском смотре-конкурсе». When set, the
   * statistics open with «На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.»
   */
  contestIn?: string
  /** Who made what the numeric fields count, opening that sentence: «Только в этом году усилиями неравнодушных кемеровчан». */
  sumsBy?: string
  /**
   * Who took part, after a numeral: [one, few, many], e.g. ['человек', 'человека', 'человек'], with its gender for the
   * verb after 1, 21…; none: residents (RESIDENT_WORDS).
   */
  participantForms?: [string, string, string]
  participantGender?: Gender
}

/** Who takes part in a contest until its organiser says otherwise: «В конкурсе приняли участие 1125 жителей». */
export const RESIDENT_WORDS: Required<Pick<StatisticsWords, 'participantForms' | 'participantGender'>> = {
  participantForms: ['житель', 'жителя', 'жителей'],
  participantGender: 'masculine',
}

/** What a contest's entries are called until its organiser says otherwise: applications (заявки), which participants submit. */
export const APPLICATION_WORDS: StatisticsWords = {
  entryForms: ['заявка', 'заявки', 'заявок'],
  entryGender: 'feminine',
  entryAccusative: 'заявку',
  entryVerb: ['подал', 'подала', 'подало', 'подали'],
  winnersOf: 'конкурса',
}
