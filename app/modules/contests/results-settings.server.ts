/**
 * The contest's results settings: how places are computed (method, tie rule, K, the disagreement
 * threshold) and how many there are (places and laureates per nomination, each nomination's own number
 * of winners). Every form that changes one of them comes here, so that the refusal after publication
 * (lifecycle's resultsSettingsRefusal) and the audit record are the same whichever page it is on.
 */
import { eq } from 'drizzle-orm'
import { getDb, schema, transaction } from '../../../db/client.server'
import { changes, recordAudit } from '../audit/audit.server'
import { NO_SUCH_CONTEST, Refusal } from '../../utils/refusal'
import { quoted } from '../../utils/format'
import { resultsSettingsRefusal } from './lifecycle'
import { getOrganiserContest } from './organiser.server'
import { listNominations } from './nominations.server'
import type { ResultsSettings } from './validation'

const { contest, nomination } = schema

export type ResultsSettingsPatch = Partial<Omit<ResultsSettings, 'nominations'>> & { nominations?: ResultsSettings['nominations'] }

/** The results settings page's values: the contest's, and each nomination's own number of winners. */
export async function resultsSettingsOf(contestId: number) {
  const c = await getOrganiserContest(contestId)
  if (!c) throw new Refusal('not_found', NO_SUCH_CONTEST)
  return {
    refusal: resultsSettingsRefusal(c),
    resultMethod: c.resultMethod,
    tieRule: c.tieRule,
    placesPerNomination: c.placesPerNomination,
    laureatesPerNomination: c.laureatesPerNomination,
    minScoresPerEntry: c.minScoresPerEntry,
    disagreementThreshold: c.disagreementThreshold,
    /** Special prizes are awarded by the jury's decision: they have no number of winners to set. */
    nominations: (await listNominations(contestId)).filter((n) => !n.isSpecialPrize).map((n) => ({ id: n.id, name: n.name, winnersCount: n.winnersCount })),
  }
}

/**
 * Saves what the organiser changed: the contest's settings as one audit record, each nomination's
 * number of winners as a record of that nomination. Refused (conflict) while results stand published.
 * Returns whether anything changed.
 */
export async function updateResultsSettings(actorId: string, contestId: number, patch: ResultsSettingsPatch) {
  return await transaction(getDb(), async (tx) => {
    const current = await getOrganiserContest(contestId, tx)
    if (!current) throw new Refusal('invalid', NO_SUCH_CONTEST)
    const refusal = resultsSettingsRefusal(current)
    if (refusal) throw new Refusal('conflict', refusal)

    const { nominations: counts, ...settings } = patch
    const own = counts ? await listNominations(contestId, tx) : []
    const byId = new Map(own.map((n) => [n.id, n]))
    for (const row of counts ?? []) {
      const n = byId.get(row.id)
      if (!n) throw new Refusal('invalid', 'Такой номинации нет: обновите страницу.')
      if (n.isSpecialPrize) throw new Refusal('invalid', `Победителей номинации ${quoted(n.name)} определяет решение жюри: их число не задаётся.`)
    }

    const diff = changes(current as typeof current & Record<string, unknown>, settings)
    if (diff.changed) {
      await tx
        .update(contest)
        .set({ ...diff.after, updatedAt: new Date() })
        .where(eq(contest.id, contestId))
      await recordAudit(tx, { actorId, action: 'contest.results_settings', entityType: 'contest', entityId: contestId, contestId, before: diff.before, after: diff.after })
    }
    let changed = diff.changed
    for (const row of counts ?? []) {
      const n = byId.get(row.id)!
      const winnersCount = row.winnersCount ?? null
      if (n.winnersCount === winnersCount) continue
      await tx.update(nomination).set({ winnersCount }).where(eq(nomination.id, n.id))
      await recordAudit(tx, {
        actorId,
        action: 'nomination.winners',
        entityType: 'nomination',
        entityId: n.id,
        contestId,
        before: { nomination: n.name, winnersCount: n.winnersCount },
        after: { nomination: n.name, winnersCount },
      })
      changed = true
    }
    // The settings page keys its forms by the contest's revision: a change of winners alone is one too.
    if (changed && !diff.changed) await tx.update(contest).set({ updatedAt: new Date() }).where(eq(contest.id, contestId))
    return changed
  })
}
