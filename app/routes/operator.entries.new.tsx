import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EntryForm } from '~/components/entries/entry-form'
import { Field, FormErrors } from '~/components/ui/field'
import { entriesOpen, getFormContext, getPublicContestBySlug, listOpenContests, newSubmissionKey } from '~/modules/entries/entries.server'
import { handleEntryForm } from '~/modules/entries/form.server'
import { sendClaimLetter } from '~/modules/entries/claim.server'
import { createResident, findResidents, getResident } from '~/modules/entries/intake.server'
import { savedEntryToast } from '~/modules/entries/messages'
import { EMAIL_MAX } from '~/modules/accounts/validation'
import { LIMITS, NewResidentSchema, ResidentSearchSchema } from '~/modules/entries/validation'
import { requirePermission } from '~/utils/permissions.server'
import { parseForm } from '~/utils/forms.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply, refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'
import { UNKNOWN_ACTION } from '~/utils/refusal'

export const links = areaStyles('entries')

export const meta: MetaFunction = () => [{ title: 'Бумажная заявка — Городские конкурсы' }]

/** The step the operator is on, from the address: a contest and a resident chosen, or not yet. */
async function readChoice(request: Request) {
  const url = new URL(request.url)
  const slug = url.searchParams.get('contest') ?? ''
  const contest = slug ? await getPublicContestBySlug(slug) : null
  const residentId = url.searchParams.get('resident') ?? ''
  const resident = residentId ? await getResident(residentId) : null
  return { url, contest: contest && entriesOpen(contest, new Date()) ? contest : null, resident }
}

const stepUrl = (contest: string | null | undefined, resident?: string) => {
  const params = new URLSearchParams()
  if (contest) params.set('contest', contest)
  if (resident) params.set('resident', resident)
  return `/operator/entries/new?${params}`
}

export async function loader({ request }: LoaderFunctionArgs) {
  const operator = await requirePermission(request, 'entry.enter_paper')
  const { url, contest, resident } = await readChoice(request)
  const q = url.searchParams.get('q')
  let search: { q: string; error: string | null; matches: Awaited<ReturnType<typeof findResidents>> } | null = null
  if (q !== null && !resident) {
    const parsed = ResidentSearchSchema.safeParse({ q })
    search = parsed.success ? { q, error: null, matches: await findResidents(parsed.data.q) } : { q: q.slice(0, 254), error: parsed.error.issues[0].message, matches: [] }
  }
  const open = (await listOpenContests(new Date())).map((c) => ({ slug: c.slug, title: c.title }))
  const ctx = contest && resident ? await getFormContext(contest, 'operator') : null
  return {
    open,
    contest: contest ? { slug: contest.slug, title: contest.title } : null,
    resident,
    search,
    form: ctx && resident ? { ctx, defaultValue: { authors: [{ fullName: resident.fullName }], districtId: operator.districtId ?? undefined }, submissionKey: newSubmissionKey() } : null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requirePermission(request, 'entry.enter_paper')
  const { contest, resident } = await readChoice(request)
  if (contest && resident) {
    const outcome = await handleEntryForm(request, {
      actor: operator,
      contest,
      spec: (await getFormContext(contest, 'operator')).spec,
      entry: null,
      ownerId: resident.id,
      operator: true,
      now: new Date(),
    })
    if (outcome.kind === 'saved') {
      // The resident with an address gets the claim letter; one without, the receipt the entry's page links to.
      // The same form posted twice: the letter went with the first post.
      const letter = !outcome.saved.replayed && (await sendClaimLetter(operator, outcome.saved.entryId, publicBaseUrl(request)))
      const [done, ...warnings] = savedEntryToast(outcome.saved, contest)
      const told = letter ? { ...done, message: `${done.message} Жителю отправлено письмо со ссылкой, чтобы задать пароль.` } : done
      return redirectWithToast(`/my/entries/${outcome.saved.entryId}`, [told, ...warnings])
    }
    if (outcome.kind === 'reply') return data({ entry: outcome.result, keptPhotos: outcome.photos }, { status: outcome.status })
    refuse('invalid', UNKNOWN_ACTION)
  }

  const formData = await request.formData()
  const { submission, hideFields } = parseForm(formData, NewResidentSchema)
  if (submission.status !== 'success') return data({ resident: submission.reply({ hideFields }) }, { status: 400 })
  try {
    const id = await createResident(submission.value)
    return redirectWithToast(stepUrl(contest?.slug, id), { message: `Учётная запись жителя ${submission.value.fullName} создана без пароля.` })
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error))
    return data({ resident: result }, { status })
  }
}

export default function OperatorIntake() {
  const { open, contest, resident, search, form } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Бумажная заявка</h1>
      <p className="lead">Внесите заявку, которую житель принёс в ЦРН на бумаге. Заявка будет в его кабинете, с отметкой о вас и о полученном согласии.</p>

      {contest && resident && form ? (
        <>
          <div className="panel intake-summary">
            <p>
              Конкурс: <strong>{contest.title}</strong>
            </p>
            <p>
              Участник: <strong>{resident.fullName}</strong>
              <span className="muted"> · {resident.email ?? resident.phone ?? 'без контактов'}</span>
            </p>
            <p>
              <Link to={stepUrl(contest.slug)}>Выбрать другого жителя</Link> · <Link to={stepUrl(null, resident.id)}>Выбрать другой конкурс</Link>
            </p>
          </div>
          <EntryForm
            ctx={form.ctx}
            lastResult={actionData && 'entry' in actionData ? actionData.entry : undefined}
            defaultValue={form.defaultValue}
            photos={[]}
            keptPhotos={actionData && 'entry' in actionData ? actionData.keptPhotos : undefined}
            submitted={false}
            submissionKey={form.submissionKey}
          />
        </>
      ) : (
        <>
          <section className="panel" aria-labelledby="step-title">
            <h2 id="step-title">Конкурс и житель</h2>
            <Form method="get" className="stack">
              {resident ? <input type="hidden" name="resident" value={resident.id} /> : null}
              <div className="field">
                <label htmlFor="contest">Конкурс</label>
                <select id="contest" name="contest" defaultValue={contest?.slug ?? ''}>
                  <option value="">— выберите конкурс —</option>
                  {open.map((c) => (
                    <option key={c.slug} value={c.slug}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </div>
              {resident ? (
                <p>
                  Житель: <strong>{resident.fullName}</strong>
                </p>
              ) : (
                <Field
                  label="Электронная почта или телефон жителя"
                  hint="Как в бумажной заявке. Поиск только по точному совпадению."
                  errors={search?.error ? [search.error] : undefined}
                  inputProps={{ id: 'q', name: 'q', type: 'search', defaultValue: search?.q ?? '', maxLength: EMAIL_MAX }}
                />
              )}
              <p>
                <button type="submit" className="button">
                  {resident ? 'Продолжить' : 'Найти жителя'}
                </button>
              </p>
            </Form>
            {search && !search.error ? (
              search.matches.length ? (
                <ul className="plain-list" aria-label="Найденные жители">
                  {search.matches.map((m) => (
                    <li key={m.id} className="card">
                      <strong>{m.fullName}</strong>
                      <span className="muted block">{[m.email, m.phone].filter(Boolean).join(' · ')}</span>
                      <Link to={stepUrl(contest?.slug, m.id)}>Выбрать: {m.fullName}</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p role="status">Житель с такими контактами не найден. Создайте ему учётную запись ниже.</p>
              )
            ) : null}
          </section>
          {resident ? null : <NewResidentForm lastResult={actionData && 'resident' in actionData ? actionData.resident : undefined} />}
        </>
      )}
    </>
  )
}

function NewResidentForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm<z.input<typeof NewResidentSchema>>({
    id: 'new-resident',
    lastResult,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewResidentSchema }),
  })
  return (
    <section className="panel" aria-labelledby="new-resident-title">
      <h2 id="new-resident-title">Новый житель</h2>
      <p>Учётная запись создаётся без пароля. Почта и телефон необязательны, но по ним жителя можно будет найти в следующий раз.</p>
      <p className="muted">
        Вносите данные жителя, только когда он подписал согласие на их обработку. Как город обрабатывает персональные данные —{' '}
        <Link to="/privacy">политика обработки персональных данных</Link>; покажите её жителю, если он спросит.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field label="Фамилия, имя и отчество" errors={fields.fullName.errors} inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), maxLength: LIMITS.fullName, autoComplete: 'off' }} />
        <Field label="Электронная почта" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }} />
        <Field label="Телефон" errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'off', placeholder: '+7 900 123-45-67' }} />
        <p>
          <button type="submit" className="button button--secondary">
            Создать учётную запись жителя
          </button>
        </p>
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
