import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { CheckboxField, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { outcomeLabel, roman, type FinalAward } from '~/modules/results/ranking'
import { DecideSchema, REASON_MAX, WithdrawSchema } from '~/modules/results/validation'
import { formatDateTime, formatNumber, formatScore, quoted } from '~/utils/format'
import { useFormReply, useKeyedForm } from '~/utils/forms'

type Juror = { id: string; name: string }
type Criterion = { id: number; name: string; maxPoints: number; weight: number }
type Outcome = { place: number | null; award: FinalAward | null; overridden: boolean }

type RankedEntry = {
  entryId: number
  number: string
  title: string
  /** The committee or organisation that is the entrant (contests/entrant.ts); null where people are. */
  entrant: string | null
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
  /** The special prize the entry holds in another nomination, by that nomination's name. */
  specialPrize: string | null
  /** On a special prize's row: the nomination the entry competes in. */
  prizeFrom: string | null
}

type RankedGroup = {
  key: string
  nominationName: string
  isSpecialPrize: boolean
  districtName: string | null
  ageCategory: string | null
  /** The places of this ranking: the nomination's own number of winners, or the contest's places. */
  placesCount: number
  criteria: Criterion[]
  jurors: Juror[]
  entries: RankedEntry[]
  /** When the ranking runs over several pages: the place of the page's first row in it (from 0), and its length. */
  firstRow?: number
  total?: number
}


/** «Петров Сергей Николаевич» → «Петров С. Н.»: juror columns stay narrow on a phone. */
function shortName(full: string) {
  const [last, ...rest] = full.trim().split(/\s+/)
  return [last, ...rest.map((p) => `${p[0]}.`)].join(' ')
}

/** A form with one reason field: withdrawing a publication. */
export function ReasonForm({ formId, intent, label, submit }: { formId: string; intent: string; label: string; submit: string }) {
  const [form, fields] = useKeyedForm(formId, { schema: WithdrawSchema })
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="intent" value={intent} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextareaField
        label={label}
        errors={fields.reason.errors}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 3, maxLength: REASON_MAX, required: true }}
      />
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

export function GroupRanking({ group, stageId, locked }: { group: RankedGroup; stageId: number; locked: boolean }) {
  const titleId = `group-${group.key}`
  return (
    <section aria-labelledby={titleId} className="results-group">
      <h3 id={titleId}>
        Номинация {quoted(group.nominationName)}
        {group.districtName ? ` — ${group.districtName}` : ''}
        {group.ageCategory ? `, возрастная категория ${quoted(group.ageCategory)}` : ''}
      </h3>
      {group.total !== undefined && group.total > group.entries.length ? (
        <p className="muted">
          Строки {(group.firstRow ?? 0) + 1}–{(group.firstRow ?? 0) + group.entries.length} из {group.total}
        </p>
      ) : null}
      {group.isSpecialPrize ? null : (
        <p className="muted">
          Призовых мест: {group.placesCount}
          {group.ageCategory ? ' (в каждой возрастной категории — свои места)' : ''}.
        </p>
      )}
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
                    {e.entrant ? <span className="block">{e.entrant}</span> : null}
                  </th>
                  {group.jurors.map((j) => (
                    <td key={j.id}>{formatScore(e.totals[j.id])}</td>
                  ))}
                  <td>
                    <strong>{formatScore(e.score)}</strong>
                  </td>
                  <td>{formatScore(e.rawMean)}</td>
                  <td>{e.scoreCount}</td>
                  <td>{formatScore(e.spread)}</td>
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
        <EntryDetails key={e.entryId} entry={e} group={group} stageId={stageId} locked={locked} places={group.placesCount} />
      ))}
    </section>
  )
}

function EntryDetails({ entry, group, stageId, locked, places }: { entry: RankedEntry; group: RankedGroup; stageId: number; locked: boolean; places: number }) {
  const refused = Boolean(useFormReply(`decide-${entry.entryId}`))
  const scorers = group.jurors.filter((j) => entry.marks[j.id])
  const jurorName = new Map(group.jurors.map((j) => [j.id, j.name]))
  return (
    <details id={`entry-${entry.entryId}`} className="entry-details" open={refused ? true : undefined}>
      <summary>
        {entry.number} {quoted(entry.title)}: оценки и решение
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
                      до {c.maxPoints}, вес {formatNumber(c.weight)}
                    </span>
                  </th>
                  {scorers.map((j) => (
                    <td key={j.id}>{formatScore(entry.marks[j.id][c.id])}</td>
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
      {entry.specialPrize ? (
        <p className="results-notice">
          Специальный приз в номинации {quoted(entry.specialPrize)}: заявка указана и там.
        </p>
      ) : null}
      {entry.prizeFrom ? (
        <p>
          Заявка участвует в номинации {quoted(entry.prizeFrom)} и указана там со своим местом. Отменить приз можно на странице{' '}
          <Link to="../special" relative="path">
            «Специальные призы»
          </Link>
          .
        </p>
      ) : locked ? null : (
        <DecisionForm entry={entry} stageId={stageId} places={places} specialGroup={group.isSpecialPrize} />
      )}
    </details>
  )
}

function DecisionForm({ entry, stageId, places, specialGroup }: { entry: RankedEntry; stageId: number; places: number; specialGroup: boolean }) {
  const formId = `decide-${entry.entryId}`
  const [form, fields] = useKeyedForm(formId, {
    schema: DecideSchema,
    defaultValue: {
      kind: entry.outcome.award === 'place' ? 'place' : entry.outcome.award ?? 'place',
      place: String(entry.outcome.place && entry.outcome.place <= places ? entry.outcome.place : 1),
    },
  })
  return (
    <>
      <Form method="post" className="decision-form" {...getFormProps(form)}>
        <input type="hidden" name="formId" value={formId} />
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="stageId" value={stageId} />
        <input type="hidden" name="entryId" value={entry.entryId} />
        <FormErrors errors={form.errors ?? fields.entryId.errors} id={form.errorId} />
        <SelectField label={`Решение по заявке ${entry.number}`} errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}>
          <option value="place">Место</option>
          <option value="laureate">Лауреат</option>
          {specialGroup ? <option value="special_prize">Специальный приз жюри</option> : null}
          <option value="none">Без награды</option>
        </SelectField>
        <SelectField label="Место (для решения «Место»)" errors={fields.place.errors} selectProps={getSelectProps(fields.place)}>
          {Array.from({ length: places }, (_, i) => (
            <option key={i} value={i + 1}>
              {roman(i + 1)} место
            </option>
          ))}
        </SelectField>
        <TextareaField
          label="Причина решения"
          errors={fields.reason.errors}
          textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, maxLength: REASON_MAX, required: true }}
        />
        {entry.specialPrize ? (
          <CheckboxField
            label={`Заменить специальный приз в номинации ${quoted(entry.specialPrize)}`}
            hint="У заявки одно решение на этапе: записанное решение отменит приз."
            errors={fields.replacePrize.errors}
            inputProps={getInputProps(fields.replacePrize, { type: 'checkbox' })}
          />
        ) : null}
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
