import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TableWrap } from '~/components/organiser/table-wrap'
import { ActionButton, CheckboxGroup, FormMessages, SelectField, TextField, useFormState } from '~/components/organiser/form'
import { itemForm, submitForm } from '~/modules/contests/forms.server'
import { listNominations } from '~/modules/contests/nominations.server'
import { requireOrganiserContest, updateContest } from '~/modules/contests/organiser.server'
import { districtRoots, listStages } from '~/modules/contests/stages.server'
import { AssignJurorSchema, ConflictSchema, IdSchema, InviteJurorSchema, MinScoresSchema } from '~/modules/contests/validation'
import { assignJuror, listAssignments, listJurors, unassignJuror } from '~/modules/jury/assignments.server'
import { contestConflicts, markConflict, removeConflict } from '~/modules/jury/conflicts.server'
import { INVITATION_DAYS, inviteJuror, listInvitations, revokeInvitation } from '~/modules/jury/invitations.server'
import { countOf, formatDateTime } from '~/utils/format'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Жюри — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const assignments = listAssignments(contest.id)
  const conflicts = contestConflicts(contest.id, contest.numberPrefix)
  return {
    contestId: contest.id,
    minScores: contest.minScoresPerEntry,
    invitationDays: INVITATION_DAYS,
    prefix: contest.numberPrefix,
    invitations: listInvitations(contest.id).map((i) => ({
      id: i.id,
      email: i.email,
      fullName: i.fullName,
      state: i.state,
      expiresAt: formatDateTime(i.expiresAt),
      acceptedAt: i.acceptedAt ? formatDateTime(i.acceptedAt) : null,
      acceptedBy: i.acceptedBy,
    })),
    jurors: listJurors().map((j) => ({ value: j.id, label: `${j.fullName}${j.email ? ` (${j.email})` : ''}${j.organisation ? `, ${j.organisation}` : ''}` })),
    stages: listStages(contest.id).map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    nominations: listNominations(contest.id).map((n) => ({ value: n.id, label: n.name })),
    districts: districtRoots().cityDistricts.map((d) => ({ value: d.id, label: d.name })),
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
      return submitForm(formData, 'min-scores', MinScoresSchema, (value) => {
        updateContest(user.id, contest.id, value)
        return done('Сохранено')
      })
    case 'invite':
      return submitForm(formData, formData.has('resend') ? 'invitations' : 'invite', InviteJurorSchema, (value) => {
        const resent = inviteJuror(user.id, contest.id, value, publicBaseUrl(request))
        return done(resent ? `Приглашение отправлено на ${value.email} ещё раз: прежняя ссылка больше не действует` : `Приглашение отправлено на ${value.email}`)
      })
    case 'revoke':
      return submitForm(formData, 'invitations', IdSchema, ({ id }) => {
        revokeInvitation(user.id, contest.id, id)
        return done('Приглашение отозвано')
      })
    case 'assign': {
      const key = `assign-${String(formData.get('stageId')).slice(0, 12)}`
      return submitForm(formData, key, AssignJurorSchema, (value) => {
        const added = assignJuror(user.id, contest.id, value)
        return done(added ? `Назначено: ${countOf(added, ['номинация', 'номинации', 'номинаций'])}` : 'Член жюри уже был назначен на всё выбранное')
      })
    }
    case 'unassign':
      return submitForm(formData, itemForm('assignment', formData), IdSchema, ({ id }) => {
        unassignJuror(user.id, contest.id, id)
        return done('Назначение снято')
      })
    case 'conflict':
      return submitForm(formData, 'conflict', ConflictSchema, (value) => {
        markConflict(user.id, contest.id, value)
        return done('Конфликт интересов отмечен: член жюри не увидит эту заявку')
      })
    case 'remove-conflict':
      return submitForm(formData, 'conflicts', IdSchema, ({ id }) => {
        removeConflict(user.id, contest.id, id)
        return done('Конфликт интересов снят')
      })
    default:
      refuse('invalid', 'Неизвестное действие')
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

const INVITATION_STATE = { pending: 'ждёт ответа', expired: 'срок истёк', accepted: 'принято' } as const

export default function JuryPage() {
  const data = useLoaderData<typeof loader>()
  const minScores = useFormState('min-scores')
  const invite = useFormState('invite')
  const invitations = useFormState('invitations')
  return (
    <>
      <section aria-labelledby="k-title" className="panel">
        <h2 id="k-title">Сколько оценок нужно заявке</h2>
        <Form method="post" className="org-inline-form" noValidate key={data.minScores}>
          <input type="hidden" name="intent" value="min-scores" />
          <TextField
            state={minScores}
            name="minScoresPerEntry"
            label="Каждая принятая заявка должна получить оценок не меньше"
            hint="Столько членов жюри нужно назначить на каждую номинацию, чтобы открыть оценку."
            saved={data.minScores}
            inputMode="numeric"
          />
          <button type="submit" className="button button--secondary">
            Сохранить
          </button>
        </Form>
      </section>

      <section aria-labelledby="invite-title" className="panel">
        <h2 id="invite-title">Пригласить в жюри</h2>
        <p>Приглашённый получит письмо со ссылкой, которая действует {countOf(data.invitationDays, ['день', 'дня', 'дней'])}: по ней он войдёт в свою учётную запись или создаст новую и станет членом жюри.</p>
        <Form method="post" className="stack" noValidate key={data.invitations.length}>
          <input type="hidden" name="intent" value="invite" />
          <FormMessages state={invite} />
          <TextField state={invite} name="email" type="email" label="Электронная почта" saved="" autoComplete="off" inputMode="email" />
          <TextField state={invite} name="fullName" label="ФИО (необязательно)" saved="" maxLength={200} />
          <button type="submit" className="button">
            Отправить приглашение
          </button>
        </Form>
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">Приглашения</h2>
        <FormMessages state={invitations} />
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
  const state = useFormState(`assign-${stage.id}`)
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
        <TableWrap label={`Жюри этапа «${stage.name}»`}>
          <table>
            <caption>Кто оценивает заявки этапа «{stage.name}»</caption>
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
                          «{a.nomination}»{' '}
                          <ActionButton intent="unassign" id={a.id} context={`${row.juror}, «${a.nomination}»${row.district ? `, ${row.district}` : ''}`} className="link-button">
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
      <details className="org-details" open={Boolean(state.formErrors || state.errors('jurorId') || state.errors('nominationIds') || state.errors('districtIds'))}>
        <summary>Назначить члена жюри на этап «{stage.name}»</summary>
        {data.jurors.length === 0 ? (
          <p>Членов жюри пока нет: пригласите их выше.</p>
        ) : (
          <Form method="post" className="stack" noValidate key={data.assignments.length}>
            <input type="hidden" name="intent" value="assign" />
            <input type="hidden" name="stageId" value={stage.id} />
            <FormMessages state={state} />
            <SelectField state={state} name="jurorId" label="Член жюри" saved="" placeholder="Выберите" options={data.jurors} />
            <CheckboxGroup state={state} name="nominationIds" legend="Номинации" options={data.nominations} saved={data.nominations.map((n) => n.value)} />
            {stage.kind === 'district' ? <CheckboxGroup state={state} name="districtIds" legend="Районы" options={data.districts} saved={[]} /> : null}
            <button type="submit" className="button">
              Назначить
            </button>
          </Form>
        )}
      </details>
    </section>
  )
}

function AssignmentErrors({ id }: { id: number }) {
  return <FormMessages state={useFormState(`assignment-${id}`)} />
}

function Conflicts({ data }: { data: PageData }) {
  const state = useFormState('conflict')
  const list = useFormState('conflicts')
  return (
    <section aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Конфликты интересов</h2>
      <p>
        Свои заявки члена жюри (он владелец или соавтор) и заявки его организации исключаются автоматически. Другие конфликты — например,
        родственник среди авторов — отметьте здесь: член жюри не увидит заявку.
      </p>
      <FormMessages state={list} />
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
        <Form method="post" className="stack panel" noValidate key={data.conflicts.recorded.length}>
          <h3>Отметить конфликт интересов</h3>
          <input type="hidden" name="intent" value="conflict" />
          <FormMessages state={state} />
          <SelectField state={state} name="jurorId" label="Член жюри" saved="" placeholder="Выберите" options={data.jurors} />
          <TextField state={state} name="entryNumber" label="Номер заявки" hint={`Например, ${data.prefix}-0012`} saved="" maxLength={30} />
          <TextField state={state} name="reason" label="Причина (необязательно)" saved="" maxLength={500} />
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
