import { getCollectionProps, getFormProps, getInputProps } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { ChoiceGroup, Field, FormErrors } from '~/components/ui/field'
import { ResultsSettingsSchema } from '~/modules/contests/validation'
import { useKeyedForm } from '~/utils/forms'
import { countOf, formatNumber, quoted } from '~/utils/format'
import { RESULT_METHOD_LABELS, RESULT_METHODS, RESULT_SETTING_DEFAULTS, TIE_RULE_LABELS, TIE_RULES } from '../../../db/schema/enums'

/** What the settings page's loader gives the form (resultsSettingsOf). */
export type ResultsSettingsView = {
  refusal: string | null
  resultMethod: (typeof RESULT_METHODS)[number]
  tieRule: (typeof TIE_RULES)[number]
  placesPerNomination: number
  laureatesPerNomination: number
  minScoresPerEntry: number
  disagreementThreshold: number
  nominations: { id: number; name: string; winnersCount: number | null }[]
}

const DEFAULT = '(по умолчанию)'
const D = RESULT_SETTING_DEFAULTS

/** A decimal as the organiser types it back: «7,5». */
const decimalInput = (n: number) => String(n).replace('.', ',')

/**
 * The results settings of the contest's settings page: how places are computed and how many there are,
 * each nomination's own number of winners beside it. Once the results are published the form is shown
 * read-only with the reason (the server refuses a change then anyway).
 */
export function ResultsSettingsForm({ contestId, settings, revision }: { contestId: number; settings: ResultsSettingsView; revision: number }) {
  const [form, fields] = useKeyedForm('results', {
    schema: ResultsSettingsSchema,
    defaultValue: {
      resultMethod: settings.resultMethod,
      tieRule: settings.tieRule,
      placesPerNomination: settings.placesPerNomination,
      laureatesPerNomination: settings.laureatesPerNomination,
      minScoresPerEntry: settings.minScoresPerEntry,
      disagreementThreshold: decimalInput(settings.disagreementThreshold),
      nominations: settings.nominations.map((n) => ({ id: n.id, winnersCount: n.winnersCount ?? undefined })),
    },
  })
  const names = new Map(settings.nominations.map((n) => [String(n.id), n.name]))
  const radios = <T extends string>(field: Parameters<typeof getCollectionProps>[0], options: readonly T[], labels: Record<T, string>, fallback: T) =>
    getCollectionProps(field, { type: 'radio', options: [...options] }).map((props) => ({
      ...props,
      label: `${labels[props.value as T]}${props.value === fallback ? ` ${DEFAULT}` : ''}`,
    }))
  const locked = settings.refusal !== null
  return (
    <section aria-labelledby="results-settings-title">
      <h2 id="results-settings-title">Подведение итогов</h2>
      <p>
        Как жюри распределяет места: эти настройки читают страница <Link to={`/organiser/contests/${contestId}/results`}>«Итоги»</Link>, публикация,
        протокол и дипломы.
      </p>
      {settings.refusal ? <p className="org-note">{settings.refusal}</p> : null}
      <Form method="post" className="stack org-settings" {...getFormProps(form)} key={revision}>
        <input type="hidden" name="intent" value="results" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <fieldset className="org-fieldset" disabled={locked}>
          <legend>Подсчёт мест</legend>
          <ChoiceGroup
            label="Способ подсчёта"
            hint="Тот, что указан в положении о конкурсе. Опубликовать места, рассчитанные другим способом, можно будет только с письменной причиной."
            errors={fields.resultMethod.errors}
            choices={radios(fields.resultMethod, RESULT_METHODS, RESULT_METHOD_LABELS, D.resultMethod)}
          />
          <ChoiceGroup
            label="Если у заявок равные баллы"
            errors={fields.tieRule.errors}
            choices={radios(fields.tieRule, TIE_RULES, TIE_RULE_LABELS, D.tieRule)}
          />
          <div className="org-pair">
            <Field
              label="Оценок на заявку не меньше (K)"
              hint={`Заявка с меньшим числом оценок не получает места, а публикация итогов потребует причины. По умолчанию — ${D.minScoresPerEntry}.`}
              errors={fields.minScoresPerEntry.errors}
              inputProps={{ ...getInputProps(fields.minScoresPerEntry, { type: 'text' }), inputMode: 'numeric' }}
            />
            <Field
              label="Порог расхождения оценок"
              hint={`Заявка отмечается «расхождение», если суммы баллов членов жюри за неё различаются больше чем на это число. По умолчанию — ${formatNumber(D.disagreementThreshold)}.`}
              errors={fields.disagreementThreshold.errors}
              inputProps={{ ...getInputProps(fields.disagreementThreshold, { type: 'text' }), inputMode: 'decimal' }}
            />
          </div>
        </fieldset>

        <fieldset className="org-fieldset" disabled={locked}>
          <legend>Число мест</legend>
          <div className="org-pair">
            <Field
              label="Призовых мест в номинации"
              hint={`Столько заявок в номинации получают места (I, II, III…). По умолчанию — ${D.placesPerNomination}.`}
              errors={fields.placesPerNomination.errors}
              inputProps={{ ...getInputProps(fields.placesPerNomination, { type: 'text' }), inputMode: 'numeric' }}
            />
            <Field
              label="Лауреатов в номинации"
              hint={`Лауреатами становятся заявки сразу после призовых мест. По умолчанию — ${D.laureatesPerNomination}, без лауреатов.`}
              errors={fields.laureatesPerNomination.errors}
              inputProps={{ ...getInputProps(fields.laureatesPerNomination, { type: 'text' }), inputMode: 'numeric' }}
            />
          </div>
          {settings.nominations.length ? (
            <fieldset className="org-fieldset org-ages">
              <legend>Победителей в номинации</legend>
              <p className="field__hint">
                Если в номинации больше или меньше победителей, чем призовых мест в конкурсе, укажите их число: столько лучших заявок получат места. Пустое поле —
                как в конкурсе ({countOf(settings.placesPerNomination, ['место', 'места', 'мест'])}). Где есть возрастные категории, это число мест в каждой из них.
                Специальные призы присуждаются решением жюри.
              </p>
              {fields.nominations.getFieldList().map((item) => {
                const row = item.getFieldset()
                return (
                  <div key={item.key}>
                    <input {...getInputProps(row.id, { type: 'hidden' })} />
                    <Field
                      label={`Номинация ${quoted(names.get(String(row.id.initialValue)) ?? '')}`}
                      errors={row.winnersCount.errors ?? row.id.errors ?? item.errors}
                      inputProps={{ ...getInputProps(row.winnersCount, { type: 'text' }), inputMode: 'numeric' }}
                    />
                  </div>
                )
              })}
            </fieldset>
          ) : null}
        </fieldset>

        {locked ? null : (
          <button type="submit" className="button">
            Сохранить настройки подведения итогов
          </button>
        )}
      </Form>
    </section>
  )
}
