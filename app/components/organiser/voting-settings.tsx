import { getCollectionProps, getFormProps, getInputProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { CheckboxField, ChoiceGroup, Field, FormErrors } from '~/components/ui/field'
import { VOTING_PRIZE_NAME_MAX, VotingSettingsSchema } from '~/modules/contests/validation'
import { useKeyedForm } from '~/utils/forms'
import { CITY_UTC_OFFSET_HOURS } from '~/utils/format'

/** What the settings page's loader gives the form (votingSettingsOf). */
export type VotingSettingsView = {
  votingEnabled: boolean
  votingOpensAt: string
  votingClosesAt: string
  votingNominationIds: number[]
  votesPerVoter: number
  votingCountsLive: boolean
  votingPrizeName: string
  nominations: { id: number; name: string }[]
}

/** People's choice voting on the contest's settings page (docs/decisions/037): a form of its own. */
export function VotingSettingsForm({ settings, revision }: { settings: VotingSettingsView; revision: number }) {
  const [form, fields] = useKeyedForm('voting', {
    schema: VotingSettingsSchema,
    defaultValue: {
      votingEnabled: settings.votingEnabled,
      votingOpensAt: settings.votingOpensAt,
      votingClosesAt: settings.votingClosesAt,
      // A repeated field: conform takes the list of checked values.
      votingNominationIds: settings.votingNominationIds.map(String) as unknown as string,
      votesPerVoter: settings.votesPerVoter,
      votingCountsLive: settings.votingCountsLive,
      votingPrizeName: settings.votingPrizeName,
    },
  })
  const names = new Map(settings.nominations.map((n) => [String(n.id), n.name]))
  return (
    <section aria-labelledby="voting-settings-title">
      <h2 id="voting-settings-title">Зрительское голосование</h2>
      <Form method="post" className="stack org-settings" {...getFormProps(form)} key={revision}>
        <input type="hidden" name="intent" value="voting" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <fieldset className="org-fieldset">
          <legend>Голосование жителей</legend>
          <CheckboxField
            label="Жители голосуют за работы в галерее"
            hint="Голосовать могут вошедшие на сайт жители с подтверждённой почтой; за свою работу — нельзя."
            errors={fields.votingEnabled.errors}
            inputProps={getInputProps(fields.votingEnabled, { type: 'checkbox' })}
          />
          <p className="field__hint">Время кемеровское (UTC+{CITY_UTC_OFFSET_HOURS}). Сервер принимает голоса строго в эти сроки.</p>
          <div className="org-pair">
            <Field label="Начало голосования" errors={fields.votingOpensAt.errors} inputProps={getInputProps(fields.votingOpensAt, { type: 'datetime-local' })} />
            <Field label="Конец голосования" errors={fields.votingClosesAt.errors} inputProps={getInputProps(fields.votingClosesAt, { type: 'datetime-local' })} />
          </div>
          {settings.nominations.length ? (
            <ChoiceGroup
              label="Номинации, в которых голосуют"
              errors={fields.votingNominationIds.errors}
              choices={getCollectionProps(fields.votingNominationIds, { type: 'checkbox', options: settings.nominations.map((n) => String(n.id)) }).map((props) => ({
                ...props,
                label: names.get(props.value) ?? props.value,
              }))}
            />
          ) : (
            <p className="muted">Сначала добавьте номинации.</p>
          )}
          <Field
            label="Голосов у одного жителя в номинации"
            hint="По умолчанию — 1"
            errors={fields.votesPerVoter.errors}
            inputProps={{ ...getInputProps(fields.votesPerVoter, { type: 'text' }), inputMode: 'numeric' }}
          />
          <CheckboxField
            label="Показывать число голосов во время голосования"
            hint="Иначе число голосов видно всем только после окончания голосования. Жюри его не видит."
            errors={fields.votingCountsLive.errors}
            inputProps={getInputProps(fields.votingCountsLive, { type: 'checkbox' })}
          />
          <Field
            label="Название приза"
            errors={fields.votingPrizeName.errors}
            inputProps={{ ...getInputProps(fields.votingPrizeName, { type: 'text' }), maxLength: VOTING_PRIZE_NAME_MAX }}
          />
        </fieldset>
        <button type="submit" className="button">
          Сохранить настройки голосования
        </button>
      </Form>
    </section>
  )
}
