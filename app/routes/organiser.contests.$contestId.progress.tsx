import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ENTRY_STATUS_LABELS, ENTRY_STATUSES } from '../../db/schema/enums'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TableWrap } from '~/components/ui/table-wrap'
import { Pager } from '~/components/organiser/pager'
import { Field, FormErrors } from '~/components/ui/field'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { updateResultsSettings } from '~/modules/contests/results-settings.server'
import { entriesByStatus, stageProgress } from '~/modules/jury/progress.server'
import { listStages } from '~/modules/contests/stages.server'
import { ThresholdSchema } from '~/modules/contests/validation'
import { countOf, formatScore, NOUNS, quoted } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Ход оценки — Городские конкурсы' }]

/** Entries a page of each list shows: at the start of judging, every entry of the stage has too few scores. */
const LIST_PAGE_SIZE = 30

/** One page of a list, the page number read from `param` of the address. */
function pageOf<T>(items: T[], url: URL, param: string) {
  const pages = Math.max(1, Math.ceil(items.length / LIST_PAGE_SIZE))
  const asked = Number(url.searchParams.get(param))
  const page = Number.isInteger(asked) && asked > 0 ? Math.min(asked, pages) : 1
  return { items: items.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE), page, pages, total: items.length }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const stages = await listStages(contest.id)
  const url = new URL(request.url)
  const asked = Number(url.searchParams.get('stage'))
  const stage = stages.find((s) => s.id === asked) ?? stages.find((s) => s.status === 'judging') ?? stages[0]
  const progress = stage ? await stageProgress(contest, stage.id) : null
  return {
    contestId: contest.id,
    minScores: contest.minScoresPerEntry,
    threshold: contest.disagreementThreshold,
    byStatus: await entriesByStatus(contest.id),
    stages: stages.map((s) => ({ id: s.id, name: s.name })),
    progress: progress && {
      ...progress,
      stage: { id: progress.stage.id, name: progress.stage.name },
      tooFew: pageOf(progress.tooFew, url, 'few'),
      disagreements: pageOf(progress.disagreements, url, 'spread'),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const formData = await request.formData()
  const back = `/organiser/contests/${contest.id}/progress${formData.get('stageId') ? `?stage=${encodeURIComponent(String(formData.get('stageId')))}` : ''}`
  return submitForm(formData, 'threshold', ThresholdSchema, async (value) => {
    await updateResultsSettings(user.id, contest.id, value)
    return redirectWithToast(back, { message: 'Порог расхождения сохранён' })
  })
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

export default function ProgressPage() {
  const data = useLoaderData<typeof loader>()
  const [threshold, thresholdFields] = useKeyedForm('threshold', {
    schema: ThresholdSchema,
    defaultValue: { disagreementThreshold: String(data.threshold).replace('.', ',') },
  })
  const p = data.progress
  return (
    <>
      <section aria-labelledby="entries-title">
        <h2 id="entries-title">Заявки по номинациям</h2>
        <TableWrap label="Заявки по номинациям">
          <table className="org-numbers">
            <caption>Всего заявок: {data.byStatus.totals.total}</caption>
            <thead>
              <tr>
                <th scope="col">Номинация</th>
                {ENTRY_STATUSES.map((s) => (
                  <th scope="col" key={s}>
                    {ENTRY_STATUS_LABELS[s]}
                  </th>
                ))}
                <th scope="col">Всего</th>
              </tr>
            </thead>
            <tbody>
              {data.byStatus.lines.map((l) => (
                <tr key={l.id ?? 'none'}>
                  <th scope="row">{l.name}</th>
                  {ENTRY_STATUSES.map((s) => (
                    <td key={s}>{l.counts[s]}</td>
                  ))}
                  <td>{l.total}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Итого</th>
                {ENTRY_STATUSES.map((s) => (
                  <td key={s}>{data.byStatus.totals.counts[s]}</td>
                ))}
                <td>{data.byStatus.totals.total}</td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      </section>

      {data.stages.length > 1 ? (
        <nav aria-label="Этап" className="org-actions">
          {data.stages.map((s) => (
            <Link key={s.id} to={`?stage=${s.id}`} aria-current={p?.stage.id === s.id ? 'page' : undefined} className="button button--secondary">
              {s.name}
            </Link>
          ))}
        </nav>
      ) : null}

      {p ? (
        <>
          <section aria-labelledby="jurors-title">
            <h2 id="jurors-title">Работа жюри: {p.stage.name}</h2>
            <p>
              На этапе {countOf(p.entries, NOUNS.entry)} для оценки баллами
              {p.specialPrizeEntries ? ` и ${countOf(p.specialPrizeEntries, NOUNS.entry)} в номинациях со специальным призом` : ''}.
            </p>
            {p.jurors.length === 0 ? (
              <p className="muted">На этап ещё никто не назначен.</p>
            ) : (
              <TableWrap label="Работа членов жюри">
                <table className="org-numbers">
                  <caption>Сколько заявок оценил каждый член жюри</caption>
                  <thead>
                    <tr>
                      <th scope="col">Член жюри</th>
                      <th scope="col">Назначено</th>
                      <th scope="col">Оценено</th>
                      <th scope="col">Осталось</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.jurors.map((j) => (
                      <tr key={j.id}>
                        <th scope="row">
                          {j.name}
                          <progress className="org-progress" max={Math.max(1, j.assigned)} value={j.scored} aria-label={`${j.name}: оценено ${j.scored} из ${j.assigned}`} />
                        </th>
                        <td>{j.assigned}</td>
                        <td>{j.scored}</td>
                        <td>{j.remaining}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>

          <EntryList
            title={`Меньше ${countOf(data.minScores, ['оценки', 'оценок', 'оценок'])}`}
            empty="Все заявки этапа получили достаточно оценок."
            list={p.tooFew}
            stageId={p.stage.id}
            showTotals={false}
          />

          <section aria-labelledby="threshold-title" className="panel">
            <h2 id="threshold-title">Порог расхождения</h2>
            <Form method="post" className="org-inline-form" {...getFormProps(threshold)} key={data.threshold}>
              <input type="hidden" name="intent" value="threshold" />
              <input type="hidden" name="stageId" value={p.stage.id} />
              <FormErrors errors={threshold.errors} id={threshold.errorId} />
              <Field
                label="Заявка отмечается, когда итоги членов жюри расходятся больше чем на"
                hint="Итог члена жюри — сумма его баллов, умноженных на вес критерия."
                errors={thresholdFields.disagreementThreshold.errors}
                inputProps={{ ...getInputProps(thresholdFields.disagreementThreshold, { type: 'text' }), inputMode: 'decimal' }}
              />
              <button type="submit" className="button button--secondary">
                Сохранить порог
              </button>
            </Form>
          </section>

          <EntryList
            title="Члены жюри сильно расходятся"
            empty="Сильных расхождений нет."
            list={p.disagreements}
            stageId={p.stage.id}
            showTotals
          />
        </>
      ) : null}
    </>
  )
}

type ProgressList = NonNullable<PageData['progress']>['tooFew']
type ProgressEntry = ProgressList['items'][number]

function EntryList({ title, empty, list, stageId, showTotals }: { title: string; empty: string; list: ProgressList; stageId: number; showTotals: boolean }) {
  const id = showTotals ? 'spread-title' : 'few-title'
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {list.total ? `: ${list.total}` : ''}
      </h2>
      {list.total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="org-list">
          {list.items.map((e) => (
            <EntryItem key={e.id} entry={e} stageId={stageId} showTotals={showTotals} />
          ))}
        </ul>
      )}
      <Pager page={list.page} pages={list.pages} total={list.total} label={`Страницы списка ${quoted(title)}`} previous="← Предыдущие" next="Следующие →" param={showTotals ? 'spread' : 'few'} className="org-actions" />
    </section>
  )
}

function EntryItem({ entry: e, stageId, showTotals }: { entry: ProgressEntry; stageId: number; showTotals: boolean }) {
  return (
    <li className="card org-item">
      <p>
        <strong>{e.number}</strong> · {quoted(e.nomination)} · {countOf(e.scores, ['оценка', 'оценки', 'оценок'])}
        {showTotals && e.spread !== null ? ` · разброс ${formatScore(e.spread)}` : ''}
      </p>
      {showTotals ? (
        <p className="muted">
          Итоги: {e.totals.map((t) => `${t.juror} — ${formatScore(t.total)}`).join('; ')}
        </p>
      ) : null}
      <p>
        <Link to={`../extra-jurors?${new URLSearchParams({ stageId: String(stageId), entry: e.number })}`} relative="path">
          Попросить ещё одного члена жюри оценить {e.number}
        </Link>
      </p>
    </li>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
