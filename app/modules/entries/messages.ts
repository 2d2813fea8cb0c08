import type { EntryStatus } from '../../../db/schema/enums'
import type { Toast } from '../../utils/toast.server'
import { formatClosingDay } from '../../utils/format'

/**
 * What the entrant reads after saving: the number on submission, the deadline for a draft (a success),
 * and, as a warning of its own, a repeated photo.
 */
export function savedEntryToast(saved: { status: string; number: string | null; duplicates: string[] }, contest: { closesAt: Date | null }): [Toast, ...Toast[]] {
  const base =
    saved.status === 'draft'
      ? `Черновик сохранён. Не забудьте отправить заявку${contest.closesAt ? ` до конца дня ${formatClosingDay(contest.closesAt)}` : ''}.`
      : `Заявка ${saved.number} сохранена и отправлена на модерацию.`
  const done: Toast = { message: base, kind: 'success' }
  return saved.duplicates.length ? [done, { message: 'Внимание: такая же фотография уже есть в другой заявке этого конкурса.', kind: 'warning' }] : [done]
}

/** Where the entrant goes after saving: the receipt when this save submitted the entry, otherwise back to the entry's page. */
export function savedEntryUrl(saved: { entryId: number; status: string }, before: EntryStatus | null) {
  return saved.status === 'submitted' && before !== 'submitted' ? `/my/entries/${saved.entryId}/receipt` : `/my/entries/${saved.entryId}`
}
