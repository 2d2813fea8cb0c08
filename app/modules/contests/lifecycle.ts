/**
 * The contest lifecycle, pure so that the pages, the services and the tests share one truth:
 * what a contest is doing now, whether it takes entries, and why its next step is not yet possible.
 */
import { CONTEST_STATUS_LABELS, type ContestStatus, type StageStatus } from '../../../db/schema/enums'
import { Refusal } from '~/utils/refusal'
import { countOf, formatClosingDay, formatDateTime, NOUNS, parseCityDateTime, plural, quoted, toCityInputValue } from '~/utils/format'

/** The steps in order, as the organiser's stepper shows them. */
export const LIFECYCLE: ContestStatus[] = ['draft', 'announced', 'accepting', 'judging', 'review', 'published', 'archived']

export type Phase = { status: ContestStatus; label: string; open: boolean; note: 'before' | 'open' | 'after' | null }

type EntryWindow = { status: ContestStatus; opensAt: Date | null; closesAt: Date | null }

/**
 * What a contest is doing now. The status is set by the organiser; within «accepting»
 * the clock decides whether entries are taken: [opensAt, closesAt).
 */
export function contestPhase(contest: EntryWindow, now: Date = new Date()): Phase {
  const label = CONTEST_STATUS_LABELS[contest.status]
  if (contest.status !== 'accepting') return { status: contest.status, label, open: false, note: null }
  if (contest.opensAt && now < contest.opensAt) return { status: contest.status, label: 'Скоро приём заявок', open: false, note: 'before' }
  if (contest.closesAt && now >= contest.closesAt) return { status: contest.status, label: 'Приём заявок завершён', open: false, note: 'after' }
  return { status: contest.status, label, open: true, note: 'open' }
}

/**
 * The one gate for every action that creates, edits or submits an entry: passes while the contest
 * takes entries by the server's clock, otherwise refuses (forbidden) saying why, in Russian.
 * The clock is a parameter so that tests can stand a second before and at midnight.
 */
export function assertAcceptingEntries(contest: EntryWindow, now: Date = new Date()): void {
  const refusal = entryWindowRefusal(contest, now)
  if (refusal) throw new Refusal('forbidden', refusal)
}

/** Why the contest takes no entries at `now`, in Russian; null while it takes them. The one rule for every entry action. */
export function entryWindowRefusal(contest: EntryWindow, now: Date = new Date()): string | null {
  const phase = contestPhase(contest, now)
  return phase.open ? null : closedWindowMessage(contest, phase)
}

function closedWindowMessage(contest: EntryWindow, phase: Phase) {
  if (phase.note === 'after' || ['judging', 'review', 'published', 'archived'].includes(contest.status)) {
    return contest.closesAt
      ? // The date ends with «г.», which ends the sentence too.
        `Приём заявок завершён: последний день приёма был ${formatClosingDay(contest.closesAt)}`
      : 'Приём заявок завершён.'
  }
  if (contest.opensAt && (phase.note === 'before' || contest.status === 'announced')) {
    return `Приём заявок ещё не начался: он откроется ${formatDateTime(contest.opensAt)} (время кемеровское).`
  }
  return 'Приём заявок ещё не начался.'
}

/** Statuses a guest may see; drafts are the organisers' own. */
export const PUBLIC_STATUSES: ContestStatus[] = ['announced', 'accepting', 'judging', 'review', 'published', 'archived']

const DAY_MS = 86_400_000

/**
 * The organiser enters the last day entries are taken («2027-04-15», from <input type="date">);
 * the window closes at the midnight that ends that day in the city's zone.
 */
export function closingDayToInstant(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null
  const start = parseCityDateTime(`${day}T00:00`)
  return start ? new Date(start.getTime() + DAY_MS) : null
}

/** The closing instant back to the day for <input type="date">. */
export function closingDayInputValue(closesAt: Date | number | null | undefined) {
  if (closesAt == null) return ''
  return toCityInputValue(new Date(closesAt).getTime() - 1).slice(0, 10)
}

export type JudgingState = 'pending' | 'open' | 'closed'

/** Statuses in which the contest's results stand published. */
const RESULTS_OUT: ContestStatus[] = ['published', 'archived']

/** Whether the contest's results are out: withdrawing a publication returns the contest to «review». */
export function resultsPublished(contest: { status: ContestStatus }) {
  return RESULTS_OUT.includes(contest.status)
}

/**
 * Why the settings that decide places (method, tie rule, places and winners, laureates, K, the
 * disagreement threshold, age categories) may not change now; null while they may. Published places and
 * diplomas were computed with the settings as they stand, and a change would make the settings page
 * contradict them: the publication is withdrawn first, then the settings changed and the results
 * published anew (docs/decisions/021).
 */
export function resultsSettingsRefusal(contest: { status: ContestStatus }): string | null {
  if (!resultsPublished(contest)) return null
  return (
    'Итоги конкурса опубликованы, и места в них рассчитаны по нынешним настройкам подведения итогов. ' +
    'Чтобы изменить способ подсчёта, число мест и победителей, возрастные категории или другие такие настройки, ' +
    'сначала отзовите публикацию в разделе «Итоги» (с причиной), затем измените настройки и опубликуйте итоги заново.'
  )
}

/**
 * The organiser's status decides; within «judging» the clock closes the stage at judgingClosesAt
 * (and keeps it shut before judgingOpensAt), so scores stop being accepted on time without anyone
 * having to press a button. Published results close every stage: a later score would contradict them.
 */
export function judgingState(
  stage: { status: StageStatus; judgingOpensAt: Date | null; judgingClosesAt: Date | null; contestStatus: ContestStatus },
  now: Date = new Date(),
): JudgingState {
  if (stage.status === 'closed' || resultsPublished({ status: stage.contestStatus })) return 'closed'
  if (stage.status === 'pending') return 'pending'
  if (stage.judgingClosesAt && now >= stage.judgingClosesAt) return 'closed'
  if (stage.judgingOpensAt && now < stage.judgingOpensAt) return 'pending'
  return 'open'
}

/** What the server knows about a contest when deciding whether it may move to another status. */
export type ContestFacts = {
  status: ContestStatus
  opensAt: Date | null
  closesAt: Date | null
  rules: string
  consentText: string
  nominations: { name: string; isSpecialPrize: boolean; criteria: number }[]
  stages: { name: string; status: StageStatus }[]
  entries: { submitted: number; accepted: number }
  /** Jurors of the first stage per nomination (and district on a district stage) that has accepted entries. */
  jury: JuryCoverage[]
}

export type JuryCoverage = { nomination: string; district: string | null; jurors: number; needed: number }

/** The forward step from each status; publishing is done from the results section, which freezes the snapshot. */
export const NEXT_STATUS: Partial<Record<ContestStatus, ContestStatus>> = {
  draft: 'announced',
  announced: 'accepting',
  accepting: 'judging',
  judging: 'review',
  published: 'archived',
}

/** The only step back: an announced contest nobody has applied to yet may return to the drafts. */
export const PREVIOUS_STATUS: Partial<Record<ContestStatus, ContestStatus>> = { announced: 'draft' }

/** Why the contest cannot move to `target` now; an empty list means it can. */
export function transitionBlockers(facts: ContestFacts, target: ContestStatus, now: Date = new Date()): string[] {
  if (NEXT_STATUS[facts.status] !== target && PREVIOUS_STATUS[facts.status] !== target) {
    return [`Конкурс нельзя перевести из состояния «${CONTEST_STATUS_LABELS[facts.status]}» в «${CONTEST_STATUS_LABELS[target]}».`]
  }
  if (target === 'draft') {
    return facts.entries.submitted + facts.entries.accepted > 0 ? ['В конкурс уже подали заявки.'] : []
  }
  if (target === 'announced' || target === 'accepting') return setupBlockers(facts, target, now)
  if (target === 'judging') return judgingBlockers(facts, now)
  if (target === 'review') {
    return facts.stages.filter((s) => s.status !== 'closed').map((s) => `Оценка на этапе ${quoted(s.name)} ещё не завершена.`)
  }
  return []
}

function setupBlockers(facts: ContestFacts, target: ContestStatus, now: Date): string[] {
  const reasons: string[] = []
  if (!facts.rules.trim()) reasons.push('Не заполнено положение о конкурсе.')
  if (!facts.consentText.trim()) reasons.push('Не заполнен текст согласия на обработку персональных данных.')
  if (!facts.opensAt) reasons.push('Не указано начало приёма заявок.')
  if (!facts.closesAt) reasons.push('Не указан последний день приёма заявок.')
  else if (target === 'accepting' && now >= facts.closesAt) reasons.push('Последний день приёма заявок уже прошёл: перенесите его.')
  if (facts.nominations.length === 0) reasons.push('Не добавлено ни одной номинации.')
  for (const n of facts.nominations) {
    if (!n.isSpecialPrize && n.criteria === 0) reasons.push(`Нет критериев оценки для номинации ${quoted(n.name)}.`)
  }
  if (facts.stages.length === 0) reasons.push('Не задан ни один этап конкурса.')
  return reasons
}

function judgingBlockers(facts: ContestFacts, now: Date): string[] {
  const reasons: string[] = []
  if (facts.closesAt && now < facts.closesAt) {
    reasons.push(`Приём заявок идёт до ${formatClosingDay(facts.closesAt)} включительно.`)
  }
  if (facts.entries.submitted > 0) {
    reasons.push(`${countOf(facts.entries.submitted, NOUNS.entry)} ещё не ${plural(facts.entries.submitted, ['прошла', 'прошли', 'прошли'])} модерацию.`)
  }
  if (facts.entries.accepted === 0) reasons.push('Нет ни одной принятой заявки.')
  reasons.push(...juryBlockers(facts.jury))
  return reasons
}

/** Reasons a stage cannot start judging for lack of jurors. */
export function juryBlockers(coverage: JuryCoverage[]): string[] {
  return coverage
    .filter((c) => c.jurors < c.needed)
    .map((c) => {
      const where = `${quoted(c.nomination)}${c.district ? ` (${c.district})` : ''}`
      if (c.jurors === 0) return `В номинации ${where} не назначено ни одного члена жюри.`
      return `В номинации ${where} ${plural(c.jurors, ['назначен', 'назначено', 'назначено'])} ${countOf(c.jurors, ['член', 'члена', 'членов'])} жюри, а нужно не меньше ${c.needed}.`
    })
}

/** Once the jury has finished, the accepted entries are shown whatever the contest's settings. */
const PAST_JUDGING: ContestStatus[] = ['review', 'published', 'archived']

/** Whether the public sees the accepted entries (and their photos) of the contest now. */
export function isGalleryOpen(contest: { status: ContestStatus; galleryOpenDuringContest: boolean }) {
  if (PAST_JUDGING.includes(contest.status)) return true
  return contest.galleryOpenDuringContest && (contest.status === 'accepting' || contest.status === 'judging')
}

/**
 * Whether the public sees the authors' names of the contest's entries now: only once the results are
 * published, whatever the setting, so that nobody (a juror least of all) learns them while judging.
 */
export function authorsPublic(contest: { status: ContestStatus; authorsPublic: boolean }) {
  return contest.authorsPublic && resultsPublished(contest)
}

/** What the server knows about a stage when deciding whether its results may be published. */
export type PublishFacts = {
  stage: { name: string; judging: JudgingState }
  /** K: the scores each entry needs (the contest's «оценок на заявку не меньше»). */
  minScores: number
  /** The stage's accepted entries that are scored on criteria (special prizes are decided without scores). */
  entries: { number: string; title: string; scores: number }[]
}

/** What results were published despite (the blockers below, and the organiser's reason), kept in the publication's snapshot. */
export type PublishedDespite = { shortfall: string[]; reason: string }

/**
 * Why the stage's results may not be published yet; an empty list means they may. With reasons
 * listed, the organiser may still publish, giving a written reason of their own.
 */
export function publishBlockers(facts: PublishFacts): string[] {
  const reasons: string[] = []
  if (facts.stage.judging !== 'closed') reasons.push(`Оценка на этапе ${quoted(facts.stage.name)} ещё не завершена.`)
  for (const e of facts.entries) {
    if (e.scores >= facts.minScores) continue
    const has = e.scores === 0 ? 'нет ни одной оценки' : `только ${countOf(e.scores, ['оценка', 'оценки', 'оценок'])}`
    reasons.push(`У заявки ${e.number} ${quoted(e.title)} ${has}, а нужно не меньше ${facts.minScores}.`)
  }
  return reasons
}

export type VotingState = 'off' | 'pending' | 'open' | 'closed'

type VotingWindow = { status: ContestStatus; votingEnabled: boolean; votingOpensAt: Date | null; votingClosesAt: Date | null }

/**
 * People's choice voting (docs/decisions/037): off unless the organiser turned it on; within
 * [votingOpensAt, votingClosesAt) by the server's clock; closed for good once the results are published
 * (the people's choice is frozen with them). The one rule every vote, button and count asks.
 */
export function votingState(contest: VotingWindow, now: Date = new Date()): VotingState {
  if (!contest.votingEnabled || !PUBLIC_STATUSES.includes(contest.status)) return 'off'
  if (resultsPublished(contest)) return 'closed'
  if (contest.votingClosesAt && now >= contest.votingClosesAt) return 'closed'
  if (!contest.votingOpensAt || now < contest.votingOpensAt) return 'pending'
  return 'open'
}

/** Why no vote is taken at `now`, in Russian; null while voting is open. */
export function votingWindowRefusal(contest: VotingWindow, now: Date = new Date()): string | null {
  const state = votingState(contest, now)
  if (state === 'open') return null
  if (state === 'off') return 'В этом конкурсе нет зрительского голосования.'
  if (state === 'pending') {
    return contest.votingOpensAt
      ? `Голосование ещё не началось: оно откроется ${formatDateTime(contest.votingOpensAt)} (время кемеровское).`
      : 'Голосование ещё не началось.'
  }
  return contest.votingClosesAt && !resultsPublished(contest)
    ? `Голосование завершено ${formatDateTime(contest.votingClosesAt)} (время кемеровское).`
    : 'Голосование завершено.'
}

/** Whether the public sees the vote counts now: once voting has closed, or while it runs if the contest shows them live. */
export function votingCountsPublic(contest: VotingWindow & { votingCountsLive: boolean }, now: Date = new Date()) {
  const state = votingState(contest, now)
  return state === 'closed' || (state === 'open' && contest.votingCountsLive)
}
