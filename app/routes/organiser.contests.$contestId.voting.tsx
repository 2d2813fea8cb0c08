import { getFormProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormErrors, TextareaField } from '~/components/ui/field'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { resultsPublished } from '~/modules/contests/lifecycle'
import { ANNUL_AFTER_PUBLICATION, ANNUL_REASON_MAX, AnnulSchema, CLUSTER_THRESHOLDS, type ClusterKind } from '~/modules/voting/clusters'
import { annulVotes, voteClusters } from '~/modules/voting/clusters.server'
import { countOf, formatDateTime } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Голосование — организатор' }]

const VOTES = ['голос', 'голоса', 'голосов'] as const
const MINUTES = ['минута', 'минуты', 'минут'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Annulling votes changes the people's choice result: the results' permission.
  const { contest } = await requireOrganiserContest(request, params.contestId, 'results.manage')
  const { total, clusters } = await voteClusters(contest.id)
  return {
    contestId: contest.id,
    total,
    locked: resultsPublished(contest) ? ANNUL_AFTER_PUBLICATION : null,
    clusters: clusters.map((c, i) => ({
      ...c,
      id: `${c.kind}-${i}`,
      from: c.from.toISOString(),
      to: c.to.toISOString(),
      votes: c.votes.map((v) => ({ ...v, at: v.at.toISOString() })),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId, 'results.manage')
  const formData = await request.formData()
  const cluster = String(formData.get('cluster') ?? '')
  const key = /^[a-z_]{1,20}-\d{1,6}$/.test(cluster) ? `annul-${cluster}` : 'annul'
  return submitForm(formData, key, AnnulSchema, async (value) => {
    const n = await annulVotes(user.id, contest.id, value.voteIds, value.reason)
    return redirectWithToast(`/organiser/contests/${contest.id}/voting`, { message: `Аннулировано: ${countOf(n, VOTES)}` })
  })
}

const KIND_TITLES: Record<ClusterKind, string> = {
  address: 'Много голосов с одного адреса',
  subnet: 'Много голосов из одной подсети',
  new_accounts: 'Голоса только что созданных учётных записей',
  burst: 'Всплеск голосов за одну работу',
  no_proof: 'Голоса без проверки (без JavaScript)',
}

type Cluster = ReturnType<typeof useLoaderData<typeof loader>>['clusters'][number]

function figures(c: Cluster) {
  const t = CLUSTER_THRESHOLDS
  const span = Math.max(1, Math.ceil((Date.parse(c.to) - Date.parse(c.from)) / 60_000))
  const within = `${countOf(c.votes.length, VOTES)} за ${countOf(span, MINUTES)} (${formatDateTime(c.from)} — ${formatDateTime(c.to)})`
  switch (c.kind) {
    case 'address':
      return `Адрес ${c.key}: ${within}; работ — ${c.entries}, голосующих — ${c.voters}. Порог: ${t.sameAddressVotes} и больше за ${t.windowMinutes} мин.`
    case 'subnet':
      return `Подсеть ${c.key}: ${within} с ${countOf(c.addresses, ['адреса', 'адресов', 'адресов'])}; работ — ${c.entries}, голосующих — ${c.voters}. Порог: ${t.sameSubnetVotes} и больше за ${t.windowMinutes} мин.`
    case 'burst':
      return `Работа ${c.key}: ${within}, обычно — ${c.usualPerWindow} за ${t.windowMinutes} мин. Порог: ${t.burstVotes} и больше за ${t.windowMinutes} мин. и в ${t.burstFactor} раз больше обычного.`
    case 'new_accounts':
      return `Работа ${c.key}: ${countOf(c.votes.length, VOTES)} от учётных записей, созданных меньше чем за ${t.newAccountMinutes} мин. до голоса. Порог: ${t.newAccountVotes} и больше.`
    case 'no_proof':
      return `Работа ${c.key}: ${countOf(c.votes.length, VOTES)} без проверки. Порог: ${t.noProofVotes} и больше.`
  }
}

export default function VotingClusters() {
  const { total, clusters, locked } = useLoaderData<typeof loader>()
  const t = CLUSTER_THRESHOLDS
  return (
    <section aria-labelledby="voting-title">
      <h2 id="voting-title">Голосование: подозрительные группы голосов</h2>
      <p>
        Всего голосов: {total}. Группа отмечается, если за {t.windowMinutes} мин. с одного адреса пришло {t.sameAddressVotes} голосов и больше, из одной
        подсети (IPv4 /24, IPv6 /64) — {t.sameSubnetVotes} и больше; если за работу проголосовали {t.newAccountVotes} и больше учётных записей, созданных
        меньше чем за {t.newAccountMinutes} мин. до голоса; если за {t.windowMinutes} мин. работа получила {t.burstVotes} голосов и больше и в{' '}
        {t.burstFactor} раз больше обычного; если за работу {t.noProofVotes} и больше голосов без проверки.
      </p>
      <p>Аннулированный голос удаляется из подсчёта; он сам и причина остаются в журнале.</p>
      {locked ? <p role="status">{locked}</p> : null}
      {clusters.length ? clusters.map((c) => <ClusterPanel key={c.id} cluster={c} locked={!!locked} />) : <p>Подозрительных групп голосов нет.</p>}
    </section>
  )
}

function ClusterPanel({ cluster: c, locked }: { cluster: Cluster; locked: boolean }) {
  const [form, fields] = useKeyedForm(`annul-${c.id}`)
  return (
    <section aria-labelledby={`${c.id}-title`} className="panel" id={c.id}>
      <h3 id={`${c.id}-title`}>{KIND_TITLES[c.kind]}</h3>
      <p>{figures(c)}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="cluster" value={c.id} />
        <FormErrors errors={form.errors} id={form.errorId} />
        <FormErrors errors={fields.voteIds.errors} />
        <details>
          <summary>Голоса группы ({c.votes.length})</summary>
          <div className="table-wrap">
            <table>
              <caption>Отметьте голоса, которые аннулировать</caption>
              <thead>
                <tr>
                  <th scope="col">Аннулировать</th>
                  <th scope="col">Работа</th>
                  <th scope="col">Время</th>
                  <th scope="col">Адрес</th>
                  <th scope="col">Возраст учётной записи</th>
                  <th scope="col">Проверка</th>
                </tr>
              </thead>
              <tbody>
                {c.votes.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <input type="checkbox" name="voteIds" value={v.id} defaultChecked aria-label={`Голос № ${v.id} за работу ${v.number}`} disabled={locked} />
                    </td>
                    <td>{v.number}</td>
                    <td>{formatDateTime(v.at)}</td>
                    <td>{v.ip ?? '—'}</td>
                    <td>{countOf(Math.max(0, v.accountAgeMinutes), MINUTES)}</td>
                    <td>{v.withProof ? 'есть' : 'нет'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        {locked ? null : (
          <>
            <TextareaField
              label="Причина аннулирования"
              hint="Обязательно; попадёт в журнал"
              errors={fields.reason.errors}
              textareaProps={{ ...getTextareaProps(fields.reason), maxLength: ANNUL_REASON_MAX, rows: 2 }}
            />
            <button type="submit">Аннулировать отмеченные голоса</button>
          </>
        )}
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
