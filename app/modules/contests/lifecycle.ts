import type { ContestStatus } from '../../../db/schema/contests'

export const STATUS_LABELS: Record<ContestStatus, string> = {
  draft: 'Черновик',
  announced: 'Объявлен',
  accepting: 'Приём заявок',
  judging: 'Работа жюри',
  review: 'Подведение итогов',
  published: 'Итоги подведены',
  archived: 'В архиве',
}

export type Phase = { status: ContestStatus; label: string; open: boolean; note: 'before' | 'open' | 'after' | null }

/**
 * What a contest is doing now. The status is set by the organiser; within «accepting»
 * the clock decides whether entries are taken: [opensAt, closesAt).
 */
export function contestPhase(
  contest: { status: ContestStatus; opensAt: Date | null; closesAt: Date | null },
  now: Date = new Date(),
): Phase {
  const label = STATUS_LABELS[contest.status]
  if (contest.status !== 'accepting') return { status: contest.status, label, open: false, note: null }
  if (contest.opensAt && now < contest.opensAt) return { status: contest.status, label: 'Скоро приём заявок', open: false, note: 'before' }
  if (contest.closesAt && now >= contest.closesAt) return { status: contest.status, label: 'Приём заявок завершён', open: false, note: 'after' }
  return { status: contest.status, label, open: true, note: 'open' }
}

/** Statuses a guest may see; drafts are the organisers' own. */
export const PUBLIC_STATUSES: ContestStatus[] = ['announced', 'accepting', 'judging', 'review', 'published', 'archived']
