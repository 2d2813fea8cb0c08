import { ENTRY_STATUS_LABELS, type EntryStatus } from '../../../db/schema/enums'

/** Which of the base badge variants shows each status: the colours themselves live in app.css. */
const VARIANT: Record<EntryStatus, string> = {
  draft: 'badge',
  submitted: 'badge badge--warn',
  accepted: 'badge badge--ok',
  rejected: 'badge badge--danger',
  withdrawn: 'badge badge--muted',
  disqualified: 'badge badge--danger',
}

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  return <span className={VARIANT[status]}>{ENTRY_STATUS_LABELS[status]}</span>
}
