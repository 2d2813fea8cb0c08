import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type DefaultValue, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react'
import type { z } from 'zod'
import { CheckboxField, ChoiceGroup, Field, SelectField, TextareaField } from '~/components/ui/field'
import { ErrorSummary } from '~/components/ui/error-summary'
import type { FormContext } from '~/modules/entries/entries.server'
import { ADULT_AGE, chosenFiles, customFieldName, entrySchema, LIMITS, PHOTO_FIELD, plannedPhotoCount, readPhotoPlan, SUBMISSION_KEY_FIELD, type FormFieldSpec } from '~/modules/entries/validation'
import { EMAIL_MAX } from '~/modules/accounts/validation'
import { useHydrated } from './controls'
import { PhotoPicker, type ExistingPhoto } from './photo-picker'
import { quoted } from '~/utils/format'
import { ORGANISATION_KIND_LABELS } from '../../../db/schema/enums'
import { OrganisationField } from './organisation-field'

type Shape = z.input<ReturnType<typeof entrySchema>>

type Props = {
  ctx: FormContext
  lastResult: SubmissionResult<string[]> | null | undefined
  defaultValue: DefaultValue<Shape>
  photos: ExistingPhoto[]
  /** Photos kept from earlier posts of the form without JavaScript (a list button, a refused form), attached when it is saved. */
  keptPhotos?: ExistingPhoto[]
  /** A submitted entry is only saved again as submitted; a new entry or a draft can also be kept as a draft. */
  submitted: boolean
  /** The form page's key, made by the loader: the same form posted twice makes one entry, or one edit. */
  submissionKey?: string
  /** Extra hidden fields (the operator's chosen resident) and the consent part, which differs for operators. */
  hidden?: ReactNode
}

const star = (required: boolean, label: string) => (required ? `${label} *` : label)

/** The form's fields top to bottom, for the error summary. */
const FIELD_ORDER = ['nominationId', 'title', 'description', 'districtId', 'address', 'organisation', 'authors', 'custom', PHOTO_FIELD, 'paperConsent', 'consent']

const FORM_ID = 'entry-form'
const NONE: ExistingPhoto[] = []

/** The application form: the same for a new entry, an edit, and an operator's paper application. */
export function EntryForm({ ctx, lastResult, defaultValue, photos, keptPhotos, submitted, submissionKey, hidden }: Props) {
  const hydrated = useHydrated()
  const uploading = useRef(false)
  const [waitMessage, setWaitMessage] = useState(false)
  const onBusyChange = useCallback((busy: boolean) => {
    uploading.current = busy
    if (!busy) setWaitMessage(false)
  }, [])
  const existingIds = useMemo(() => photos.map((p) => p.id), [photos])
  const { minPhotos, maxPhotos } = ctx.contest
  // Submits refused in the browser: each moves the focus to the error summary, as a refusal by the server does.
  const [attempts, setAttempts] = useState(0)
  const [form, fields] = useForm<Shape>({
    id: FORM_ID,
    lastResult,
    defaultValue,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    // The photos are counted as the server counts them, so a missing photo is told with the other answers.
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: entrySchema(ctx.spec, { count: plannedPhotoCount(readPhotoPlan(formData), existingIds, chosenFiles(formData)), minPhotos, maxPhotos }) }),
    onSubmit(event) {
      if (uploading.current) {
        event.preventDefault()
        setWaitMessage(true)
      }
    },
  })
  const authors = fields.authors.getFieldList()
  const custom = fields.custom.getFieldset()
  const operator = ctx.spec.mode === 'operator'
  const photoErrors = form.allErrors.photos
  const formProps = getFormProps(form)
  const targets: Record<string, string> = { [PHOTO_FIELD]: 'photos-input', authors: `${FORM_ID}-${fields.authors.name}[0].fullName` }
  if (ctx.nominations.length) targets.nominationId = `nomination-${ctx.nominations[0].id}`
  for (const f of ctx.fields) if (f.kind === 'boolean') targets[`custom.${customFieldName(f.id)}`] = `${custom[customFieldName(f.id)].id}-yes`

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...formProps}
      onSubmit={(event) => {
        formProps.onSubmit(event)
        if (event.defaultPrevented) setAttempts((n) => n + 1)
      }}
      className="stack entry-form"
    >
      <p className="muted">Поля со звёздочкой (*) нужны, чтобы отправить заявку; черновик можно сохранить и без них.</p>
      <ErrorSummary formId={FORM_ID} errors={form.allErrors} order={FIELD_ORDER} targets={targets} focusKeys={[lastResult, attempts]} />
      {submissionKey ? <input type="hidden" name={SUBMISSION_KEY_FIELD} value={submissionKey} /> : null}
      {hidden}

      <fieldset className="field choice-group" aria-describedby={fields.nominationId.errors ? fields.nominationId.errorId : undefined}>
        <legend>Номинация *</legend>
        {ctx.nominations.map((n) => (
          <div className="check check--described" key={n.id}>
            <input
              type="radio"
              id={`nomination-${n.id}`}
              name={fields.nominationId.name}
              value={n.id}
              defaultChecked={fields.nominationId.initialValue === String(n.id)}
              aria-describedby={n.description ? `nomination-${n.id}-about` : undefined}
            />
            <label htmlFor={`nomination-${n.id}`}>
              {quoted(n.name)}
              {n.description ? (
                <span id={`nomination-${n.id}-about`} className="muted block">
                  {n.description}
                </span>
              ) : null}
            </label>
          </div>
        ))}
        {fields.nominationId.errors ? (
          <p id={fields.nominationId.errorId} className="field__error">
            {fields.nominationId.errors.join(' ')}
          </p>
        ) : null}
      </fieldset>

      <Field
        label="Название работы *"
        hint="Например: «Снежная крепость во дворе на Весенней, 20»."
        errors={fields.title.errors}
        inputProps={{ ...getInputProps(fields.title, { type: 'text' }), maxLength: LIMITS.title }}
      />
      <TextareaField
        label="Описание"
        hint="Что сделано, кто участвовал, из каких материалов."
        errors={fields.description.errors}
        textareaProps={{ ...getTextareaProps(fields.description), rows: 5, maxLength: LIMITS.description }}
      />
      <SelectField label={star(!!ctx.spec.requireDistrict, 'Район')} errors={fields.districtId.errors} selectProps={getSelectProps(fields.districtId)}>
        <option value="">— не указан —</option>
        {ctx.districts.map((d) =>
          d.areas.length ? (
            <optgroup key={d.id} label={d.name}>
              <option value={d.id}>{d.name}</option>
              {d.areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ),
        )}
      </SelectField>
      <Field
        label={star(ctx.spec.requireAddress, 'Адрес')}
        hint="Двор, дом, подъезд: улица и номер дома. Публично не показывается."
        errors={fields.address.errors}
        inputProps={{ ...getInputProps(fields.address, { type: 'text' }), maxLength: LIMITS.address, autoComplete: 'street-address' }}
      />
      {/* A contest that takes no organisations' entries does not ask. */}
      {ctx.spec.asksOrganisation && (
        <OrganisationField
          field={fields.organisation}
          slug={ctx.contest.slug}
          label={ctx.spec.requireOrganisation ? star(true, 'Участник — комитет или организация') : 'Организация'}
          hint={`${
            ctx.spec.requireOrganisation
              ? 'В этом конкурсе участвуют комитеты и организации: заявка подаётся от имени выбранного, он указывается в итогах, и диплом выдаётся ему. Авторы ниже — его представители.'
              : 'Комитет ТОС, управляющая компания или школа, если работа сделана вместе с ними.'
          } Начните вводить название и выберите из подсказок (${ctx.organisationKinds.map((k) => ORGANISATION_KIND_LABELS[k].replace(/^./, (c) => c.toLocaleLowerCase('ru'))).join(', ')}) или впишите его целиком.`}
        />
      )}

      <fieldset className="authors">
        <legend>{ctx.spec.maxAuthors === 1 ? 'Автор *' : 'Авторы *'}</legend>
        <p className="field__hint">
          {ctx.spec.maxAuthors === 1 ? 'В этом конкурсе у работы один автор.' : `Один автор или команда до ${ctx.spec.maxAuthors} человек.`} Для авторов младше 18 лет нужно согласие родителя.
        </p>
        {authors.map((a, i) => {
          const af = a.getFieldset()
          const age = Number(af.age.value)
          const minor = af.age.value !== undefined && af.age.value !== '' && age < ADULT_AGE
          return (
            <div className="author" key={a.key}>
              <p className="author__title">Автор {i + 1}</p>
              <Field label="Фамилия, имя и отчество" errors={af.fullName.errors} inputProps={{ ...getInputProps(af.fullName, { type: 'text' }), maxLength: LIMITS.fullName, autoComplete: i === 0 && !operator ? 'name' : 'off' }} />
              <Field label="Возраст, полных лет" errors={af.age.errors} inputProps={{ ...getInputProps(af.age, { type: 'text' }), inputMode: 'numeric', maxLength: 3, className: 'input--short' }} />
              <Field
                label="Электронная почта автора (необязательно)"
                hint="За ребёнка — адрес родителя. С учётной записью на этот адрес автор увидит заявку, свои дипломы и письма о ней."
                errors={af.email.errors}
                inputProps={{ ...getInputProps(af.email, { type: 'email' }), maxLength: EMAIL_MAX, autoComplete: 'off', inputMode: 'email' }}
              />
              {!hydrated || minor || af.parentConsent.errors ? (
                <CheckboxField
                  label="Родитель (законный представитель) согласен на участие и обработку данных"
                  hint={hydrated ? undefined : 'Только для авторов младше 18 лет.'}
                  errors={af.parentConsent.errors}
                  inputProps={getInputProps(af.parentConsent, { type: 'checkbox' })}
                />
              ) : null}
              {authors.length > 1 ? (
                <button {...form.remove.getButtonProps({ name: fields.authors.name, index: i })} className="link-button">
                  Убрать автора {i + 1}
                </button>
              ) : null}
            </div>
          )
        })}
        {authors.length < ctx.spec.maxAuthors ? (
          <button {...form.insert.getButtonProps({ name: fields.authors.name, defaultValue: {} })} className="button button--secondary">
            Добавить автора
          </button>
        ) : null}
        {fields.authors.errors ? <p className="field__error">{fields.authors.errors.join(' ')}</p> : null}
      </fieldset>

      {ctx.fields.length ? (
        <fieldset className="contest-fields">
          <legend>Сведения для конкурса</legend>
          {ctx.fields.map((f) => (
            <CustomField key={f.id} field={f} meta={custom[customFieldName(f.id)]} />
          ))}
        </fieldset>
      ) : null}

      <PhotoPicker
        existing={photos}
        kept={keptPhotos ?? NONE}
        contestId={ctx.contest.id}
        minPhotos={ctx.contest.minPhotos}
        maxPhotos={ctx.contest.maxPhotos}
        errors={photoErrors}
        onBusyChange={onBusyChange}
      />

      {operator ? (
        <CheckboxField
          label="Подписанное жителем согласие на обработку персональных данных получено *"
          hint="Бумажное согласие хранится в ЦРН вместе с заявкой."
          errors={fields.paperConsent.errors}
          inputProps={getInputProps(fields.paperConsent, { type: 'checkbox' })}
        />
      ) : (
        <div className="consent">
          <p className="consent__text" id="consent-text">
            {ctx.contest.consentText || 'Я даю согласие на обработку моих персональных данных в целях проведения конкурса в соответствии с Федеральным законом № 152-ФЗ «О персональных данных».'}
          </p>
          <CheckboxField
            label="Я согласен(на) на обработку персональных данных на этих условиях *"
            errors={fields.consent.errors}
            inputProps={getInputProps(fields.consent, { type: 'checkbox' })}
            describedBy="consent-text"
          />
        </div>
      )}
      <p className="field__hint">
        Как обрабатываются персональные данные заявки — в <Link to="/privacy">политике обработки персональных данных</Link>.
      </p>

      {waitMessage ? (
        <p role="alert" className="form-errors">
          Дождитесь окончания загрузки фотографий, затем отправьте форму.
        </p>
      ) : null}
      <div className="form-actions">
        {submitted ? (
          <button type="submit" name="save" value="submit" className="button">
            Сохранить заявку
          </button>
        ) : (
          <>
            <button type="submit" name="save" value="submit" className="button">
              Отправить заявку
            </button>
            <button type="submit" name="save" value="draft" className="button button--secondary">
              Сохранить черновик
            </button>
          </>
        )}
      </div>
    </Form>
  )
}

function CustomField({ field, meta }: { field: FormFieldSpec; meta: FieldMetadata<string | undefined> }) {
  const label = star(field.required, field.label)
  switch (field.kind) {
    case 'number':
      return <Field label={label} errors={meta.errors} inputProps={{ ...getInputProps(meta, { type: 'text' }), inputMode: 'decimal', maxLength: 32, className: 'input--short' }} />
    case 'text':
      return <TextareaField label={label} errors={meta.errors} textareaProps={{ ...getTextareaProps(meta), rows: 3, maxLength: LIMITS.text }} />
    case 'choice':
      return (
        <SelectField label={label} errors={meta.errors} selectProps={getSelectProps(meta)}>
          <option value="">— выберите —</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </SelectField>
      )
    case 'boolean':
      return (
        <ChoiceGroup
          label={label}
          errors={meta.errors}
          choices={getCollectionProps(meta, { type: 'radio', options: ['yes', 'no'] }).map((props) => ({ ...props, label: props.value === 'yes' ? 'Да' : 'Нет' }))}
        />
      )
  }
}
