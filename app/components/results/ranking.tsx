import type { SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { outcomeLabel, roman, type FinalAward } from '~/modules/results/ranking'
import { formatDateTime } from '~/utils/format'

/** What the results action answers to a refused form: which form, and conform's errors per field. */
export type ActionReply = { formId: string; result: SubmissionResult<string[]> }
type Errors = ActionReply['result'] | undefined

type Juror = { id: string; name: string }
type Criterion = { id: number; name: string; maxPoints: number; weight: number }
type Outcome = { place: number | null; award: FinalAward | null; overridden: boolean }

type RankedEntry = {
  entryId: number
  number: string
  title: string
  districtName: string | null
  score: number | null
  rawMean: number | null
  scoreCount: number
  spread: number | null
  totals: Record<string, number>
  tooFewScores: boolean
  disagreement: boolean
  computedPlace: number | null
  marks: Record<string, Record<number, number>>
  comments: { jurorId: string; text: string }[]
  decision: { award: FinalAward | null; place: number | null; reason: string; decidedBy: string; at: number } | null
  outcome: Outcome
  proposals: number
}

type RankedGroup = {
  key: string
  nominationName: string
  isSpecialPrize: boolean
  districtName: string | null
  criteria: Criterion[]
  jurors: Juror[]
  entries: RankedEntry[]
}

const number = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('ru-RU', { maximumFractionDigits: 3 }))

/** «Петров Сергей Николаевич» → «Петров С. Н.»: juror columns stay narrow on a phone. */
function shortName(full: string) {
  const [last, ...rest] = full.trim().split(/\s+/)
  return [last, ...rest.map((p) => `${p[0]}.`)].join(' ')
}

function errorText(errors: Errors, field: string) {
  return errors?.error?.[field]?.join(' ')
}

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="field__error">
      {text}
    </p>
  ) : null
}

/** A form with one reason field: withdrawing a publication. */
export function ReasonForm({ formId, intent, label, submit, errors }: { formId: string; intent: string; label: string; submit: string; errors: Errors }) {
  const error = errorText(errors, 'reason')
  const formError = errorText(errors, '')
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="intent" value={intent} />
      {formError ? (
        <p role="alert" className="form-errors">
          {formError}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${formId}-reason`}>{label}</label>
        <textarea
          id={`${formId}-reason`}
          name="reason"
          rows={3}
          maxLength={1000}
          required
          defaultValue={(errors?.initialValue?.reason as string | undefined) ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${formId}-reason-error` : undefined}
        />
        <FieldError id={`${formId}-reason-error`} text={error} />
      </div>
      <p>
        <button type="submit" className="button button--danger">
          {submit}
        </button>
      </p>
    </Form>
  )
}

function OutcomeCell({ entry }: { entry: RankedEntry }) {
  const label = outcomeLabel(entry.outcome)
  return (
    <>
      {entry.outcome.place === null ? '—' : roman(entry.outcome.place)}
      {label && entry.outcome.award !== 'place' ? <span className="block">{label}</span> : null}
      {entry.outcome.overridden ? (
        <span className="block results-flag">
          решение{entry.computedPlace !== entry.outcome.place ? `, расчёт: ${entry.computedPlace === null ? 'без места' : entry.computedPlace}` : ''}
        </span>
      ) : null}
    </>
  )
}

function Flags({ entry, specialPrize }: { entry: RankedEntry; specialPrize: boolean }) {
  const flags = [
    entry.tooFewScores && !entry.decision && !specialPrize ? 'мало оценок' : null,
    entry.disagreement ? 'расхождение' : null,
    entry.proposals ? `предложений на спецприз: ${entry.proposals}` : null,
  ].filter(Boolean)
  return flags.length ? (
    <ul className="results-flags">
      {flags.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  ) : null
}

export function GroupRanking({
  group,
  stageId,
  locked,
  places,
  errorsOf,
}: {
  group: RankedGroup
  stageId: number
  locked: boolean
  places: number
  errorsOf: (formId: string) => Errors
}) {
  const titleId = `group-${group.key}`
  return (
    <section aria-labelledby={titleId} className="results-group">
      <h3 id={titleId}>
        Номинация «{group.nominationName}»{group.districtName ? ` — ${group.districtName}` : ''}
      </h3>
      {group.isSpecialPrize ? (
        <p className="muted">Специальный приз присуждается решением жюри, без баллов: отметьте победителя решением «Специальный приз».</p>
      ) : null}
      {group.entries.length ? (
        <div className="table-wrap">
          <table className="ranking">
            <caption>Места, взвешенные суммы баллов каждого члена жюри и итог</caption>
            <thead>
              <tr>
                <th scope="col">Место</th>
                <th scope="col">Заявка</th>
                {group.jurors.map((j) => (
                  <th scope="col" key={j.id}>
                    <abbr title={j.name}>{shortName(j.name)}</abbr>
                  </th>
                ))}
                <th scope="col">Итог</th>
                <th scope="col">Среднее</th>
                <th scope="col">Оценок</th>
                <th scope="col">Разброс</th>
                <th scope="col">Отметки</th>
              </tr>
            </thead>
            <tbody>
              {group.entries.map((e) => (
                <tr key={e.entryId} className={e.outcome.award ? 'ranking__awarded' : undefined}>
                  <td>
                    <OutcomeCell entry={e} />
                  </td>
                  <th scope="row">
                    <a href={`#entry-${e.entryId}`}>{e.number}</a> <span className="block">{e.title}</span>
                  </th>
                  {group.jurors.map((j) => (
                    <td key={j.id}>{number(e.totals[j.id])}</td>
                  ))}
                  <td>
                    <strong>{number(e.score)}</strong>
                  </td>
                  <td>{number(e.rawMean)}</td>
                  <td>{e.scoreCount}</td>
                  <td>{number(e.spread)}</td>
                  <td>
                    <Flags entry={e} specialPrize={group.isSpecialPrize} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Заявок нет.</p>
      )}
      {group.entries.map((e) => (
        <EntryDetails key={e.entryId} entry={e} group={group} stageId={stageId} locked={locked} places={places} errors={errorsOf(`decide-${e.entryId}`)} />
      ))}
    </section>
  )
}

function EntryDetails({
  entry,
  group,
  stageId,
  locked,
  places,
  errors,
}: {
  entry: RankedEntry
  group: RankedGroup
  stageId: number
  locked: boolean
  places: number
  errors: Errors
}) {
  const scorers = group.jurors.filter((j) => entry.marks[j.id])
  const jurorName = new Map(group.jurors.map((j) => [j.id, j.name]))
  return (
    <details id={`entry-${entry.entryId}`} className="entry-details" open={errors ? true : undefined}>
      <summary>
        {entry.number} «{entry.title}»: оценки и решение
      </summary>
      {scorers.length ? (
        <div className="table-wrap">
          <table>
            <caption>Оценки по критериям</caption>
            <thead>
              <tr>
                <th scope="col">Критерий</th>
                {scorers.map((j) => (
                  <th scope="col" key={j.id}>
                    <abbr title={j.name}>{shortName(j.name)}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {group.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    <span className="block muted">
                      до {c.maxPoints}, вес {c.weight.toLocaleString('ru-RU')}
                    </span>
                  </th>
                  {scorers.map((j) => (
                    <td key={j.id}>{number(entry.marks[j.id][c.id])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Оценок пока нет.</p>
      )}
      {entry.comments.length ? (
        <ul className="results-comments">
          {entry.comments.map((c) => (
            <li key={c.jurorId}>
              <strong>{jurorName.get(c.jurorId) ?? 'Член жюри'}:</strong> {c.text}
            </li>
          ))}
        </ul>
      ) : null}
      {entry.decision ? (
        <p className="results-notice">
          Решение организатора: {outcomeLabel(entry.outcome) ?? 'без награды'}. Причина: {entry.decision.reason} ({entry.decision.decidedBy},{' '}
          {formatDateTime(entry.decision.at)})
        </p>
      ) : null}
      {locked ? null : <DecisionForm entry={entry} stageId={stageId} places={places} errors={errors} />}
    </details>
  )
}

function DecisionForm({ entry, stageId, places, errors }: { entry: RankedEntry; stageId: number; places: number; errors: Errors }) {
  const formId = `decide-${entry.entryId}`
  const id = (name: string) => `${formId}-${name}`
  const initial = (errors?.initialValue ?? {}) as Record<string, string | undefined>
  const reasonError = errorText(errors, 'reason')
  const placeError = errorText(errors, 'place')
  const kindError = errorText(errors, 'kind')
  const formError = errorText(errors, '') ?? errorText(errors, 'entryId')
  return (
    <>
      <Form method="post" className="decision-form" noValidate>
        <input type="hidden" name="formId" value={formId} />
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="stageId" value={stageId} />
        <input type="hidden" name="entryId" value={entry.entryId} />
        {formError ? (
          <p role="alert" className="form-errors">
            {formError}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={id('kind')}>Решение по заявке {entry.number}</label>
          <select
            id={id('kind')}
            name="kind"
            defaultValue={initial.kind ?? (entry.outcome.award === 'place' ? 'place' : (entry.outcome.award ?? 'place'))}
            aria-invalid={kindError ? true : undefined}
            aria-describedby={kindError ? id('kind-error') : undefined}
          >
            <option value="place">Место</option>
            <option value="laureate">Лауреат</option>
            <option value="special_prize">Специальный приз жюри</option>
            <option value="none">Без награды</option>
          </select>
          <FieldError id={id('kind-error')} text={kindError} />
        </div>
        <div className="field">
          <label htmlFor={id('place')}>Место (для решения «Место»)</label>
          <select
            id={id('place')}
            name="place"
            defaultValue={initial.place ?? String(entry.outcome.place && entry.outcome.place <= places ? entry.outcome.place : 1)}
            aria-invalid={placeError ? true : undefined}
            aria-describedby={placeError ? id('place-error') : undefined}
          >
            {Array.from({ length: places }, (_, i) => (
              <option key={i} value={i + 1}>
                {roman(i + 1)} место
              </option>
            ))}
          </select>
          <FieldError id={id('place-error')} text={placeError} />
        </div>
        <div className="field">
          <label htmlFor={id('reason')}>Причина решения</label>
          <textarea
            id={id('reason')}
            name="reason"
            rows={2}
            maxLength={1000}
            required
            defaultValue={initial.reason ?? ''}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? id('reason-error') : undefined}
          />
          <FieldError id={id('reason-error')} text={reasonError} />
        </div>
        <p>
          <button type="submit" className="button button--secondary">
            Записать решение
          </button>
        </p>
      </Form>
      {entry.decision ? (
        <Form method="post">
          <input type="hidden" name="formId" value={`clear-${entry.entryId}`} />
          <input type="hidden" name="intent" value="clear" />
          <input type="hidden" name="stageId" value={stageId} />
          <input type="hidden" name="entryId" value={entry.entryId} />
          <button type="submit" className="link-button">
            Вернуть рассчитанный результат
          </button>
        </Form>
      ) : null}
    </>
  )
}
