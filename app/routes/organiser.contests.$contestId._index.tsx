import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CheckboxField, FormMessages, TextAreaField, TextField, useFormState, type FormState } from '~/components/organiser/form'
import { Stepper } from '~/components/organiser/stepper'
import { readCoverUpload, replaceCover } from '~/modules/photos/cover.server'
import { submitForm } from '~/modules/contests/forms.server'
import { closingDayInputValue, PUBLIC_STATUSES } from '~/modules/contests/lifecycle'
import { changeStatus, contestCounts, lifecycleView, requireOrganiserContest, updateContest } from '~/modules/contests/organiser.server'
import { ContestSettingsSchema, MAX_AGE_CATEGORIES, StatusSchema } from '~/modules/contests/validation'
import { CITY_UTC_OFFSET_HOURS, countOf, formatClosingDay, formatDateTime, toCityInputValue } from '~/utils/format'
import { renderMarkdown } from '~/utils/markdown.server'
import { asRefusal } from '~/utils/refusal'
import { refusalResult } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { CONTEST_STATUS_LABELS } from '../../db/schema/enums'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.contest.title ?? 'Конкурс'} — обзор — Городские конкурсы` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  const { steps, next, back } = lifecycleView(contest)
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
    steps,
    next,
    back,
    counts: contestCounts(contest.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId)
  const back = `/organiser/contests/${contest.id}`
  if (request.headers.get('content-type')?.startsWith('multipart/form-data')) {
    try {
      await replaceCover(user.id, contest.id, await readCoverUpload(request))
    } catch (error) {
      const { status, result } = refusalResult(asRefusal(error), 'cover')
      return data({ form: 'cover', result }, { status })
    }
    return redirectWithToast(back, { message: 'Обложка загружена' })
  }
  const formData = await request.formData()
  if (formData.get('intent') === 'status') {
    return submitForm(formData, 'status', StatusSchema, ({ to }) => {
      changeStatus(user.id, contest.id, to)
      return redirectWithToast(back, { message: `Конкурс переведён в состояние «${CONTEST_STATUS_LABELS[to]}»` })
    })
  }
  return submitForm(formData, 'settings', ContestSettingsSchema, (value) => {
    const changed = updateContest(user.id, contest.id, value)
    return redirectWithToast(back, { message: changed ? 'Настройки сохранены' : 'Изменений нет' })
  })
}

export default function ContestOverview() {
  const { contest, rulesHtml, steps, next, back, counts } = useLoaderData<typeof loader>()
  const status = useFormState('status')
  const settings = useFormState('settings')
  const cover = useFormState('cover')
  return (
    <>
      <section aria-labelledby="lifecycle-title" className="panel">
        <h2 id="lifecycle-title">Ход конкурса</h2>
        <Stepper steps={steps} />
        <FormMessages state={status} />
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
        {contest.status === 'review' ? (
          <p>
            Итоги публикуются в разделе <Link to={`/organiser/contests/${contest.id}/results`}>«Итоги»</Link>: публикация закрепляет их, и
            конкурс переходит в состояние «{CONTEST_STATUS_LABELS.published}».
          </p>
        ) : null}
        {back && back.blockers.length === 0 ? <StatusButton to={back.status} label={`Вернуть в состояние «${back.label}»`} /> : null}
        <p className="muted">
          {countOf(counts.nominations, ['номинация', 'номинации', 'номинаций'])}, {countOf(counts.criteria, ['критерий', 'критерия', 'критериев'])},{' '}
          {countOf(counts.jurors, ['член жюри', 'члена жюри', 'членов жюри'])}, {countOf(counts.entries, ['поданная заявка', 'поданные заявки', 'поданных заявок'])}.
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
        {contest.coverPhotoId ? (
          <img className="org-cover" src={`/resources/contest-covers/${contest.id}?size=gallery&v=${contest.coverPhotoId}`} alt="Обложка конкурса" />
        ) : (
          <p className="muted">Обложка не загружена.</p>
        )}
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <div className="field">
            <label htmlFor="cover">Фотография (JPEG, PNG, WebP или HEIC, до 25 МБ)</label>
            <input
              id="cover"
              name="cover"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
              aria-invalid={cover.errors('cover') ? true : undefined}
              aria-describedby={cover.errors('cover') ? 'cover-error' : undefined}
            />
            {cover.errors('cover') ? (
              <p id="cover-error" className="field__error">
                {cover.errors('cover')!.join(' ')}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button--secondary">
            Загрузить обложку
          </button>
        </Form>
      </section>

      <SettingsForm state={settings} contest={contest} rulesHtml={rulesHtml} />
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

function SettingsForm({ state, contest, rulesHtml }: { state: FormState; contest: Contest; rulesHtml: string }) {
  const names = state.values('ageName', contest.ageCategories.map((a) => a.name))
  const mins = state.values('ageMin', contest.ageCategories.map((a) => a.minAge))
  const maxes = state.values('ageMax', contest.ageCategories.map((a) => a.maxAge ?? ''))
  const rows = Math.min(MAX_AGE_CATEGORIES, Math.max(names.length + 1, 3))
  const ageErrors = state.errors('ageCategories')
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Настройки конкурса</h2>
      <Form method="post" className="stack org-settings" noValidate key={contest.revision}>
        <input type="hidden" name="intent" value="settings" />
        <FormMessages state={state} />
        <fieldset className="org-fieldset">
          <legend>Основное</legend>
          <TextField state={state} name="title" label="Название" saved={contest.title} maxLength={200} />
          <TextField state={state} name="shortName" label="Краткое название" saved={contest.shortName} maxLength={100} />
          <TextField state={state} name="slug" label="Адрес страницы" hint={`Страница конкурса: /contests/${contest.slug}`} saved={contest.slug} maxLength={80} autoCapitalize="none" />
          <TextField state={state} name="year" label="Год" saved={contest.year} inputMode="numeric" />
          <TextAreaField state={state} name="summary" label="Что такое заявка, в одну строку" saved={contest.summary} rows={2} maxLength={300} />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Сроки приёма заявок</legend>
          <p className="field__hint">Время кемеровское (UTC+{CITY_UTC_OFFSET_HOURS}). Сервер принимает заявки строго в эти сроки.</p>
          <TextField state={state} name="opensAt" type="datetime-local" label="Начало приёма" saved={contest.opensAt} hint={contest.opensAtText ? `Сейчас: ${contest.opensAtText}` : undefined} />
          <TextField
            state={state}
            name="closingDay"
            type="date"
            label="Последний день приёма"
            hint={contest.closingDayText ? `Сейчас: последний день приёма — ${contest.closingDayText}, заявки принимаются до 23:59` : 'Заявки принимаются до 23:59 этого дня'}
            saved={contest.closingDay}
          />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Заявка</legend>
          <TextField state={state} name="numberPrefix" label="Префикс номеров заявок" hint="Например, ТТР → ТТР-0412" saved={contest.numberPrefix} maxLength={6} />
          <TextField state={state} name="maxEntriesPerUser" label="Сколько заявок может подать один житель" saved={contest.maxEntriesPerUser} inputMode="numeric" />
          <div className="org-pair">
            <TextField state={state} name="minPhotos" label="Фотографий не меньше" saved={contest.minPhotos} inputMode="numeric" />
            <TextField state={state} name="maxPhotos" label="Фотографий не больше" saved={contest.maxPhotos} inputMode="numeric" />
          </div>
          <CheckboxField state={state} name="teamsAllowed" label="Можно подать заявку от коллектива (семьи, класса, ТОС)" saved={contest.teamsAllowed} />
          <TextField state={state} name="maxAuthors" label="Авторов в одной заявке не больше" hint="Без коллективных заявок автор один" saved={contest.maxAuthors} inputMode="numeric" />
          <fieldset className="org-fieldset org-ages" aria-describedby={ageErrors ? 'age-errors' : 'age-hint'}>
            <legend>Возрастные категории</legend>
            <p id="age-hint" className="field__hint">
              Пустые строки не сохраняются. Верхнюю границу можно не указывать.
            </p>
            {Array.from({ length: rows }, (_, i) => (
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
          <TextAreaField state={state} name="consentText" label="Текст согласия на обработку персональных данных" saved={contest.consentText} rows={5} maxLength={5000} />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Публикация</legend>
          <CheckboxField state={state} name="authorsPublic" label="Имена авторов публикуются после подведения итогов" saved={contest.authorsPublic} />
          <CheckboxField state={state} name="galleryOpenDuringContest" label="Галерея принятых заявок открыта во время конкурса" saved={contest.galleryOpenDuringContest} />
        </fieldset>

        <fieldset className="org-fieldset">
          <legend>Положение о конкурсе</legend>
          <TextAreaField
            state={state}
            name="rules"
            label="Текст положения"
            hint="Разметка Markdown: ## заголовок, **жирный**, списки через «-». Скрипты и стили вырезаются."
            saved={contest.rules}
            rows={12}
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
