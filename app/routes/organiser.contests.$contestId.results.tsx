import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Pager } from '~/components/organiser/pager'
import { formatEntryNumber, parseEntryNumber } from '~/modules/contests/entry-number'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { GroupRanking, ReasonForm } from '~/components/results/ranking'
import { PeoplesChoiceSection } from '~/components/results/peoples-choice'
import { CheckboxField, FormErrors, TextareaField } from '~/components/ui/field'
import { publicBaseUrl } from '~/utils/public-url.server'
import { METHODS } from '~/modules/results/ranking'
import { RESULT_METHOD_LABELS } from '../../db/schema/enums'
import {
  advanceToNextStage,
  clearDecision,
  decide,
  getStageView,
  listPublications,
  stagePeoplesChoice,
  publishResults,
  withdrawResults,
} from '~/modules/results/results.server'
import { Method, PublishSchema, REASON_MAX, ResultsActionSchema } from '~/modules/results/validation'
import { requirePermission } from '~/utils/permissions.server'
import { countOf, formatDateTime, NOUNS, quoted } from '~/utils/format'
import { useFormReply, useKeyedForm, type FormReply } from '~/utils/forms'
import { parseForm } from '~/utils/forms.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply, refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('results')

export const meta: MetaFunction = () => [{ title: 'Итоги — Городские конкурсы' }]

function readQuery(request: Request) {
  const url = new URL(request.url)
  const stageId = Number(url.searchParams.get('stage')) || null
  const method = Method.safeParse(url.searchParams.get('method'))
  const page = Number(url.searchParams.get('page'))
  return {
    stageId,
    method: method.success ? method.data : null,
    page: Number.isInteger(page) && page > 0 ? Math.min(page, 10_000) : 1,
    entry: (url.searchParams.get('entry') ?? '').trim().slice(0, 40),
  }
}

/** Rows of the rankings a page shows: a contest of the city's size is read a page at a time. */
const RESULTS_PAGE_SIZE = 30

/**
 * The stage's rankings cut into pages of RESULTS_PAGE_SIZE rows in their order, a nomination running
 * on over the next page when it is long; for each ranking, the page it starts on.
 */
function paged<G extends { entries: unknown[] }>(groups: G[], page: number) {
  const starts: number[] = []
  let row = 0
  for (const g of groups) {
    starts.push(Math.floor(row / RESULTS_PAGE_SIZE) + 1)
    row += g.entries.length
  }
  const pages = Math.max(1, Math.ceil(row / RESULTS_PAGE_SIZE))
  const at = Math.min(page, pages)
  const from = (at - 1) * RESULTS_PAGE_SIZE
  const to = from + RESULTS_PAGE_SIZE
  const shown: (G & { firstRow: number; total: number })[] = []
  row = 0
  for (const g of groups) {
    const start = Math.max(from, row)
    const end = Math.min(to, row + g.entries.length)
    if (start < end || (g.entries.length === 0 && row >= from && row < to))
      shown.push({ ...g, entries: g.entries.slice(start - row, end - row), firstRow: start - row, total: g.entries.length })
    row += g.entries.length
  }
  return { page: at, pages, starts, shown }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'results.manage')
  const contestId = Number(params.contestId)
  const query = readQuery(request)
  const view = await getStageView(contestId, query)
  if (!view) refuse('not_found', 'У этого конкурса нет такого этапа.')
  const c = view.contest
  const rows = view.groups.flatMap((g) => g.entries)
  // «Найти заявку»: the page its row is on (its first row, when a special prize lists it twice).
  const seq = query.entry ? parseEntryNumber(query.entry, c.numberPrefix) : null
  const sought = seq === null ? -1 : rows.findIndex((e) => e.number === formatEntryNumber(c.numberPrefix, seq))
  const { page, pages, starts, shown } = paged(view.groups, sought >= 0 ? Math.floor(sought / RESULTS_PAGE_SIZE) + 1 : query.page)
  // An entry with a special prize is listed twice, in its nomination and in the prize's: counted once.
  const entries = rows.filter((e) => e.prizeFrom === null)
  // Special prizes are decided without scores: their entries are never short of them.
  const scored = view.groups.filter((g) => !g.isSpecialPrize).flatMap((g) => g.entries)
  return {
    contest: {
      id: c.id,
      status: c.status,
      resultMethod: c.resultMethod,
      minScores: c.minScoresPerEntry,
      threshold: c.disagreementThreshold,
    },
    stages: view.stages.map((s) => ({ id: s.id, name: s.name })),
    stage: { id: view.stage.id, name: view.stage.name, kind: view.stage.kind, advanceCount: view.stage.advanceCount },
    isFinal: view.isFinal,
    nextStage: view.nextStage ? { name: view.nextStage.name } : null,
    method: view.method,
    publication: view.publication,
    publishBlockers: view.publishBlockers,
    peoplesChoice: await stagePeoplesChoice(view),
    history: (await listPublications(c.id)).map((p) => ({
      id: p.id,
      method: p.method,
      publishedAt: p.publishedAt.toISOString(),
      publishedBy: p.publishedBy,
      withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
      withdrawReason: p.withdrawReason,
    })),
    summary: {
      entries: entries.length,
      unranked: scored.filter((e) => e.result.tooFewScores && !e.decision).length,
      disagreements: entries.filter((e) => e.result.disagreement).length,
      decisions: rows.filter((e) => e.decision).length,
    },
    page,
    pages,
    sought: query.entry ? { number: query.entry, entryId: sought >= 0 ? rows[sought].entryId : null } : null,
    index: view.groups.map((g, i) => ({
      key: `${g.nominationId}-${g.districtId ?? 0}-${g.ageCategory ?? ''}`,
      nominationName: g.nominationName,
      districtName: g.districtName,
      ageCategory: g.ageCategory,
      entries: g.entries.length,
      awarded: g.entries.filter((e) => e.outcome.award).length,
      warnings: g.entries.filter((e) => (e.result.tooFewScores && !e.decision && !g.isSpecialPrize) || e.result.disagreement).length,
      page: starts[i],
    })),
    groups: shown.map((g) => ({
      key: `${g.nominationId}-${g.districtId ?? 0}-${g.ageCategory ?? ''}`,
      firstRow: g.firstRow,
      total: g.total,
      nominationName: g.nominationName,
      isSpecialPrize: g.isSpecialPrize,
      districtName: g.districtName,
      ageCategory: g.ageCategory,
      placesCount: g.placesCount,
      criteria: g.criteria,
      jurors: g.jurors,
      entries: g.entries.map((e) => ({
        entryId: e.entryId,
        number: e.number,
        title: e.title,
        entrant: e.entrant,
        districtName: e.districtName,
        score: e.result.score,
        rawMean: e.result.rawMean,
        scoreCount: e.result.scoreCount,
        spread: e.result.spread,
        totals: Object.fromEntries(e.result.jurorTotals.map((t) => [t.jurorId, t.total])),
        tooFewScores: e.result.tooFewScores,
        disagreement: e.result.disagreement,
        computedPlace: e.result.place,
        marks: e.marks,
        comments: e.comments,
        decision: e.decision,
        outcome: e.outcome,
        proposals: e.proposals,
        specialPrize: e.specialPrize,
        prizeFrom: e.prizeFrom,
      })),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organiser = await requirePermission(request, 'results.manage')
  const contestId = Number(params.contestId)
  const formData = await request.formData()
  const formId = String(formData.get('formId') ?? '')
  const { submission, hideFields } = parseForm(formData, ResultsActionSchema)
  if (submission.status !== 'success') {
    return data({ form: formId, result: submission.reply({ hideFields }) } satisfies FormReply, { status: 400 })
  }
  const url = new URL(request.url)
  const back = url.pathname + url.search
  const value = submission.value
  try {
    switch (value.intent) {
      case 'decide':
        await decide(organiser.id, contestId, value.stageId, value.entryId, { ...value, replacePrize: value.replacePrize === 'on' })
        return redirectWithToast(back, { message: 'Решение записано' })
      case 'clear':
        await clearDecision(organiser.id, contestId, value.stageId, value.entryId)
        return redirectWithToast(back, { message: 'Заявке возвращён рассчитанный результат' })
      case 'publish': {
        const done = await publishResults(organiser.id, contestId, value.method, publicBaseUrl(request), value.reason, value.methodReason)
        return redirectWithToast(back, {
          message: `Итоги опубликованы: ${countOf(done.diplomas, ['диплом', 'диплома', 'дипломов'])}, ${countOf(done.mails, ['письмо', 'письма', 'писем'])} участникам`,
        })
      }
      case 'withdraw': {
        const { mails } = await withdrawResults(organiser.id, contestId, value.reason, publicBaseUrl(request))
        return redirectWithToast(back, { message: `Публикация итогов отозвана, ${countOf(mails, ['письмо', 'письма', 'писем'])} участникам` })
      }
      case 'advance': {
        const { added, total } = await advanceToNextStage(organiser.id, contestId, value.stageId)
        return redirectWithToast(back, {
          message: `В следующий этап проходят ${countOf(total, NOUNS.entry)}, из них новых — ${added}`,
        })
      }
    }
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error))
    return data({ form: formId, result } satisfies FormReply, { status })
  }
}

function statusOfPublication(p: { publishedAt: number; publishedBy: string; method: keyof typeof RESULT_METHOD_LABELS }) {
  return `Итоги опубликованы ${formatDateTime(p.publishedAt)}, опубликовал(а): ${p.publishedBy}. Способ подсчёта: ${RESULT_METHOD_LABELS[p.method].toLowerCase()}.`
}

export default function ResultsPage() {
  const d = useLoaderData<typeof loader>()
  const [publish, publishFields] = useKeyedForm('publish', { schema: PublishSchema })
  const advanceErrors = useFormReply('advance')?.error?.[''] ?? undefined
  const otherMethod = d.method !== d.contest.resultMethod
  return (
    <section aria-labelledby="results-title" className="results">
      <h2 id="results-title">Итоги: {d.stage.name.toLowerCase()}</h2>

      <Form method="get" className="results-controls">
        {d.stages.length > 1 ? (
          <div className="field">
            <label htmlFor="stage">Этап</label>
            <select id="stage" name="stage" defaultValue={d.stage.id}>
              {d.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="method">Способ подсчёта</label>
          <select id="method" name="method" defaultValue={d.method}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {RESULT_METHOD_LABELS[m]}
                {m === d.contest.resultMethod ? ' — по положению' : ''}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Пересчитать
        </button>
      </Form>
      {otherMethod ? (
        <p className="results-notice">
          Предварительный просмотр: места рассчитаны не тем способом, что указан в положении о конкурсе. Опубликовать их так можно, только указав причину: она
          попадёт в протокол и в журнал действий.
        </p>
      ) : null}

      <ul className="results-summary">
        <li>{countOf(d.summary.entries, NOUNS.entry)} в этапе</li>
        <li className={d.summary.unranked ? 'results-summary__warn' : undefined}>
          без места из-за недостатка оценок (нужно не меньше {d.contest.minScores}): {d.summary.unranked}
        </li>
        <li className={d.summary.disagreements ? 'results-summary__warn' : undefined}>
          с сильным расхождением оценок (разброс больше {d.contest.threshold}): {d.summary.disagreements}
        </li>
        <li>решений организатора: {d.summary.decisions}</li>
      </ul>

      {d.isFinal ? (
        <section className="panel" aria-labelledby="publication-title">
          <h3 id="publication-title">Публикация</h3>
          {d.publication ? (
            <>
              <p>{statusOfPublication(d.publication)}</p>
              <p className="muted">Опубликованные итоги и дипломы не меняются, даже если оценки исправят. Чтобы изменить итоги, отзовите публикацию.</p>
              <ReasonForm formId="withdraw" intent="withdraw" label="Причина отзыва" submit="Отозвать публикацию" />
            </>
          ) : (
            <Form method="post" className="stack" {...getFormProps(publish)}>
              <input type="hidden" name="formId" value="publish" />
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="method" value={d.method} />
              <p>
                Будут опубликованы места, рассчитанные способом «{RESULT_METHOD_LABELS[d.method].toLowerCase()}», с учётом решений организатора. Каждому автору
                будет выдан диплом с номером и QR-кодом, участникам уйдут письма.
              </p>
              {d.publishBlockers.length ? (
                <div className="results-notice">
                  <p>Итоги пока нельзя опубликовать:</p>
                  <ul>
                    {d.publishBlockers.map((b) => (
                      <li key={b}>{b}</li>
                    ))}
                  </ul>
                  <p>Завершите оценку и дождитесь оценок либо опубликуйте несмотря на это, объяснив почему: причина попадёт в журнал действий.</p>
                </div>
              ) : null}
              <CheckboxField
                label="Итоги проверены, решения записаны"
                errors={publishFields.confirm.errors}
                inputProps={getInputProps(publishFields.confirm, { type: 'checkbox' })}
              />
              {d.publishBlockers.length ? (
                <TextareaField
                  label="Причина публикации несмотря на это"
                  errors={publishFields.reason.errors}
                  textareaProps={{ ...getTextareaProps(publishFields.reason), required: true, maxLength: REASON_MAX }}
                />
              ) : null}
              {otherMethod ? (
                <TextareaField
                  label="Почему места считаются не тем способом, что указан в положении"
                  hint={`По положению: ${RESULT_METHOD_LABELS[d.contest.resultMethod].toLowerCase()}.`}
                  errors={publishFields.methodReason.errors}
                  textareaProps={{ ...getTextareaProps(publishFields.methodReason), required: true, maxLength: REASON_MAX }}
                />
              ) : null}
              <FormErrors errors={publish.errors} id={publish.errorId} />
              <p>
                <button type="submit" className="button">
                  {d.publishBlockers.length ? 'Опубликовать несмотря на это' : 'Опубликовать итоги'}
                </button>
              </p>
            </Form>
          )}
          {d.history.length ? (
            <details>
              <summary>История публикаций</summary>
              <ul>
                {d.history.map((p) => (
                  <li key={p.id}>
                    {formatDateTime(p.publishedAt)} — {p.publishedBy}, {RESULT_METHOD_LABELS[p.method].toLowerCase()}
                    {p.withdrawnAt ? `; отозвана ${formatDateTime(p.withdrawnAt)}: ${p.withdrawReason}` : '; действует'}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : d.nextStage ? (
        <section className="panel" aria-labelledby="advance-title">
          <h3 id="advance-title">Переход в {d.nextStage.name.toLowerCase()}</h3>
          <p>
            Из каждого района в каждой номинации проходят заявки с местами с 1 по {d.stage.advanceCount ?? 2}. Заявки, уже переданные раньше, останутся в
            следующем этапе.
          </p>
          <Form method="post">
            <input type="hidden" name="formId" value="advance" />
            <input type="hidden" name="intent" value="advance" />
            <input type="hidden" name="stageId" value={d.stage.id} />
            <FormErrors errors={advanceErrors} />
            <button type="submit" className="button">
              Передать лучших в {d.nextStage.name.toLowerCase()}
            </button>
          </Form>
        </section>
      ) : null}

      {d.index.length > 1 || d.pages > 1 ? <RankingIndex index={d.index} page={d.page} /> : null}
      {d.pages > 1 || d.sought ? (
        <Form method="get" className="results-controls" key={d.sought?.number ?? ''}>
          {d.stages.length > 1 ? <input type="hidden" name="stage" value={d.stage.id} /> : null}
          <input type="hidden" name="method" value={d.method} />
          <div className="field">
            <label htmlFor="results-entry">Найти заявку по номеру</label>
            <input id="results-entry" name="entry" type="search" defaultValue={d.sought?.number ?? ''} maxLength={40} />
          </div>
          <button type="submit" className="button button--secondary">
            Найти
          </button>
        </Form>
      ) : null}
      {d.sought ? (
        <p role="status">
          {d.sought.entryId === null ? (
            `Заявки ${d.sought.number} в этом этапе нет.`
          ) : (
            <>
              Заявка {d.sought.number} — на этой странице: <a href={`#entry-${d.sought.entryId}`}>её оценки и решение</a>.
            </>
          )}
        </p>
      ) : null}

      {d.groups.length === 0 ? <p>В этом этапе пока нет заявок.</p> : null}
      {d.groups.map((g) => (
        <GroupRanking key={g.key} group={g} stageId={d.stage.id} locked={Boolean(d.publication)} />
      ))}
      <Pager page={d.page} pages={d.pages} total={d.summary.entries} label="Страницы итогов" previous="← Предыдущие" next="Следующие →" className="results-pager" />
      {d.peoplesChoice ? (
        <>
          {d.publication ? null : <p className="muted">Зрительское голосование — по голосам на сейчас; при публикации итогов оно будет зафиксировано вместе с ними.</p>}
          <PeoplesChoiceSection choice={d.peoplesChoice} headingLevel={3} />
        </>
      ) : null}
    </section>
  )
}

/** Every ranking of the stage, with the page it starts on: the way to any nomination when the stage is read a page at a time. */
function RankingIndex({ index, page }: { index: PageData['index']; page: number }) {
  const [params] = useSearchParams()
  const at = (p: number, key: string) => {
    const next = new URLSearchParams(params)
    next.delete('entry')
    next.set('page', String(p))
    return p === page ? `#group-${key}` : `?${next}#group-${key}`
  }
  return (
    <nav aria-labelledby="results-index-title" className="results-index">
      <h3 id="results-index-title">Номинации этапа</h3>
      <ul>
        {index.map((g) => (
          <li key={g.key}>
            <Link to={at(g.page, g.key)}>
              {quoted(g.nominationName)}
              {g.districtName ? ` — ${g.districtName}` : ''}
              {g.ageCategory ? `, ${quoted(g.ageCategory)}` : ''}
            </Link>
            : {countOf(g.entries, NOUNS.entry)}, с наградой — {g.awarded}
            {g.warnings ? <span className="results-summary__warn">, требуют внимания — {g.warnings}</span> : null}
            {g.page !== page ? <span className="muted"> (страница {g.page})</span> : null}
          </li>
        ))}
      </ul>
    </nav>
  )
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
