import { getCollectionProps, getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TableWrap } from '~/components/ui/table-wrap'
import { ActionButton } from '~/components/ui/action-button'
import { ChoiceGroup, Field, FormErrors, SelectField } from '~/components/ui/field'
import { listNominations } from '~/modules/contests/nominations.server'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { updateResultsSettings } from '~/modules/contests/results-settings.server'
import { districtRoots, listStages } from '~/modules/contests/stages.server'
import { AssignJurorSchema, ConflictSchema, IdSchema, InviteJurorSchema, MinScoresSchema, TEXT_LIMITS } from '~/modules/contests/validation'
import { assignJuror, listAssignments, listJurors, unassignJuror } from '~/modules/jury/assignments.server'
import { contestConflicts, markConflict, removeConflict } from '~/modules/jury/conflicts.server'
import { INVITATION_DAYS, inviteJuror, listInvitations, revokeInvitation } from '~/modules/jury/invitations.server'
import { countOf, formatDateTime, NOUNS, quoted } from '~/utils/format'
import { useFormReply, useKeyedForm } from '~/utils/forms'
import { itemForm, submitForm } from '~/utils/forms.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { areaStyles } from '~/styles/links'
import { UNKNOWN_ACTION } from '~/utils/refusal'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Жюри — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const assignments = await listAssignments(contest.id)
  const conflicts = await contestConflicts(contest.id, contest.numberPrefix)
  return {
    contestId: contest.id,
    minScores: contest.minScoresPerEntry,
    invitationDays: INVITATION_DAYS,
    prefix: contest.numberPrefix,
    invitations: (await listInvitations(contest.id)).map((i) => ({
      id: i.id,
      email: i.email,
      fullName: i.fullName,
      state: i.state,
      expiresAt: formatDateTime(i.expiresAt),
      acceptedAt: i.acceptedAt ? formatDateTime(i.acceptedAt) : null,
      acceptedBy: i.acceptedBy,
    })),
    jurors: (await listJurors()).map((j) => ({ value: j.id, label: `${j.fullName}${j.email ? ` (${j.email})` : ''}${j.organisation ? `, ${j.organisation}` : ''}` })),
    stages: (await listStages(contest.id)).map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    nominations: (await listNominations(contest.id)).map((n) => ({ value: n.id, label: n.name })),
    districts: (await districtRoots()).cityDistricts.map((d) => ({ value: d.id, label: d.name })),
    assignments,
    conflicts: {
      automatic: conflicts.filter((c) => !c.recorded).map((c) => ({ juror: c.juror, number: c.number, label: c.label })),
      recorded: conflicts
        .flatMap(({ recorded, ...c }) => (recorded ? [{ ...c, ...recorded }] : []))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map((c) => ({ id: c.id, kind: c.kind, juror: c.juror, number: c.number, label: c.label, note: c.note, createdAt: formatDateTime(c.createdAt) })),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const formData = await request.formData()
  const done = (message: string) => redirectWithToast(`/organiser/contests/${contest.id}/jury`, { message })
  switch (formData.get('intent')) {
    case 'min-scores':
      return submitForm(formData, 'min-scores', MinScoresSchema, async (value) => {
        await updateResultsSettings(user.id, contest.id, value)
        return done('Сохранено')
      })
    case 'invite':
      return submitForm(formData, formData.has('resend') ? 'invitations' : 'invite', InviteJurorSchema, async (value) => {
        const resent = await inviteJuror(user.id, contest.id, value, publicBaseUrl(request))
        return done(resent ? `Приглашение отправлено на ${value.email} ещё раз: прежняя ссылка больше не действует` : `Приглашение отправлено на ${value.email}`)
      })
    case 'revoke':
      return submitForm(formData, 'invitations', IdSchema, async ({ id }) => {
        await revokeInvitation(user.id, contest.id, id)
        return done('Приглашение отозвано')
      })
    case 'assign': {
      const key = `assign-${String(formData.get('stageId')).slice(0, 12)}`
      return submitForm(formData, key, AssignJurorSchema, async (value) => {
        const added = await assignJuror(user.id, contest.id, value)
        return done(added ? `Назначено: ${countOf(added, NOUNS.nomination)}` : 'Член жюри уже был назначен на всё выбранное')
      })
    }
    case 'unassign':
      return submitForm(formData, itemForm('assignment', formData), IdSchema, async ({ id }) => {
        await unassignJuror(user.id, contest.id, id)
        return done('Назначение снято')
      })
    case 'conflict':
      return submitForm(formData, 'conflict', ConflictSchema, async (value) => {
        await markConflict(user.id, contest.id, value)
        return done('Конфликт интересов отмечен: член жюри не увидит эту заявку')
      })
    case 'remove-conflict':
      return submitForm(formData, 'conflicts', IdSchema, async ({ id }) => {
        await removeConflict(user.id, contest.id, id)
        return done('Конфликт интересов снят')
      })
    default:
      refuse('invalid', UNKNOWN_ACTION)
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

const INVITATION_STATE = { pending: 'ждёт ответа', expired: 'срок истёк', accepted: 'принято' } as const

export default function JuryPage() {
  const data = useLoaderData<typeof loader>()
  const [minScores, minScoresFields] = useKeyedForm('min-scores', {
    schema: MinScoresSchema,
    defaultValue: { minScoresPerEntry: data.minScores },
  })
  const [invite, inviteFields] = useKeyedForm('invite', {
    schema: InviteJurorSchema,
  })
  const invitations = useFormReply('invitations')
  return (
    <>
      <section aria-labelledby="k-title" className="panel">
        <h2 id="k-title">Сколько оценок нужно заявке</h2>
        <Form method="post" className="org-inline-form" {...getFormProps(minScores)} key={data.minScores}>
          <input type="hidden" name="intent" value="min-scores" />
          <FormErrors errors={minScores.errors} id={minScores.errorId} />
          <Field
            label="Каждая принятая заявка должна получить оценок не меньше"
            hint="Столько членов жюри нужно назначить на каждую номинацию, чтобы открыть оценку."
            errors={minScoresFields.minScoresPerEntry.errors}
            inputProps={{
              ...getInputProps(minScoresFields.minScoresPerEntry, {
                type: 'text',
              }),
              inputMode: 'numeric',
            }}
          />
          <button type="submit" className="button button--secondary">
            Сохранить
          </button>
        </Form>
      </section>

      <section aria-labelledby="invite-title" className="panel">
        <h2 id="invite-title">Пригласить в жюри</h2>
        <p>
          Приглашённый получит письмо со ссылкой, которая действует {countOf(data.invitationDays, ['день', 'дня', 'дней'])}: по ней он войдёт в свою учётную
          запись или создаст новую и станет членом жюри.
        </p>
        <Form method="post" className="stack" {...getFormProps(invite)} key={data.invitations.length}>
          <input type="hidden" name="intent" value="invite" />
          <FormErrors errors={invite.errors} id={invite.errorId} />
          <Field
            label="Электронная почта"
            errors={inviteFields.email.errors}
            inputProps={{
              ...getInputProps(inviteFields.email, { type: 'email' }),
              autoComplete: 'off',
              inputMode: 'email',
            }}
          />
          <Field
            label="ФИО (необязательно)"
            errors={inviteFields.fullName.errors}
            inputProps={{
              ...getInputProps(inviteFields.fullName, { type: 'text' }),
              maxLength: TEXT_LIMITS.jurorName,
            }}
          />
          <button type="submit" className="button">
            Отправить приглашение
          </button>
        </Form>
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">Приглашения</h2>
        <FormErrors errors={invitations?.error?.[''] ?? undefined} />
        {data.invitations.length === 0 ? (
          <p className="muted">Приглашений пока нет.</p>
        ) : (
          <TableWrap label="Приглашения в жюри">
            <table>
              <caption>Кого пригласили в жюри этого конкурса</caption>
              <thead>
                <tr>
                  <th scope="col">Кого</th>
                  <th scope="col">Состояние</th>
                  <th scope="col">Действия</th>
                </tr>
              </thead>
              <tbody>
                {data.invitations.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.fullName || i.email}
                      {i.fullName ? <span className="muted block">{i.email}</span> : null}
                    </th>
                    <td>
                      {INVITATION_STATE[i.state]}
                      <span className="muted block">
                        {i.state === 'accepted' ? `${i.acceptedBy ?? ''}, ${i.acceptedAt}` : i.state === 'pending' ? `ссылка действует до ${i.expiresAt}` : `срок истёк ${i.expiresAt}`}
                      </span>
                    </td>
                    <td>
                      {i.state === 'accepted' ? null : (
                        <div className="org-actions">
                          <ActionButton intent="invite" fields={{ email: i.email, fullName: i.fullName, resend: '1' }} context={i.email}>
                            Отправить ещё раз
                          </ActionButton>
                          <ActionButton intent="revoke" id={i.id} context={i.email} className="button button--danger">
                            Отозвать
                          </ActionButton>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      {data.stages.map((s) => (
        <StageJury key={s.id} stage={s} data={data} />
      ))}

      <p>
        Заявке не хватает оценок или члены жюри сильно разошлись в баллах?{' '}
        <Link to={`/organiser/contests/${data.contestId}/extra-jurors`}>Попросить ещё одного члена жюри оценить заявку</Link>
      </p>

      <Conflicts data={data} />
    </>
  )
}

function StageJury({ stage, data }: { stage: PageData['stages'][number]; data: PageData }) {
  const [form, fields] = useKeyedForm(`assign-${stage.id}`, {
    schema: AssignJurorSchema,
  })
  // Every nomination is ticked at first: a juror usually judges the whole stage.
  const allNominations = !useFormReply(`assign-${stage.id}`)
  const rows = new Map<string, { juror: string; district: string | null; items: PageData['assignments'] }>()
  for (const a of data.assignments.filter((a) => a.stageId === stage.id)) {
    const key = `${a.jurorId}:${a.districtId}`
    if (!rows.has(key)) rows.set(key, { juror: a.juror, district: a.district, items: [] })
    rows.get(key)!.items.push(a)
  }
  const assignmentIds = data.assignments.filter((a) => a.stageId === stage.id).map((a) => a.id)
  return (
    <section aria-labelledby={`stage-${stage.id}-title`}>
      <h2 id={`stage-${stage.id}-title`}>Жюри: {stage.name}</h2>
      {assignmentIds.map((id) => (
        <AssignmentErrors key={id} id={id} />
      ))}
      {rows.size === 0 ? (
        <p className="muted">На этап ещё никто не назначен.</p>
      ) : (
        <TableWrap label={`Жюри этапа ${quoted(stage.name)}`}>
          <table>
            <caption>Кто оценивает заявки этапа {quoted(stage.name)}</caption>
            <thead>
              <tr>
                <th scope="col">Член жюри</th>
                {stage.kind === 'district' ? <th scope="col">Район</th> : null}
                <th scope="col">Номинации</th>
              </tr>
            </thead>
            <tbody>
              {[...rows].map(([key, row]) => (
                <tr key={key}>
                  <th scope="row">{row.juror}</th>
                  {stage.kind === 'district' ? <td>{row.district}</td> : null}
                  <td>
                    <ul className="org-chips">
                      {row.items.map((a) => (
                        <li key={a.id}>
                          {quoted(a.nomination)}{' '}
                          <ActionButton intent="unassign" id={a.id} context={`${row.juror}, ${quoted(a.nomination)}${row.district ? `, ${row.district}` : ''}`} className="link-button">
                            снять
                          </ActionButton>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <details className="org-details" open={Object.keys(form.allErrors).length > 0}>
        <summary>Назначить члена жюри на этап {quoted(stage.name)}</summary>
        {data.jurors.length === 0 ? (
          <p>Членов жюри пока нет: пригласите их выше.</p>
        ) : (
          <Form method="post" className="stack" {...getFormProps(form)} key={data.assignments.length}>
            <input type="hidden" name="intent" value="assign" />
            <input type="hidden" name="stageId" value={stage.id} />
            <FormErrors errors={form.errors} id={form.errorId} />
            <JurorSelect field={fields.jurorId} jurors={data.jurors} />
            <ChoiceGroup label="Номинации" errors={fields.nominationIds.errors} choices={choices(fields.nominationIds, data.nominations, allNominations)} />
            {stage.kind === 'district' ? (
              <ChoiceGroup label="Районы" errors={fields.districtIds.errors} choices={choices(fields.districtIds, data.districts)} />
            ) : null}
            <button type="submit" className="button">
              Назначить
            </button>
          </Form>
        )}
      </details>
    </section>
  )
}

/** Checkboxes sharing the field's name, one per option, ticked as conform remembers them. */
function choices(field: Parameters<typeof getCollectionProps>[0], options: { value: number; label: string }[], all = false) {
  const labels = new Map(options.map((o) => [String(o.value), o.label]))
  return getCollectionProps(field, {
    type: 'checkbox',
    options: [...labels.keys()],
  }).map((props) => ({
    ...props,
    defaultChecked: all || props.defaultChecked,
    label: labels.get(props.value),
  }))
}

function JurorSelect({ field, jurors }: { field: Parameters<typeof getSelectProps>[0]; jurors: PageData['jurors'] }) {
  return (
    <SelectField label="Член жюри" errors={field.errors} selectProps={getSelectProps(field)}>
      <option value="">Выберите</option>
      {jurors.map((j) => (
        <option key={j.value} value={j.value}>
          {j.label}
        </option>
      ))}
    </SelectField>
  )
}

function AssignmentErrors({ id }: { id: number }) {
  const reply = useFormReply(`assignment-${id}`)
  return <FormErrors errors={reply?.error?.[''] ?? undefined} />
}

function Conflicts({ data }: { data: PageData }) {
  const [form, fields] = useKeyedForm('conflict', { schema: ConflictSchema })
  const list = useFormReply('conflicts')
  return (
    <section aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Конфликты интересов</h2>
      <p>
        Свои заявки члена жюри (он владелец или соавтор) и заявки его организации исключаются автоматически. Другие конфликты — например,
        родственник среди авторов — отметьте здесь: член жюри не увидит заявку.
      </p>
      <FormErrors errors={list?.error?.[''] ?? undefined} />
      {data.conflicts.automatic.length ? (
        <TableWrap label="Исключены автоматически">
          <table>
            <caption>Исключены автоматически</caption>
            <thead>
              <tr>
                <th scope="col">Член жюри</th>
                <th scope="col">Заявка</th>
                <th scope="col">Почему</th>
              </tr>
            </thead>
            <tbody>
              {data.conflicts.automatic.map((c) => (
                <tr key={`${c.juror}:${c.number}`}>
                  <th scope="row">{c.juror}</th>
                  <td>{c.number}</td>
                  <td>{c.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {data.conflicts.recorded.length ? (
        <TableWrap label="Отмеченные конфликты">
          <table>
            <caption>Отмеченные конфликты и самоотводы</caption>
            <thead>
              <tr>
                <th scope="col">Член жюри</th>
                <th scope="col">Заявка</th>
                <th scope="col">Почему</th>
                <th scope="col">Действие</th>
              </tr>
            </thead>
            <tbody>
              {data.conflicts.recorded.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.juror}</th>
                  <td>{c.number}</td>
                  <td>
                    {c.label}
                    {c.note ? <span className="muted block">{c.note}</span> : null}
                    <span className="muted block">{c.createdAt}</span>
                  </td>
                  <td>
                    {c.kind === 'organiser' ? (
                      <ActionButton intent="remove-conflict" id={c.id} context={`${c.juror}, заявка ${c.number}`} className="link-button">
                        снять
                      </ActionButton>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {data.jurors.length ? (
        <Form method="post" className="stack panel" {...getFormProps(form)} key={data.conflicts.recorded.length}>
          <h3>Отметить конфликт интересов</h3>
          <input type="hidden" name="intent" value="conflict" />
          <FormErrors errors={form.errors} id={form.errorId} />
          <JurorSelect field={fields.jurorId} jurors={data.jurors} />
          <Field
            label="Номер заявки"
            hint={`Например, ${data.prefix}-0012`}
            errors={fields.entryNumber.errors}
            inputProps={{
              ...getInputProps(fields.entryNumber, { type: 'text' }),
              maxLength: TEXT_LIMITS.entryNumber,
            }}
          />
          <Field
            label="Причина (необязательно)"
            errors={fields.reason.errors}
            inputProps={{
              ...getInputProps(fields.reason, { type: 'text' }),
              maxLength: TEXT_LIMITS.conflictReason,
            }}
          />
          <button type="submit" className="button">
            Отметить
          </button>
        </Form>
      ) : null}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
