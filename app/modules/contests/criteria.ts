type CriterionRow = { id: number; nominationId: number | null; position: number }

/**
 * The criteria a nomination is judged by. A nomination with criteria of its own is judged by them alone
 * (they replace the contest's general criteria, so each nomination has one fixed list, which the jury's
 * totals and the results need); every other nomination by the contest's criteria, in their order.
 * Scoring, progress, the organiser's summary and results all resolve criteria here, so they can never disagree.
 */
export function criteriaForNomination<T extends CriterionRow>(criteria: readonly T[], nominationId: number | null): T[] {
  const chosen = judgedByContestCriteria(criteria, nominationId)
    ? criteria.filter((c) => c.nominationId === null)
    : criteria.filter((c) => c.nominationId === nominationId)
  return [...chosen].sort((a, b) => a.position - b.position || a.id - b.id)
}

/** Whether the nomination is judged by the contest's general criteria: it has none of its own. */
export function judgedByContestCriteria(criteria: readonly Pick<CriterionRow, 'nominationId'>[], nominationId: number | null) {
  return nominationId === null || !criteria.some((c) => c.nominationId === nominationId)
}
