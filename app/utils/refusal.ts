/**
 * The one way a service says no: a kind (which becomes the HTTP status in refusal.server.ts, and
 * nowhere else), the Russian message people read, and the form field it belongs beside (null: the
 * form or the page as a whole). Services throw it; routes hand it to refusal.server.ts.
 */
export type RefusalKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'too_many' | 'unavailable'

/** What an address that leads nowhere answers, whatever the reason: a stranger learns nothing more. */
export const NO_SUCH_PAGE = 'Такой страницы нет. Возможно, ссылка устарела или в ней опечатка.'
/** An organiser's address naming no contest. */
export const NO_SUCH_CONTEST = 'Такого конкурса нет.'
/** A public address naming no contest, or a draft only organisers see. */
export const NO_PUBLIC_CONTEST = 'Такого конкурса нет или он ещё не объявлен.'
/** A post whose intent no form of the page sends. */
export const UNKNOWN_ACTION = 'Неизвестное действие'

export class Refusal extends Error {
  override readonly name = 'Refusal'
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly field: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** The refusal itself; anything else (a bug, a full disk) is thrown on, to become a 500. */
export function asRefusal(error: unknown): Refusal {
  if (error instanceof Refusal) return error
  throw error
}
