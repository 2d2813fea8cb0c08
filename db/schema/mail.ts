import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant } from './columns'
import { contest } from './contests'
import { MAIL_STATUSES } from './enums'

/** Every outgoing message goes here first; a sender delivers it when SMTP is configured. */
export const outboxMessage = sqliteTable(
  'outbox_message',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contestId: integer('contest_id').references(() => contest.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    /**
     * What `text` becomes once the message is sent, when it carries a one-time link or code: the same
     * letter with those taken out, so that the outbox does not keep a working secret at rest.
     */
    redactedText: text('redacted_text'),
    /** Unused: the HTML part is made from the text at delivery (app/modules/mail/letter.ts), so no one-time link rests in it. */
    html: text('html'),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [index('outbox_status_idx').on(t.status), index('outbox_contest_idx').on(t.contestId)],
)
