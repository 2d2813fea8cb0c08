import type { Toast } from '../../utils/toast.server'
import { formatClosingDay } from '../../utils/format'

/** What the entrant reads after saving: the number on submission, the deadline for a draft, and a warning about a repeated photo. */
export function savedEntryToast(saved: { status: string; number: string | null; duplicates: string[] }, contest: { closesAt: Date | null }): Toast {
  const base =
    saved.status === 'draft'
      ? `Черновик сохранён. Не забудьте отправить заявку${contest.closesAt ? ` до конца дня ${formatClosingDay(contest.closesAt)}` : ''}.`
      : `Заявка ${saved.number} сохранена и отправлена на модерацию.`
  const warning = saved.duplicates.length ? ' Внимание: такая же фотография уже есть в другой заявке этого конкурса.' : ''
  return { message: base + warning }
}
