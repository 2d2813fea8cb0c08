/**
 * Results engine: turns jurors' marks into scores, places and awards.
 *
 * Pure on purpose (no database, no Node APIs): the server computes the results it publishes with it, and
 * the organiser's browser can recompute them instantly while reviewing. Every output is plain JSON so a
 * publication can freeze it as a snapshot.
 *
 * Numbers: every number in the output is rounded half-up (half away from zero) to `settings.decimals`,
 * and ranking compares those rounded numbers, so two scores that print alike are tied.
 */
import { RESULT_SETTING_DEFAULTS, type ResultMethod, type TieRule } from '../../../db/schema/enums'

/** 'shared': equal scores share a place (1, 1, 3); 'earlier_first': the earlier submission ranks first, places are distinct. */
export type { ResultMethod, TieRule }

/** Entry, juror, criterion, district and nomination ids as the caller has them (numbers or strings). */
export type Id = string | number

export type Award = 'place' | 'laureate'

export interface Criterion {
  id: Id
  weight: number
  /** Marks must lie in 0..maxPoints; anything else is corrupt data and makes the engine throw. */
  maxPoints: number
}

/** One juror's marks for one entry: criterion id → points. */
export interface JurorMarks {
  jurorId: Id
  points: Readonly<Record<Id, number>>
}

export interface EntryInput {
  id: Id
  /** UTC milliseconds; breaks ties under 'earlier_first'. */
  submittedAt: number
  districtId: Id | null
  /**
   * One element per juror who scored the entry. A juror whose marks miss a criterion has not finished
   * the entry and is not counted (the scoring form saves all criteria at once, so this is a draft).
   */
  marks: readonly JurorMarks[]
}

export interface ResultSettings {
  method: ResultMethod
  /** K: an entry with fewer complete scores is not ranked (an entry with none never is, even with K = 0). */
  minScores: number
  tieRule: TieRule
  /** Places 1..placesCount get the award 'place'. */
  placesCount: number
  /** Ranked entries with places placesCount+1..placesCount+laureatesCount get 'laureate'. */
  laureatesCount: number
  /** Decimals of every output number; z-scores may deserve 3 to avoid spurious ties. */
  decimals: number
  /**
   * Trimmed mean only: when not null, each criterion's panel score and each panel × weight product are
   * rounded half-up to this many decimals before summing, as the ISU does (0.01). Null keeps full precision.
   */
  stepDecimals: number | null
  /** An entry whose jurors' totals spread more than this is flagged `disagreement`; null disables the flag. */
  disagreementThreshold: number | null
}

export const DEFAULT_RESULT_SETTINGS: ResultSettings = {
  method: RESULT_SETTING_DEFAULTS.resultMethod,
  minScores: RESULT_SETTING_DEFAULTS.minScoresPerEntry,
  tieRule: RESULT_SETTING_DEFAULTS.tieRule,
  placesCount: RESULT_SETTING_DEFAULTS.placesPerNomination,
  laureatesCount: RESULT_SETTING_DEFAULTS.laureatesPerNomination,
  decimals: 2,
  stepDecimals: 2,
  disagreementThreshold: null,
}

/** A trimmed mean drops one highest and one lowest mark only when at least this many marks remain to drop from. */
export const TRIM_MIN_MARKS = 3

export interface JurorTotal {
  jurorId: Id
  /** Σ points × weight over the criteria. */
  total: number
}

export interface CriterionScore {
  criterionId: Id
  /** The criterion's panel score (trimmed mean of the marks, step-rounded when configured). */
  score: number
}

export interface EntryResult {
  entryId: Id
  /** The method's score; null when nobody has scored the entry. Present (but unranked) when too few scored. */
  score: number | null
  /** Mean of the jurors' weighted totals, shown beside any method's score. */
  rawMean: number | null
  scoreCount: number
  /** In the order of the input marks. */
  jurorTotals: JurorTotal[]
  /** Highest minus lowest juror total; null when nobody scored. */
  spread: number | null
  /** Only for 'trimmed_mean', whose score is built from them; null for the other methods. */
  criterionScores: CriterionScore[] | null
  tooFewScores: boolean
  disagreement: boolean
  /** Null for unranked entries (too few scores). */
  place: number | null
  award: Award | null
}

export interface StageInput {
  /** On a district stage each district's commission ranks its own entries. */
  kind: 'district' | 'city'
  /**
   * In display order; the criteria already resolved for each nomination. `placesCount`, when given,
   * is the nomination's own number of places (its winners), instead of the settings' placesCount.
   */
  nominations: readonly { id: Id; criteria: readonly Criterion[]; placesCount?: number | null }[]
  /**
   * `category`: the age category the entry competes in; entries of different categories are ranked
   * apart, each category with its own places. Null or absent: no category (one ranking).
   */
  entries: readonly (EntryInput & { nominationId: Id; category?: Id | null })[]
  /** The categories in display order: a nomination's groups follow it (others after, as they appear). */
  categories?: readonly Id[]
}

/** The ranking of one nomination (and, on a district stage, one district; where there are age categories, one category). */
export interface GroupResults {
  nominationId: Id
  /** Always null on a city stage. */
  districtId: Id | null
  /** The age category ranked here; null without categories. */
  category: Id | null
  /** Ranked entries by place, then the unranked ones. */
  entries: EntryResult[]
}

/**
 * Rounds half away from zero: 2.675 → 2.68, −2.675 → −2.68.
 * The binary value of 2.675 is 2.67499999…, so the scaled value is first cut to 15 significant digits
 * (all a double holds reliably), which restores the decimal half that the user typed or computed.
 */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals
  const scaled = Number((Math.abs(value) * factor).toPrecision(15))
  const rounded = Math.floor(scaled + 0.5) / factor
  return value < 0 && rounded !== 0 ? -rounded : rounded
}

export interface Rankable {
  id: Id
  score: number
  submittedAt: number
}

/**
 * Orders by descending score and assigns places. Scores are compared exactly: round them first.
 * Under 'shared' equal scores share the place and the next place skips (1, 1, 3); within a tie, and under
 * 'earlier_first' between equal scores, the earlier submission comes first, then the smaller id.
 */
export function assignPlaces<T extends Rankable>(items: readonly T[], tieRule: TieRule): (T & { place: number })[] {
  const sorted = [...items].sort((a, b) => b.score - a.score || a.submittedAt - b.submittedAt || compareIds(a.id, b.id))
  const placed: (T & { place: number })[] = []
  sorted.forEach((item, index) => {
    const previous = placed[index - 1]
    const place = tieRule === 'shared' && previous && previous.score === item.score ? previous.place : index + 1
    placed.push({ ...item, place })
  })
  return placed
}

function compareIds(a: Id, b: Id): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b))
}

/** One juror's complete marks for an entry, aligned with the criteria. */
interface Scorer {
  jurorId: Id
  points: number[]
  total: number
}

function completeScorers(entry: EntryInput, criteria: readonly Criterion[]): Scorer[] {
  const scorers: Scorer[] = []
  for (const mark of entry.marks) {
    const points: number[] = []
    let total = 0
    for (const criterion of criteria) {
      const p = mark.points[criterion.id]
      if (p === undefined) break
      if (!Number.isFinite(p) || p < 0 || p > criterion.maxPoints) {
        throw new RangeError(
          `Entry ${entry.id}, juror ${mark.jurorId}, criterion ${criterion.id}: ${p} is outside 0..${criterion.maxPoints}`,
        )
      }
      points.push(p)
      total += p * criterion.weight
    }
    if (points.length === criteria.length) scorers.push({ jurorId: mark.jurorId, points, total })
  }
  return scorers
}

function mean(values: readonly number[]): number {
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** ISU-style panel scores: per criterion, one highest and one lowest mark dropped from TRIM_MIN_MARKS marks on. */
function trimmedCriterionScores(
  scorers: readonly Scorer[],
  criteria: readonly Criterion[],
  stepDecimals: number | null,
) {
  const step = (x: number) => (stepDecimals === null ? x : roundHalfUp(x, stepDecimals))
  let score = 0
  const criterionScores = criteria.map((criterion, c) => {
    let sum = 0
    let min = Infinity
    let max = -Infinity
    for (const scorer of scorers) {
      const p = scorer.points[c]
      sum += p
      if (p < min) min = p
      if (p > max) max = p
    }
    const n = scorers.length
    const panel = step(n >= TRIM_MIN_MARKS ? (sum - min - max) / (n - 2) : sum / n)
    score += step(panel * criterion.weight)
    return { criterionId: criterion.id, score: panel }
  })
  return { score, criterionScores }
}

/**
 * z-score of each juror's total against that juror's own totals over the group (population standard
 * deviation), so a strict juror and a generous one weigh alike. A juror whose totals are all equal gives z = 0.
 */
function jurorNormalisers(scorersByEntry: readonly Scorer[][]): Map<Id, (total: number) => number> {
  const totals = new Map<Id, number[]>()
  for (const scorers of scorersByEntry) {
    for (const s of scorers) {
      const list = totals.get(s.jurorId)
      if (list) list.push(s.total)
      else totals.set(s.jurorId, [s.total])
    }
  }
  const normalisers = new Map<Id, (total: number) => number>()
  for (const [jurorId, list] of totals) {
    const mu = mean(list)
    let squares = 0
    for (const t of list) squares += (t - mu) ** 2
    const sigma = Math.sqrt(squares / list.length)
    // Equal totals can leave a σ of float noise (0.1 + 0.1 + 0.1 ≠ 0.3), which would turn noise into z = ±1.
    const flat = sigma <= 1e-9 * Math.max(1, Math.abs(mu))
    normalisers.set(jurorId, flat ? () => 0 : (t) => (t - mu) / sigma)
  }
  return normalisers
}

/** Computes the ranking of one group of entries judged together (a nomination, or a district's nomination). */
export function computeNominationResults(
  entries: readonly EntryInput[],
  criteria: readonly Criterion[],
  options: Partial<ResultSettings> = {},
): EntryResult[] {
  const settings = { ...DEFAULT_RESULT_SETTINGS, ...options }
  const round = (x: number) => roundHalfUp(x, settings.decimals)
  const scorersByEntry = entries.map((entry) => completeScorers(entry, criteria))
  const normalisers = settings.method === 'zscore_mean' ? jurorNormalisers(scorersByEntry) : null
  const minScores = Math.max(1, settings.minScores)

  const results = entries.map((entry, i): EntryResult => {
    const scorers = scorersByEntry[i]
    const totals = scorers.map((s) => s.total)
    const scored = scorers.length > 0
    let score: number | null = null
    let criterionScores: CriterionScore[] | null = null
    if (scored) {
      if (settings.method === 'mean') score = mean(totals)
      else if (settings.method === 'median') score = median(totals)
      else if (settings.method === 'trimmed_mean') {
        const trimmed = trimmedCriterionScores(scorers, criteria, settings.stepDecimals)
        score = trimmed.score
        criterionScores = trimmed.criterionScores
      } else score = mean(scorers.map((s) => normalisers!.get(s.jurorId)!(s.total)))
    }
    const spread = scored ? round(Math.max(...totals) - Math.min(...totals)) : null
    return {
      entryId: entry.id,
      score: score === null ? null : round(score),
      rawMean: scored ? round(mean(totals)) : null,
      scoreCount: scorers.length,
      jurorTotals: scorers.map((s) => ({ jurorId: s.jurorId, total: round(s.total) })),
      spread,
      criterionScores,
      tooFewScores: scorers.length < minScores,
      disagreement:
        spread !== null && settings.disagreementThreshold !== null && spread > settings.disagreementThreshold,
      place: null,
      award: null,
    }
  })

  const candidates = results.map((result, i) => ({
    id: result.entryId,
    // Unscored entries go last; −∞ − −∞ is NaN, which the comparator treats as a tie (falls through to time).
    score: result.score ?? -Infinity,
    submittedAt: entries[i].submittedAt,
    result,
  }))
  const ranked = assignPlaces(
    candidates.filter((c) => !c.result.tooFewScores),
    settings.tieRule,
  ).map(({ place, result }) => ({ ...result, place, award: awardFor(place, settings) }))
  // Unranked entries keep the ranking's order (best provisional score first) but get no place.
  const unranked = assignPlaces(
    candidates.filter((c) => c.result.tooFewScores),
    'earlier_first',
  ).map((c) => c.result)
  return [...ranked, ...unranked]
}

/** By place number, so ties carry over: with 3 places, 1, 2, 3, 3 all get a place and the next laureate place is 5. */
function awardFor(place: number, settings: ResultSettings): Award | null {
  if (place <= settings.placesCount) return 'place'
  if (place <= settings.placesCount + settings.laureatesCount) return 'laureate'
  return null
}

/**
 * Computes a whole stage in one call: one ranking per nomination on a city stage, per nomination and
 * district on a district stage, and within those per age category when entries carry one. Each ranking
 * has the nomination's own number of places when it has one. Groups follow the nominations' order, then
 * the districts' first appearance, then the categories' order; a group exists only when it has entries.
 * Entries without a district form their own group (districtId null).
 */
export function computeStageResults(stage: StageInput, settings: Partial<ResultSettings> = {}): GroupResults[] {
  type Group = { districtId: Id | null; category: Id | null; entries: EntryInput[] }
  const groups = new Map<Id, Map<string, Group>>(stage.nominations.map((n) => [n.id, new Map()]))
  const districtOrder = new Map<Id | null, number>()
  const categoryOrder = new Map<Id | null, number>((stage.categories ?? []).map((c, i) => [c, i]))
  for (const entry of stage.entries) {
    const byGroup = groups.get(entry.nominationId)
    if (!byGroup) throw new Error(`Entry ${entry.id} belongs to nomination ${entry.nominationId}, which is not in the stage`)
    const districtId = stage.kind === 'district' ? entry.districtId : null
    const category = entry.category ?? null
    if (!districtOrder.has(districtId)) districtOrder.set(districtId, districtOrder.size)
    if (!categoryOrder.has(category)) categoryOrder.set(category, categoryOrder.size)
    const key = JSON.stringify([districtId, category])
    const group = byGroup.get(key)
    if (group) group.entries.push(entry)
    else byGroup.set(key, { districtId, category, entries: [entry] })
  }
  return stage.nominations.flatMap((nomination) => {
    const own = nomination.placesCount ?? undefined
    const options = own === undefined ? settings : { ...settings, placesCount: own }
    return [...groups.get(nomination.id)!.values()]
      .sort(
        (a, b) =>
          districtOrder.get(a.districtId)! - districtOrder.get(b.districtId)! || categoryOrder.get(a.category)! - categoryOrder.get(b.category)!,
      )
      .map((g) => ({
        nominationId: nomination.id,
        districtId: g.districtId,
        category: g.category,
        entries: computeNominationResults(g.entries, nomination.criteria, options),
      }))
  })
}

/**
 * The entries that advance from a district stage to the city stage: in every (district, nomination,
 * age category) group, the ranked entries whose place is at most `perGroup`. Entries tied at the cut-off under the
 * 'shared' rule all advance (places 1, 2, 3, 3 with N = 3 send four); under 'earlier_first' places are
 * distinct, so exactly N advance. Entries with too few scores have no place and never advance.
 */
export function selectAdvancing(groups: readonly GroupResults[], perGroup: number): Id[] {
  return groups.flatMap((group) =>
    group.entries.filter((e) => e.place !== null && e.place <= perGroup).map((e) => e.entryId),
  )
}
