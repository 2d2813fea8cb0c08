/**
 * What happens to a submitted entry next, and when: moderation, the jury's stages with their dates,
 * the results. One list for the letter that says the entry
 * was received (letters.server.ts) and the receipt page the resident lands on after submitting.
 */
import { formatClosingDay, formatDate, quoted } from '../../utils/format'

export type NextStepsContest = {
  slug: string
  closesAt: Date | null
}

export type NextStepsStage = { name: string; judgingOpensAt: Date | null; judgingClosesAt: Date | null }

/** One step: its sentence; `link`, where the step is to be seen, follows the text as its full address (a link on the page). */
export type NextStep = { text: string; link?: { path: string }; after?: string }

/** «с 1 апреля 2027 г. до 20 апреля 2027 г.», «до …», «с …», or '' when the dates are not set. */
function period(opens: Date | null, closes: Date | null) {
  if (opens && closes) return `с ${formatDate(opens)} до ${formatDate(closes)}`
  if (closes) return `до ${formatDate(closes)}`
  if (opens) return `с ${formatDate(opens)}`
  return ''
}

/** The steps after submission, in order; the stages in theirs. */
export function entryNextSteps(contest: NextStepsContest, stages: NextStepsStage[]): NextStep[] {
  const dated = stages.map((s) => ({ name: s.name, when: period(s.judgingOpensAt, s.judgingClosesAt) })).filter((s) => s.when)
  const judging =
    dated.length === 0
      ? 'Принятую заявку оценит жюри после окончания приёма заявок.'
      : `Принятую заявку оценит жюри (${dated.map((s) => `этап ${quoted(s.name)} — ${s.when}`).join('; ')}).`
  const steps: NextStep[] = [{ text: 'Заявку проверит модератор. Когда он её примет или отклонит, мы напишем вам.' }, { text: judging }]
  steps.push({
    text: 'Итоги будут опубликованы на странице конкурса',
    link: { path: `/contests/${contest.slug}/results` },
    after: ' — мы пришлём письмо, когда они появятся.',
  })
  return steps
}

/** Until when the entrant may still correct a submitted entry. */
export function editableUntil(contest: { closesAt: Date | null }) {
  return contest.closesAt
    ? `Исправить заявку можно на её странице по ${formatClosingDay(contest.closesAt)} включительно, пока её не рассмотрел модератор.`
    : 'Исправить заявку можно на её странице, пока идёт приём заявок и её не рассмотрел модератор.'
}

/** The steps as a letter's lines: numbered, with the full address of each link. */
export function nextStepsText(steps: NextStep[], appUrl: string) {
  return steps.map((s, i) => `${i + 1}. ${s.text}${s.link ? `: ${appUrl}${s.link.path}` : ''}${s.after ?? ''}`)
}
