import { ENTRY_STATUS_LABELS, type EntryStatus } from '../../../db/schema/enums'

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  return <span className={`badge entry-status entry-status--${status}`}>{ENTRY_STATUS_LABELS[status]}</span>
}
