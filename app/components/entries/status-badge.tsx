import type { EntryStatus } from '../../../db/schema/entries'
import { ENTRY_STATUS_LABELS } from '~/modules/entries/validation'

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  return <span className={`badge entry-status entry-status--${status}`}>{ENTRY_STATUS_LABELS[status]}</span>
}
