import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ResultsSettingsForm } from '~/components/organiser/results-settings'
import { VotingSettingsForm } from '~/components/organiser/voting-settings'
import { updateVotingSettings, votingSettingsOf } from '~/modules/voting/voting.server'
import { Stepper } from '~/components/organiser/stepper'
import { CheckboxField, ChoiceGroup, Field, FormErrors, SelectField, TextareaField } from '~/components/ui/field'
import { COVER_FIELD, coverView, uploadCover } from '~/modules/photos/cover.server'
import { PhotoFailure, PhotoPlaceholder } from '~/components/photo-placeholder'
import { ACCEPTED_TYPES, acceptedFormats, MAX_UPLOAD_MB, photoUrl } from '~/modules/photos/view'
import { closingDayInputValue, PUBLIC_STATUSES } from '~/modules/contests/lifecycle'
import { changeStatus, contestCounts, lifecycleView, requireOrganiserContest, updateContest } from '~/modules/contests/organiser.server'
import { getStageView } from '~/modules/results/results.server'
import { participantWordsOf, wordsOf } from '~/modules/contests/statistics-words'
import { resultsSettingsOf, updateResultsSettings } from '~/modules/contests/results-settings.server'
import { ContestSettingsSchema, MAX_AGE_CATEGORIES, ResultsSettingsSchema, StatusSchema, TEXT_LIMITS, VotingSettingsSchema } from '~/modules/contests/validation'
import { CITY_UTC_OFFSET_HOURS, countOf, formatClosingDay, formatDateTime, NOUNS, quoted, toCityInputValue } from '~/utils/format'
import { useFormReply, useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { asRefusal } from '~/utils/refusal'
import { refusalResult } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { CONTEST_STATUS_LABELS, GENDER_LABELS, GENDERS, ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind } from '../../db/schema/enums'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.contest.title ?? 'Конкурс'} — обзор — Городские конкурсы` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  const { steps, next, back } = await lifecycleView(contest)
  return {
    contest: {
      ...contest,
      opensAt: toCityInputValue(contest.opensAt),
      closingDay: closingDayInputValue(contest.closesAt),
      opensAtText: contest.opensAt ? formatDateTime(contest.opensAt) : null,
      closingDayText: contest.closesAt ? formatClosingDay(contest.closesAt) : null,
      isPublic: PUBLIC_STATUSES.includes(contest.status),
      revision: contest.updatedAt?.getTime() ?? 0,
    },
    rulesHtml: renderMarkdown(contest.rules),
    // Publishing is done from the results section; the overview tells the same reasons it would refuse for.
    publishBlockers: contest.status === 'review' ? ((await getStageView(contest.id))?.publishBlockers ?? []) : [],
    steps,
    next,
    back,
    counts: await contestCounts(contest.id),
    resultsSettings: await resultsSettingsOf(contest.id),
    votingSettings: await votingSettingsOf(contest.id),
    cover: await coverView(contest.coverPhotoId),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId)
  const back = `/organiser/contests/${contest.id}`
  if (request.headers.get('content-type')?.startsWith('multipart/form-data')) {
    try {
      await uploadCover(request, user.id, contest.id)
    } catch (error) {
      const { status, result } = refusalResult(asRefusal(error), COVER_FIELD)
      return data({ form: 'cover', result }, { status })
    }
    return redirectWithToast(back, { message: 'Обложка загружена и обрабатывается' })
  }
  const formData = await request.formData()
  if (formData.get('intent') === 'status') {
    return submitForm(formData, 'status', StatusSchema, async ({ to }) => {
      await changeStatus(user.id, contest.id, to)
      return redirectWithToast(back, { message: `Конкурс переведён в состояние «${CONTEST_STATUS_LABELS[to]}»` })
    })
  }
  if (formData.get('intent') === 'results') {
    return submitForm(formData, 'results', ResultsSettingsSchema, async (value) => {
      const changed = await updateResultsSettings(user.id, contest.id, value)
      return redirectWithToast(`${back}#results-settings-title`, { message: changed ? 'Настройки подведения итогов сохранены' : 'Изменений нет' })
    })
  }
  if (formData.get('intent') === 'voting') {
    return submitForm(formData, 'voting', VotingSettingsSchema, async (value) => {
      const changed = await updateVotingSettings(user.id, contest.id, value)
      return redirectWithToast(`${back}#voting-settings-title`, { message: changed ? 'Настройки голосования сохранены' : 'Изменений нет' })
    })
  }
  return submitForm(formData, 'settings', ContestSettingsSchema, async (value) => {
    const changed = await updateContest(user.id, contest.id, value)
    return redirectWithToast(back, { message: changed ? 'Настройки сохранены' : 'Изменений нет' })
  })
}

export default function ContestOverview() {
  const { contest, rulesHtml, steps, next, back, counts, publishBlockers, resultsSettings, votingSettings, cover } = useLoaderData<typeof loader>()
  const status = useFormReply('status')
  const coverErrors = useFormReply('cover')?.error?.cover ?? undefined
  return (
    <>
      <section aria-labelledby="lifecycle-title" className="panel">
        <h2 id="lifecycle-title">Ход конкурса</h2>
        <Stepper steps={steps} />
        <FormErrors errors={status?.error?.[''] ?? undefined} />
        {next ? (
          next.blockers.length ? (
            <div className="org-blockers">
              <p>Перейти к шагу «{next.label}» пока нельзя:</p>
              <ul>
                {next.blockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </div>
          ) : (
            <StatusButton to={next.status} label={`Перейти к шагу «${next.label}»`} primary />
          )
        ) : null}
        {publishBlockers.length ? (
          <div className="org-blockers">
            <p>Опубликовать итоги пока нельзя:</p>
            <ul>
              {publishBlockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {contest.status === 'review' ? (
          <p>
            Итоги публикуются в разделе <Link to={`/organiser/contests/${contest.id}/results`}>«Итоги»</Link>: публикация закрепляет их, и
            конкурс переходит в состояние «{CONTEST_STATUS_LABELS.published}».
          </p>
        ) : null}
        {back && back.blockers.length === 0 ? <StatusButton to={back.status} label={`Вернуть в состояние «${back.label}»`} /> : null}
        <p className="muted">
          {countOf(counts.nominations, NOUNS.nomination)}, {countOf(counts.criteria, ['критерий', 'критерия', 'критериев'])},{' '}
          {countOf(counts.jurors, ['член жюри', 'члена жюри', 'членов жюри'])},{' '}
          {countOf(counts.entries, ['поданная заявка', 'поданные заявки', 'поданных заявок'])}.
          {contest.isPublic ? (
            <>
              {' '}
              <Link to={`/contests/${contest.slug}`}>Страница конкурса</Link>
            </>
          ) : null}
        </p>
      </section>

      <section aria-labelledby="cover-title" className="panel">
        <h2 id="cover-title">Обложка</h2>
        {cover?.status === 'ready' ? (
          <img className="org-cover" src={photoUrl(cover.id, 'gallery')} alt="Обложка конкурса" />
        ) : cover ? (
          <div className="org-cover-pending">
            <PhotoPlaceholder photo={cover} hint />
            <PhotoFailure photo={cover} />
          </div>
        ) : (
          <p className="muted">Обложка не загружена.</p>
        )}
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <Field
            label={`Фотография (${acceptedFormats('или')}, до ${MAX_UPLOAD_MB} МБ)`}
            errors={coverErrors}
            inputProps={{ id: 'cover', name: 'cover', type: 'file', accept: ACCEPTED_TYPES }}
          />
          <button type="submit" className="button button--secondary">
            Загрузить обложку
          </button>
        </Form>
      </section>

      <SettingsForm contest={contest} rulesHtml={rulesHtml} />

      <ResultsSettingsForm contestId={contest.id} settings={resultsSettings} revision={contest.revision} />

      <VotingSettingsForm settings={votingSettings} revision={contest.revision} />
    </>
  )
}

function StatusButton({ to, label, primary }: { to: string; label: string; primary?: boolean }) {
  return (
    <Form method="post" className="org-status-form">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="to" value={to} />
      <button type="submit" className={primary ? 'button' : 'button button--secondary'}>
        {label}
      </button>
    </Form>
  )
}

type Contest = ReturnType<typeof useLoaderData<typeof loader>>['contest']

/** Values of a repeated field (the age category rows): one string per row, empty ones as ''. */
function rows(value: unknown) {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (typeof v === 'string' ? v : ''))
}

function SettingsForm({ contest, rulesHtml }: { contest: Contest; rulesHtml: string }) {
  const words = wordsOf(contest.statisticsWords)
  const participant = participantWordsOf(contest.statisticsWords)
  const [form, fields] = useKeyedForm('settings', {
    schema: ContestSettingsSchema,
    defaultValue: {
      title: contest.title,
      shortName: contest.shortName,
      slug: contest.slug,
      year: contest.year,
      summary: contest.summary,
      opensAt: contest.opensAt,
      closingDay: contest.closingDay,
      numberPrefix: contest.numberPrefix,
      maxEntriesPerUser: contest.maxEntriesPerUser,
      minPhotos: contest.minPhotos,
      maxPhotos: contest.maxPhotos,
      teamsAllowed: contest.teamsAllowed,
      maxAuthors: contest.maxAuthors,
      consentText: contest.consentText,
      authorsPublic: contest.authorsPublic,
      galleryOpenDuringContest: contest.galleryOpenDuringContest,
      requireDistrict: contest.requireDistrict,
      requireAddress: contest.requireAddress,
      organisationKinds: contest.organisationKinds,
      organisationEntrant: contest.organisationEntrant,
      entryOne: words.entryForms[0],
      entryFew: words.entryForms[1],
      entryMany: words.entryForms[2],
      entryGender: words.entryGender,
      entryAccusative: words.entryAccusative ?? '',
      verbHe: words.entryVerb[0],
      verbShe: words.entryVerb[1],
      verbIt: words.entryVerb[2],
      verbThey: words.entryVerb[3],
      winnersOf: words.winnersOf,
      contestIn: words.contestIn ?? '',
      sumsBy: words.sumsBy ?? '',
      participantOne: participant.forms[0],
      participantFew: participant.forms[1],
      participantMany: participant.forms[2],
      participantGender: participant.gender,
      rules: contest.rules,
    },
  })
  // The rows are plain repeated inputs, not conform fields: after a refusal they show what was typed.
  const typed = useFormReply('settings')?.initialValue
  const names = typed ? rows(typed.ageName) : contest.ageCategories.map((a) => a.name)
  const mins = typed ? rows(typed.ageMin) : contest.ageCategories.map((a) => String(a.minAge))
  const maxes = typed ? rows(typed.ageMax) : contest.ageCategories.map((a) => (a.maxAge == null ? '' : String(a.maxAge)))
  const ageRows = Math.min(MAX_AGE_CATEGORIES, Math.max(names.length + 1, 3))
  const ageErrors = form.allErrors.ageCategories
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Настройки конкурса</h2>
      <Form method="post" className="stack org-settings" {...getFormProps(form)} key={contest.revision}>
        <input type="hidden" name="intent" value="settings" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <fieldset className="org-fieldset">
          <legend>Основное</legend>
          <Field
            label="Название"
            errors={fields.title.errors}
            inputProps={{
              ...getInputProps(fields.title, { type: 'text' }),
              maxLength: TEXT_LIMITS.title,
            }}
          />
          <Field
            label="Краткое название"
            errors={fields.shortName.errors}
            inputProps={{
              ...getInputProps(fields.shortName, { type: 'text' }),
              maxLength: TEXT_LIMITS.shortName,
            }}
          />
          <Field
            label="Адрес страницы"
            hint={`Страница конкурса: /contests/${contest.slug}`}
            errors={fields.slug.errors}
            inputProps={{
              ...getInputProps(fields.slug, { type: 'text' }),
              maxLength: TEXT_LIMITS.slug,
              autoCapitalize: 'none',
            }}
          />
          <Field
            label="Год"
            errors={fields.year.errors}
            inputProps={{
              ...getInputProps(fields.year, { type: 'text' }),
              inputMode: 'numeric',
            }}
          />
          <TextareaField
            label="Что такое заявка, в одну строку"
            errors={fields.summary.errors}
            textareaProps={{
              ...getTextareaProps(fields.summary),
              rows: 2,
              maxLength: TEXT_LIMITS.summary,
            }}
          />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Сроки приёма заявок</legend>
          <p className="field__hint">Время кемеровское (UTC+{CITY_UTC_OFFSET_HOURS}). Сервер принимает заявки строго в эти сроки.</p>
          <Field
            label="Начало приёма"
            hint={contest.opensAtText ? `Сейчас: ${contest.opensAtText}` : undefined}
            errors={fields.opensAt.errors}
            inputProps={getInputProps(fields.opensAt, {
              type: 'datetime-local',
            })}
          />
          <Field
            label="Последний день приёма"
            hint={
              contest.closingDayText
                ? `Сейчас: последний день приёма — ${contest.closingDayText}, заявки принимаются до 23:59`
                : 'Заявки принимаются до 23:59 этого дня'
            }
            errors={fields.closingDay.errors}
            inputProps={getInputProps(fields.closingDay, { type: 'date' })}
          />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Заявка</legend>
          <Field
            label="Префикс номеров заявок"
            hint="Например, ТТР → ТТР-0412"
            errors={fields.numberPrefix.errors}
            inputProps={{
              ...getInputProps(fields.numberPrefix, { type: 'text' }),
              maxLength: TEXT_LIMITS.numberPrefix,
            }}
          />
          <Field
            label="Сколько заявок может подать один житель"
            errors={fields.maxEntriesPerUser.errors}
            inputProps={{
              ...getInputProps(fields.maxEntriesPerUser, { type: 'text' }),
              inputMode: 'numeric',
            }}
          />
          <div className="org-pair">
            <Field
              label="Фотографий не меньше"
              errors={fields.minPhotos.errors}
              inputProps={{
                ...getInputProps(fields.minPhotos, { type: 'text' }),
                inputMode: 'numeric',
              }}
            />
            <Field
              label="Фотографий не больше"
              errors={fields.maxPhotos.errors}
              inputProps={{
                ...getInputProps(fields.maxPhotos, { type: 'text' }),
                inputMode: 'numeric',
              }}
            />
          </div>
          <CheckboxField
            label="Можно подать заявку от коллектива (семьи, класса, ТОС)"
            errors={fields.teamsAllowed.errors}
            inputProps={getInputProps(fields.teamsAllowed, {
              type: 'checkbox',
            })}
          />
          <Field
            label="Авторов в одной заявке не больше"
            hint="Без коллективных заявок автор один"
            errors={fields.maxAuthors.errors}
            inputProps={{
              ...getInputProps(fields.maxAuthors, { type: 'text' }),
              inputMode: 'numeric',
            }}
          />
          <CheckboxField
            label="В заявке обязателен район"
            hint="Если у конкурса есть районный этап, район обязателен всегда: работы оценивают районные комиссии."
            errors={fields.requireDistrict.errors}
            inputProps={getInputProps(fields.requireDistrict, { type: 'checkbox' })}
          />
          <CheckboxField
            label="В заявке обязателен адрес"
            hint="Для дворов, домов и подъездов: жюри и организатор должны знать, где работа."
            errors={fields.requireAddress.errors}
            inputProps={getInputProps(fields.requireAddress, { type: 'checkbox' })}
          />
          <ChoiceGroup
            label="Заявку можно подать от организации"
            hint="Какие организации предлагаются в заявке. Если не отмечено ничего, заявку подают только от себя."
            errors={fields.organisationKinds.errors}
            choices={getCollectionProps(fields.organisationKinds, { type: 'checkbox', options: [...ORGANISATION_KINDS] }).map((props) => ({
              ...props,
              label: ORGANISATION_KIND_LABELS[props.value as OrganisationKind],
            }))}
          />
          <CheckboxField
            label="Участник — организация"
            hint="Как в конкурсе «Лучший комитет ТОС»: заявку подают от имени комитета или организации (её председатель или оператор ЦРН), в итогах она названа участником, и диплом выдаётся ей."
            errors={fields.organisationEntrant.errors}
            inputProps={getInputProps(fields.organisationEntrant, { type: 'checkbox' })}
          />
          <fieldset className="org-fieldset org-ages" aria-describedby={ageErrors ? 'age-errors' : 'age-hint'}>
            <legend>Возрастные категории</legend>
            <p id="age-hint" className="field__hint">
              Пустые строки не сохраняются. Верхнюю границу можно не указывать.
            </p>
            {Array.from({ length: ageRows }, (_, i) => (
              <div className="org-age-row" key={i}>
                <div className="field">
                  <label htmlFor={`ageName-${i}`}>Категория {i + 1}</label>
                  <input id={`ageName-${i}`} name="ageName" defaultValue={names[i] ?? ''} maxLength={60} />
                </div>
                <div className="field">
                  <label htmlFor={`ageMin-${i}`}>
                    от<span className="sr-only"> (категория {i + 1})</span>, лет
                  </label>
                  <input id={`ageMin-${i}`} name="ageMin" defaultValue={mins[i] ?? ''} inputMode="numeric" />
                </div>
                <div className="field">
                  <label htmlFor={`ageMax-${i}`}>
                    до<span className="sr-only"> (категория {i + 1})</span>, лет
                  </label>
                  <input id={`ageMax-${i}`} name="ageMax" defaultValue={maxes[i] ?? ''} inputMode="numeric" />
                </div>
              </div>
            ))}
            {ageErrors ? (
              <ul id="age-errors" className="field__error">
                {ageErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </fieldset>
          <TextareaField
            label="Текст согласия на обработку персональных данных"
            errors={fields.consentText.errors}
            textareaProps={{
              ...getTextareaProps(fields.consentText),
              rows: 5,
              maxLength: TEXT_LIMITS.consentText,
            }}
          />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Публикация</legend>
          <CheckboxField
            label="Имена авторов публикуются после подведения итогов"
            errors={fields.authorsPublic.errors}
            inputProps={getInputProps(fields.authorsPublic, {
              type: 'checkbox',
            })}
          />
          <CheckboxField
            label="Галерея принятых заявок открыта во время конкурса"
            errors={fields.galleryOpenDuringContest.errors}
            inputProps={getInputProps(fields.galleryOpenDuringContest, {
              type: 'checkbox',
            })}
          />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Статистика словами отчёта</legend>
          <p className="field__hint">
            Из этих слов складываются предложения страницы статистики, например: «В конкурсе приняли участие 1125 жителей, которые изготовили
            412 скворечников. Победителями городского этапа стали 95 скворечников.»
          </p>
          <NounFields
            fields={{ one: fields.entryOne, few: fields.entryFew, many: fields.entryMany, gender: fields.entryGender }}
            labels={['Заявка называется: один (1, 21…)', 'два (2, 3, 4…)', 'пять (5, 11, 618…)']}
            hints={['Например, скворечник, заявка, фотография', 'скворечника', 'скворечников']}
            genderLabel="Род этого слова"
          />
          <Field
            label="Винительный падеж, если отличается: «подал 1 …»"
            hint="Например, заявку, фотографию; для «скворечник» оставьте пустым"
            errors={fields.entryAccusative.errors}
            inputProps={{ ...getInputProps(fields.entryAccusative, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
          <NounFields
            fields={{ one: fields.participantOne, few: fields.participantFew, many: fields.participantMany, gender: fields.participantGender }}
            labels={['Участник называется: один (1, 21…)', 'участника: 2, 3, 4…', 'участников: 5, 11, 1125…']}
            hints={['Например, житель, человек, семья', 'жителя, человека', 'жителей, человек']}
            genderLabel="Род слова участника"
          />
          <Field
            label="Что сделали участники: он"
            hint="изготовил"
            errors={fields.verbHe.errors}
            inputProps={{ ...getInputProps(fields.verbHe, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
          <Field
            label="она"
            hint="изготовила"
            errors={fields.verbShe.errors}
            inputProps={{ ...getInputProps(fields.verbShe, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
          <Field
            label="оно"
            hint="изготовило"
            errors={fields.verbIt.errors}
            inputProps={{ ...getInputProps(fields.verbIt, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
          <Field
            label="они"
            hint="изготовили"
            errors={fields.verbThey.errors}
            inputProps={{ ...getInputProps(fields.verbThey, { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
          />
          <Field
            label="Победителями …"
            hint="Родительный падеж: городского этапа, конкурса"
            errors={fields.winnersOf.errors}
            inputProps={{ ...getInputProps(fields.winnersOf, { type: 'text' }), maxLength: TEXT_LIMITS.statisticsPhrase }}
          />
          <Field
            label={`Начать с заявок: «На участие в … ${quoted(contest.shortName)} было подано …»`}
            hint="Предложный падеж, например: традиционном городском смотре-конкурсе. Пусто — начать с участников."
            errors={fields.contestIn.errors}
            inputProps={{ ...getInputProps(fields.contestIn, { type: 'text' }), maxLength: TEXT_LIMITS.statisticsPhrase }}
          />
          <Field
            label="Чьими силами сделано то, что считают поля заявки"
            hint="Например: Только в этом году усилиями неравнодушных кемеровчан. Пусто — «Усилиями участников»."
            errors={fields.sumsBy.errors}
            inputProps={{ ...getInputProps(fields.sumsBy, { type: 'text' }), maxLength: TEXT_LIMITS.statisticsPhrase }}
          />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Положение о конкурсе</legend>
          <TextareaField
            label="Текст положения"
            hint="Разметка Markdown: ## заголовок, **жирный**, списки через «-». Скрипты и стили вырезаются."
            errors={fields.rules.errors}
            textareaProps={{ ...getTextareaProps(fields.rules), rows: 12 }}
          />
          <details className="org-preview">
            <summary>Как положение выглядит на странице конкурса</summary>
            <div className="prose org-preview__body" dangerouslySetInnerHTML={{ __html: rulesHtml }} />
          </details>
        </fieldset>

        <button type="submit" className="button">
          Сохранить настройки
        </button>
      </Form>
    </section>
  )
}

/** A noun's three plural forms (1, 2, 5) and its gender, as the statistics' sentences need them: the entry's and the participant's. */
function NounFields({
  fields,
  labels,
  hints,
  genderLabel,
}: {
  fields: { one: FieldMetadata<string>; few: FieldMetadata<string>; many: FieldMetadata<string>; gender: FieldMetadata<string> }
  labels: [string, string, string]
  hints: [string, string, string]
  genderLabel: string
}) {
  return (
    <>
      {(['one', 'few', 'many'] as const).map((form, i) => (
        <Field
          key={form}
          label={labels[i]}
          hint={hints[i]}
          errors={fields[form].errors}
          inputProps={{ ...getInputProps(fields[form], { type: 'text' }), maxLength: TEXT_LIMITS.unitForm }}
        />
      ))}
      <SelectField label={genderLabel} errors={fields.gender.errors} selectProps={getSelectProps(fields.gender)}>
        {GENDERS.map((g) => (
          <option key={g} value={g}>
            {GENDER_LABELS[g]}
          </option>
        ))}
      </SelectField>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
