/**
 * What the organiser's page of suspicious vote clusters shares with the server: the thresholds of
 * every flag (one place; the page states them), the annulment form and its messages. The clusters are
 * found by clusters.server.ts.
 */
import { z } from 'zod'

/** The thresholds of every flag, in one place (the page states them). */
export const CLUSTER_THRESHOLDS = {
  /** «Within a few minutes»: the window in which votes from one address, subnet or for one entry are counted together. */
  windowMinutes: 10,
  /** Votes from one IP address within the window. */
  sameAddressVotes: 5,
  /** Votes from one subnet (IPv4 /24, IPv6 /64) within the window, from more than one address. */
  sameSubnetVotes: 10,
  /** An account created this shortly before its vote counts as new. */
  newAccountMinutes: 60,
  /** Votes of new accounts for one entry. */
  newAccountVotes: 3,
  /** Votes for one entry within the window… */
  burstVotes: 10,
  /** …and this many times its usual rate (its votes per window over the whole vote so far). */
  burstFactor: 5,
  /** Votes without a proof of work (the form without JavaScript) for one entry. */
  noProofVotes: 5,
} as const

/** The organiser's page shows this many clusters a page, and of each this many votes a page: a crowd's 100,000 votes never render at once. */
export const CLUSTERS_PAGE_SIZE = 10
export const CLUSTER_VOTES_PAGE_SIZE = 50

/** A cluster's name on the page and in the form, the same while votes are added to it: its kind and its first vote. */
export const clusterId = (c: Pick<Cluster, 'kind' | 'votes'>) => `${c.kind}-${c.votes[0].id}`
export const CLUSTER_ID = /^[a-z_]{1,20}-\d{1,15}$/

export const CLUSTER_CHANGED = 'Этой группы голосов больше нет: голоса уже аннулированы или группа изменилась. Обновите страницу.'

export const ANNUL_REASON_MAX = 1000
const MAX_ANNUL = 10_000

export const AnnulSchema = z.object({
  voteIds: z.unknown().transform((value, ctx) => {
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value]
    const ids = list.map((v) => Number(v))
    if (!ids.length) ctx.addIssue({ code: 'custom', message: 'Отметьте хотя бы один голос' })
    else if (ids.length > MAX_ANNUL) ctx.addIssue({ code: 'custom', message: 'Слишком много голосов за один раз' })
    else if (ids.some((n) => !Number.isInteger(n) || n <= 0)) ctx.addIssue({ code: 'custom', message: 'Неверный выбор голосов' })
    else return [...new Set(ids)]
    return z.NEVER
  }),
  reason: z
    .string({ error: 'Укажите причину аннулирования' })
    .trim()
    .min(1, 'Укажите причину аннулирования')
    .max(ANNUL_REASON_MAX, { message: `Причина — не длиннее ${ANNUL_REASON_MAX} символов`, abort: true }),
})

export const ANNUL_AFTER_PUBLICATION =
  'Итоги конкурса опубликованы, и голоса в них учтены: аннулировать голоса после публикации нельзя. Чтобы это сделать, сначала отзовите публикацию в разделе «Итоги».'

export type ClusterKind = 'address' | 'subnet' | 'new_accounts' | 'burst' | 'no_proof'

export type ClusterVote = { id: number; number: string; voter: string; ip: string | null; withProof: boolean; at: Date; accountAgeMinutes: number }

export type Cluster = {
  kind: ClusterKind
  /** The address, the subnet or the entry's number. */
  key: string
  votes: ClusterVote[]
  from: Date
  to: Date
  entries: number
  voters: number
  addresses: number
  /** For a burst: the entry's usual votes per window. */
  usualPerWindow?: number
}
