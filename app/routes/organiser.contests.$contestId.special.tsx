import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Field, FormErrors } from '~/components/ui/field'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { awardSpecialPrize, revokeSpecialPrize, specialPrizeBoard } from '~/modules/jury/decisions.server'
import { SpecialPrizeSchema } from '~/modules/jury/validation'
import { formatDateTime, plural } from '~/utils/format'
import { cleanForm, oversizedFields } from '~/utils/forms.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply, refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('jury')

export const meta: MetaFunction = () => [{ title: 'Специальные призы — организатор' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  return {
    contestId: contest.id,
    prefix: contest.numberPrefix,
    nominations: specialPrizeBoard(contest.id).map((n) => ({
      ...n,
      decisions: n.decisions.map((d) => ({ ...d, at: d.at.toISOString() })),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: organiser, contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const formData = await request.formData()
  const submission = parseWithZod(cleanForm(formData).formData, { schema: SpecialPrizeSchema })
  const formId = String(formData.get('formId') ?? '')
  const hideFields = oversizedFields(formData)
  if (submission.status !== 'success') return data({ formId, result: submission.reply({ hideFields }) }, { status: 400 })
  const back = `/organiser/contests/${contest.id}/special`
  if (submission.value.intent === 'award') {
    let done
    try {
      done = awardSpecialPrize(organiser.id, contest.id, submission.value)
    } catch (error) {
      const { status, result } = refusalReply(submission, asRefusal(error))
      return data({ formId, result }, { status })
    }
    return redirectWithToast(back, { message: `Решение записано: специальный приз — заявке ${done.number}` })
  }
  if (!revokeSpecialPrize(organiser.id, contest.id, submission.value)) refuse('not_found', 'Такого решения нет.')
  return redirectWithToast(back, { message: 'Решение о специальном призе отменено' })
}

type Nomination = ReturnType<typeof useLoaderData<typeof loader>>['nominations'][number]

export default function SpecialPrizeDecisions() {
  const { contestId, prefix, nominations } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="special-title">
      <h2 id="special-title">Специальные призы</h2>
      {nominations.length ? (
        <p>
          Специальный приз присуждается решением жюри без баллов. Члены жюри предлагают кандидатов; решение жюри записывается здесь с
          основанием (например, номер и дата протокола) и попадает в журнал.
        </p>
      ) : (
        <p>
          В этом конкурсе нет номинаций специального приза. Отметьте номинацию как специальный приз в разделе{' '}
          <Link to={`/organiser/contests/${contestId}/nominations`}>«Номинации и критерии»</Link>.
        </p>
      )}
      {nominations.map((n) => (
        <NominationDecisions key={n.id} nomination={n} prefix={prefix} />
      ))}
    </section>
  )
}

function NominationDecisions({ nomination: n, prefix }: { nomination: Nomination; prefix: string }) {
  const [searchParams] = useSearchParams()
  const chosen = Number(searchParams.get('nomination')) === n.id ? (searchParams.get('entry') ?? '') : ''
  return (
    <section aria-labelledby={`nomination-${n.id}`} className="panel">
      <h3 id={`nomination-${n.id}`}>«{n.name}»</h3>
      <p className="muted">
        {n.jurors
          ? `В жюри приза ${n.jurors} ${plural(n.jurors, ['человек', 'человека', 'человек'])}.`
          : 'В жюри приза пока никого нет: назначьте членов жюри на эту номинацию в разделе «Жюри».'}
        {n.stage ? ` Решение записывается по итогам этапа «${n.stage.name}».` : ''}
      </p>

      {n.decisions.length ? (
        <>
          <h4>Решение жюри</h4>
          <ul className="jury-decisions">
            {n.decisions.map((d) => (
              <li key={d.id}>
                <p>
                  <strong>
                    {d.number} «{d.title}»
                  </strong>{' '}
                  — основание: {d.reason}. <span className="muted">Записал(а) {d.decidedBy}, {formatDateTime(d.at)}.</span>
                </p>
                <RevokeForm decisionId={d.id} number={d.number} />
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h4>Предложения членов жюри</h4>
      {n.candidates.length ? (
        <div className="table-wrap">
          <table>
            <caption>Заявки, предложенные на приз «{n.name}»</caption>
            <thead>
              <tr>
                <th scope="col">Заявка</th>
                <th scope="col">Предложили</th>
                <th scope="col">Пояснения</th>
              </tr>
            </thead>
            <tbody>
              {n.candidates.map((c) => (
                <tr key={c.entryId}>
                  <th scope="row">
                    {c.number} «{c.title}»
                    <Link className="block" to={`?nomination=${n.id}&entry=${encodeURIComponent(c.number)}#award-${n.id}`}>
                      Присудить приз этой заявке
                    </Link>
                  </th>
                  <td>
                    {c.proposers.length} из {n.jurors || c.proposers.length}
                  </td>
                  <td>
                    <ul className="jury-notes">
                      {c.proposers.map((p) => (
                        <li key={p.name}>
                          {p.name}
                          {p.note ? `: ${p.note}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Пока никто не предложил кандидатов.</p>
      )}

      <AwardForm key={chosen} nominationId={n.id} prefix={prefix} chosen={chosen} />
    </section>
  )
}

function useLastResult(formId: string) {
  const actionData = useActionData<typeof action>()
  return actionData?.formId === formId ? (actionData.result as SubmissionResult<string[]>) : undefined
}

function AwardForm({ nominationId, prefix, chosen }: { nominationId: number; prefix: string; chosen: string }) {
  const formId = `award-${nominationId}`
  const [form, fields] = useForm({
    id: formId,
    lastResult: useLastResult(formId),
    defaultValue: { entry: chosen },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SpecialPrizeSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack jury-award">
      <h4>Записать решение жюри</h4>
      <input type="hidden" name="intent" value="award" />
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="nominationId" value={nominationId} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <Field
        label="Номер заявки"
        hint={`Например, ${prefix}-0412`}
        errors={fields.entry.errors}
        inputProps={{ ...getInputProps(fields.entry, { type: 'text' }), autoComplete: 'off' }}
      />
      <Field
        label="Основание решения"
        hint="Номер и дата протокола заседания жюри или формулировка решения"
        errors={fields.reason.errors}
        inputProps={getInputProps(fields.reason, { type: 'text' })}
      />
      <button type="submit" className="button">
        Присудить специальный приз
      </button>
    </Form>
  )
}

function RevokeForm({ decisionId, number }: { decisionId: number; number: string }) {
  const formId = `revoke-${decisionId}`
  const [form, fields] = useForm({
    id: formId,
    lastResult: useLastResult(formId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SpecialPrizeSchema }),
  })
  return (
    <details open={form.status === 'error' || undefined}>
      <summary>Отменить решение по заявке {number}</summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="formId" value={formId} />
        <input type="hidden" name="decisionId" value={decisionId} />
        <Field label="Причина отмены" errors={fields.reason.errors} inputProps={getInputProps(fields.reason, { type: 'text' })} />
        <button type="submit" className="button button--secondary">
          Отменить решение
        </button>
      </Form>
    </details>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
