import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Field, FormErrors } from '~/components/ui/field'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { awardSpecialPrize, revokeSpecialPrize, specialPrizeBoard } from '~/modules/jury/decisions.server'
import { SpecialPrizeSchema } from '~/modules/jury/validation'
import { formatDateTime, plural, quoted } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { refusalAsResponse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('jury')

export const meta: MetaFunction = () => [{ title: 'Специальные призы — организатор' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  return {
    contestId: contest.id,
    prefix: contest.numberPrefix,
    nominations: (await specialPrizeBoard(contest.id)).map((n) => ({
      ...n,
      decisions: n.decisions.map((d) => ({ ...d, at: d.at.toISOString() })),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: organiser, contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const formData = await request.formData()
  const back = `/organiser/contests/${contest.id}/special`
  // The key of the form the post came from, so that a refusal shows beside that nomination's or decision's form.
  const key = formData.get('intent') === 'award' ? `award-${String(formData.get('nominationId')).slice(0, 12)}` : `revoke-${String(formData.get('decisionId')).slice(0, 12)}`
  return submitForm(formData, key, SpecialPrizeSchema, async (value) => {
    if (value.intent === 'award') {
      const done = await awardSpecialPrize(organiser.id, contest.id, value)
      return redirectWithToast(back, { message: `Решение записано: специальный приз — заявке ${done.number}` })
    }
    try {
      await revokeSpecialPrize(organiser.id, contest.id, value)
    } catch (error) {
      // A decision revoked meanwhile (in another tab) has no form left to show the refusal beside: it is a page of its own.
      throw refusalAsResponse(error)
    }
    return redirectWithToast(back, { message: 'Решение о специальном призе отменено' })
  })
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
      <h3 id={`nomination-${n.id}`}>{quoted(n.name)}</h3>
      <p className="muted">
        {n.jurors
          ? `В жюри приза ${n.jurors} ${plural(n.jurors, ['человек', 'человека', 'человек'])}.`
          : 'В жюри приза пока никого нет: назначьте членов жюри на эту номинацию в разделе «Жюри».'}
        {n.stage ? ` Решение записывается по итогам этапа ${quoted(n.stage.name)}.` : ''}
      </p>

      {n.decisions.length ? (
        <>
          <h4>Решение жюри</h4>
          <ul className="jury-decisions">
            {n.decisions.map((d) => (
              <li key={d.id}>
                <p>
                  <strong>
                    {d.number} {quoted(d.title)}
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
            <caption>Заявки, предложенные на приз {quoted(n.name)}</caption>
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
                    {c.number} {quoted(c.title)}
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

function AwardForm({ nominationId, prefix, chosen }: { nominationId: number; prefix: string; chosen: string }) {
  const [form, fields] = useKeyedForm(`award-${nominationId}`, { schema: SpecialPrizeSchema, defaultValue: { entry: chosen } })
  return (
    <Form method="post" {...getFormProps(form)} className="stack jury-award">
      <h4>Записать решение жюри</h4>
      <input type="hidden" name="intent" value="award" />
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
  const [form, fields] = useKeyedForm(`revoke-${decisionId}`, { schema: SpecialPrizeSchema })
  return (
    <details open={form.status === 'error' || undefined}>
      <summary>Отменить решение по заявке {number}</summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="revoke" />
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
