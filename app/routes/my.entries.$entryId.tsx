import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CheckboxField } from '~/components/ui/field'
import { EntryDetails } from '~/components/entries/entry-details'
import { EntryForm } from '~/components/entries/entry-form'
import { EntryStatusBadge } from '~/components/entries/status-badge'
import { isGalleryOpen } from '~/modules/contests/lifecycle'
import {
  canEdit,
  canWithdraw,
  entryFormDefaults,
  getFormContext,
  getOwnEntry,
  newSubmissionKey,
  ownEntryPhotos,
  withdrawEntry,
  type OwnEntry,
} from '~/modules/entries/entries.server'
import { handleEntryForm } from '~/modules/entries/form.server'
import { savedEntryToast, savedEntryUrl } from '~/modules/entries/messages'
import { fieldDisplayValue, WithdrawSchema } from '~/modules/entries/validation'
import type { CurrentUser } from '~/utils/auth.server'
import { requirePermission } from '~/utils/permissions.server'
import { formatClosingDay, formatDateTime } from '~/utils/format'
import { asRefusal } from '~/utils/refusal'
import { refusalStatus, refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { formatEntryNumber } from '~/modules/contests/entry-number'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('entries')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.entry.number ? `Заявка ${data.entry.number}` : 'Черновик заявки'} — Городские конкурсы` : 'Заявка не найдена' },
]

/** The owner's entry, or the one an operator entered; to anyone else it does not exist. */
async function entryOr404(user: CurrentUser, id: string | undefined) {
  const entry = await getOwnEntry(user, Number(id))
  if (!entry) refuse('not_found', 'Заявка не найдена. Возможно, ссылка устарела.')
  return entry
}

/** The operator who entered a paper application works on it in the operator's mode (paper consent instead of the box). */
const operatorMode = (user: CurrentUser, e: OwnEntry) => e.enteredById === user.id && e.ownerId !== user.id

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const e = await entryOr404(user, params.entryId)
  const now = new Date()
  // An author linked to their account reads the entry; who submitted it changes it.
  const editable = !e.coauthorOnly && canEdit(e, e.contest, now)
  const ctx = editable ? await getFormContext(e.contest, operatorMode(user, e) ? 'operator' : 'resident') : null
  const number = e.seq === null ? null : formatEntryNumber(e.contest.numberPrefix, e.seq)
  return {
    entry: {
      id: e.id,
      number,
      status: e.status,
      title: e.title,
      description: e.description,
      address: e.address,
      rejectionReason: e.rejectionReason,
      nomination: e.nomination?.name ?? null,
      district: e.district?.name ?? null,
      organisation: e.organisation?.name ?? null,
      authors: e.authors.map((a) => ({ fullName: a.fullName, age: a.age, parentConsent: a.parentConsent })),
      fields: [...e.fieldValues]
        .sort((a, b) => a.field.position - b.field.position)
        .map((v) => ({ label: v.field.label, value: fieldDisplayValue(v.field.kind, v.value) })),
      ownerName: e.ownerName,
      enteredByName: e.enteredByName,
      paperConsentReceived: e.paperConsentReceived,
      /** The operator who entered it prints the resident's receipt (or sends the claim letter again) from there. */
      operatorReceiptUrl: operatorMode(user, e) ? `/operator/entries/${e.id}/receipt` : null,
      /** The resident's receipt of a submitted entry: number, next steps, printable. */
      receiptUrl: number && !operatorMode(user, e) ? `/my/entries/${e.id}/receipt` : null,
      consentAt: e.consentAt?.toISOString() ?? null,
      submittedAt: e.submittedAt?.toISOString() ?? null,
      publicUrl: e.status === 'accepted' && number && isGalleryOpen(e.contest) ? `/contests/${e.contest.slug}/entries/${number}` : null,
    },
    contest: { slug: e.contest.slug, title: e.contest.title, closesAt: e.contest.closesAt?.toISOString() ?? null },
    photos: ownEntryPhotos(e),
    withdrawable: !e.coauthorOnly && canWithdraw(e, e.contest),
    coauthorOnly: e.coauthorOnly,
    asChairperson: e.asChairperson,
    // The edit form's key: the same edit posted twice is applied once (docs/decisions/034-…).
    form: ctx ? { ctx, defaultValue: entryFormDefaults(e, ctx.spec.fields), submissionKey: newSubmissionKey() } : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const e = await entryOr404(user, params.entryId)
  if (e.coauthorOnly) refuse('forbidden', 'Вы указаны автором этой заявки: изменить или отозвать её может тот, кто её подал.')
  const operator = operatorMode(user, e)
  const outcome = await handleEntryForm(request, {
    actor: user,
    contest: e.contest,
    spec: (await getFormContext(e.contest, operator ? 'operator' : 'resident')).spec,
    entry: e,
    ownerId: e.ownerId,
    operator,
    now: new Date(),
    otherActions: ['withdraw'],
  })
  if (outcome.kind === 'saved') return redirectWithToast(savedEntryUrl(outcome.saved, e.status), savedEntryToast(outcome.saved, e.contest))
  // The form comes back with the photos it keeps (chosen without JavaScript): the page carries them on.
  if (outcome.kind === 'reply') return data({ ...outcome.result, keptPhotos: outcome.photos }, { status: outcome.status })

  const confirmed = WithdrawSchema.safeParse({ confirm: outcome.formData.get('confirm') === 'on' })
  if (!confirmed.success) return data({ withdrawError: confirmed.error.issues[0].message }, { status: 400 })
  try {
    const number = await withdrawEntry(user, e.id, new Date())
    return redirectWithToast('/my/entries', { message: number ? `Заявка ${number} отозвана.` : 'Черновик заявки отозван.' })
  } catch (error) {
    const refusal = asRefusal(error)
    return data({ withdrawError: refusal.message }, { status: refusalStatus(refusal) })
  }
}

export default function EntryPage() {
  const { entry, contest, photos, withdrawable, form, coauthorOnly, asChairperson } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const withdrawError = actionData && 'withdrawError' in actionData ? actionData.withdrawError : undefined
  const lastResult = actionData && !('withdrawError' in actionData) ? actionData : undefined
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/my/entries">Мои заявки</Link>
      </p>
      <h1>{entry.number ? `Заявка ${entry.number}` : 'Черновик заявки'}</h1>
      <p className="lead">{contest.title}</p>
      <p>
        <EntryStatusBadge status={entry.status} />
        {entry.submittedAt ? <span className="muted">отправлена {formatDateTime(entry.submittedAt)}</span> : null}
      </p>
      {entry.receiptUrl ? (
        <p>
          <Link to={entry.receiptUrl}>Квитанция о приёме заявки: что дальше и когда</Link>
        </p>
      ) : null}
      {entry.status === 'rejected' && entry.rejectionReason ? (
        <p className="entry-reason" role="note">
          <strong>Причина отклонения:</strong> {entry.rejectionReason}
        </p>
      ) : null}
      {entry.enteredByName ? (
        <p className="panel entry-intake">
          Заявка внесена оператором ЦРН {entry.enteredByName} по бумажной заявке
          {entry.ownerName ? ` участника ${entry.ownerName}` : ''}
          {entry.paperConsentReceived ? '; подписанное согласие на обработку персональных данных получено.' : '.'}
          {entry.operatorReceiptUrl ? (
            <>
              {' '}
              <Link to={entry.operatorReceiptUrl}>Квитанция для жителя: как войти на сайт</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {asChairperson ? (
        <p className="panel" role="note">
          Участник конкурса — {entry.organisation}, а вы указаны в справочнике города как председатель. Заявку подал(а) {entry.ownerName ?? 'другой представитель'}: изменить или
          отозвать её может только он(а). Диплом — в разделе <Link to="/my/diplomas">«Мои дипломы»</Link>.
        </p>
      ) : coauthorOnly ? (
        <p className="panel" role="note">
          Вы указаны автором этой заявки. Её подал(а) {entry.ownerName ?? 'другой участник'}: изменить или отозвать её может только он(а). Дипломы авторов — в разделе{' '}
          <Link to="/my/diplomas">«Мои дипломы»</Link>.
        </p>
      ) : null}
      {entry.publicUrl ? (
        <p>
          <Link to={entry.publicUrl}>Страница заявки в галерее конкурса</Link>
        </p>
      ) : null}

      {form ? (
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">{entry.status === 'draft' ? 'Черновик' : 'Изменить заявку'}</h2>
          {contest.closesAt ? (
            <p className="deadline">
              {entry.status === 'draft' ? 'Отправьте заявку' : 'Изменения принимаются'} по {formatClosingDay(contest.closesAt)} включительно
              {entry.status === 'submitted' ? ' или пока заявку не рассмотрит модератор' : ''}.
            </p>
          ) : null}
          <EntryForm
            ctx={form.ctx}
            lastResult={lastResult}
            defaultValue={form.defaultValue}
            photos={photos}
            keptPhotos={lastResult?.keptPhotos}
            submitted={entry.status === 'submitted'}
            submissionKey={form.submissionKey}
          />
        </section>
      ) : (
        <EntryDetails entry={entry} photos={photos} />
      )}

      {withdrawable ? (
        <section className="panel withdraw" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">Отозвать заявку</h2>
          <p>Отозванная заявка не участвует в конкурсе; вернуть её нельзя, но можно подать новую, пока идёт приём.</p>
          <Form method="post" className="stack">
            <input type="hidden" name="_action" value="withdraw" />
            <CheckboxField label="Да, я хочу отозвать эту заявку" errors={withdrawError ? [withdrawError] : undefined} inputProps={{ name: 'confirm', id: 'withdraw-confirm' }} />
            <p>
              <button type="submit" className="button button--danger">
                Отозвать заявку
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
