import { getFormProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pager } from '~/components/organiser/pager'
import { CheckboxField, FormErrors, TextareaField } from '~/components/ui/field'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { resultsPublished } from '~/modules/contests/lifecycle'
import {
  ANNUL_AFTER_PUBLICATION,
  ANNUL_REASON_MAX,
  AnnulSchema,
  CLUSTER_CHANGED,
  CLUSTER_ID,
  CLUSTER_THRESHOLDS,
  CLUSTER_VOTES_PAGE_SIZE,
  CLUSTERS_PAGE_SIZE,
  clusterId,
  type ClusterKind,
} from '~/modules/voting/clusters'
import { annulVotes, voteClusters } from '~/modules/voting/clusters.server'
import { countOf, formatDateTime } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Голосование — организатор' }]

const VOTES = ['голос', 'голоса', 'голосов'] as const
const MINUTES = ['минута', 'минуты', 'минут'] as const

/** A page number from the query: 1 when absent or not one, never past `pages`. */
function pageIn(url: URL, param: string, pages: number) {
  const n = Number(url.searchParams.get(param))
  return Number.isInteger(n) && n > 0 ? Math.min(n, pages) : 1
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Annulling votes changes the people's choice result: the results' permission.
  const { contest } = await requireOrganiserContest(request, params.contestId, 'results.manage')
  const { total, clusters } = await voteClusters(contest.id)
  // The clusters a page at a time, and each one's votes a page at a time (its page in the query under its id).
  const url = new URL(request.url)
  const pages = Math.max(1, Math.ceil(clusters.length / CLUSTERS_PAGE_SIZE))
  const page = pageIn(url, 'page', pages)
  return {
    contestId: contest.id,
    total,
    locked: resultsPublished(contest) ? ANNUL_AFTER_PUBLICATION : null,
    page,
    pages,
    clusterCount: clusters.length,
    clusters: clusters.slice((page - 1) * CLUSTERS_PAGE_SIZE, page * CLUSTERS_PAGE_SIZE).map((c) => {
      const id = clusterId(c)
      const votePages = Math.max(1, Math.ceil(c.votes.length / CLUSTER_VOTES_PAGE_SIZE))
      const votePage = pageIn(url, id, votePages)
      return {
        ...c,
        id,
        from: c.from.toISOString(),
        to: c.to.toISOString(),
        voteCount: c.votes.length,
        votePage,
        votePages,
        votes: c.votes.slice((votePage - 1) * CLUSTER_VOTES_PAGE_SIZE, votePage * CLUSTER_VOTES_PAGE_SIZE).map((v) => ({ ...v, at: v.at.toISOString() })),
      }
    }),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contest } = await requireOrganiserContest(request, params.contestId, 'results.manage')
  const formData = await request.formData()
  const cluster = String(formData.get('cluster') ?? '')
  const key = CLUSTER_ID.test(cluster) ? `annul-${cluster}` : 'annul'
  // «The whole cluster»: all its votes as they are now, not only the page of them shown.
  if (formData.get('whole') === 'on' && !resultsPublished(contest)) {
    const whole = (await voteClusters(contest.id)).clusters.find((c) => clusterId(c) === cluster)
    if (!whole) refuse('conflict', CLUSTER_CHANGED)
    formData.delete('voteIds')
    for (const v of whole.votes) formData.append('voteIds', String(v.id))
  }
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
  const within = `${countOf(c.voteCount, VOTES)} за ${countOf(span, MINUTES)} (${formatDateTime(c.from)} — ${formatDateTime(c.to)})`
  switch (c.kind) {
    case 'address':
      return `Адрес ${c.key}: ${within}; работ — ${c.entries}, голосующих — ${c.voters}. Порог: ${t.sameAddressVotes} и больше за ${t.windowMinutes} мин.`
    case 'subnet':
      return `Подсеть ${c.key}: ${within} с ${countOf(c.addresses, ['адреса', 'адресов', 'адресов'])}; работ — ${c.entries}, голосующих — ${c.voters}. Порог: ${t.sameSubnetVotes} и больше за ${t.windowMinutes} мин.`
    case 'burst':
      return `Работа ${c.key}: ${within}, обычно — ${c.usualPerWindow} за ${t.windowMinutes} мин. Порог: ${t.burstVotes} и больше за ${t.windowMinutes} мин. и в ${t.burstFactor} раз больше обычного.`
    case 'new_accounts':
      return `Работа ${c.key}: ${countOf(c.voteCount, VOTES)} от учётных записей, созданных меньше чем за ${t.newAccountMinutes} мин. до голоса. Порог: ${t.newAccountVotes} и больше.`
    case 'no_proof':
      return `Работа ${c.key}: ${countOf(c.voteCount, VOTES)} без проверки. Порог: ${t.noProofVotes} и больше.`
  }
}

export default function VotingClusters() {
  const { total, clusters, locked, page, pages, clusterCount } = useLoaderData<typeof loader>()
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
      <Pager page={page} pages={pages} total={clusterCount} label="Страницы групп голосов" previous="← Предыдущие" next="Следующие →" className="org-actions" />
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
          <summary>Голоса группы ({c.voteCount})</summary>
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
          <Pager
            page={c.votePage}
            pages={c.votePages}
            total={c.voteCount}
            param={c.id}
            label={`Страницы голосов группы: ${KIND_TITLES[c.kind].toLowerCase()}, ${c.key}`}
            previous="← Предыдущие"
            next="Следующие →"
            className="org-actions"
          />
        </details>
        {c.votePages > 1 && !locked ? (
          <CheckboxField
            label={`Аннулировать всю группу — ${countOf(c.voteCount, VOTES)}, а не только отмеченные на этой странице`}
            inputProps={{ name: 'whole', id: `${c.id}-whole` }}
          />
        ) : null}
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
