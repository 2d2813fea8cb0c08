import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { countContestDiplomas } from '~/modules/documents/diplomas.server'
import { activePublication, protocolList } from '~/modules/results/results.server'
import { requirePermission } from '~/utils/permissions.server'
import { countOf, formatDateTime, quoted } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Документы — Городские конкурсы' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'documents.export')
  const contestId = Number(params.contestId)
  const live = Number.isInteger(contestId) ? await activePublication(contestId) : null
  return {
    contestId,
    publishedAt: live?.publishedAt.toISOString() ?? null,
    diplomas: await countContestDiplomas(contestId),
    protocols: Number.isInteger(contestId) ? await protocolList(contestId) : [],
  }
}

const DIPLOMAS = ['диплом', 'диплома', 'дипломов'] as const

export default function DocumentsPage() {
  const { contestId, publishedAt, diplomas, protocols } = useLoaderData<typeof loader>()
  const base = `/resources/contests/${contestId}`
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">Документы</h2>
      <section className="panel" aria-labelledby="protocol-title">
        <h3 id="protocol-title">Протокол заседания жюри</h3>
        <p>
          {publishedAt
            ? `По опубликованным итогам (${formatDateTime(publishedAt)}): состав жюри, рейтинг каждой номинации с баллами, победители и строки для подписей.`
            : 'Итоги ещё не опубликованы: протокол будет помечен как проект и покажет текущий расчёт.'}
        </p>
        <p>
          <a className="button button--secondary" href={`${base}/protocol.pdf`} download>
            Скачать протокол (PDF)
          </a>
        </p>
        {protocols.length > 1 ? (
          <>
            <h4>Протоколы каждого этапа и каждой комиссии</h4>
            <p className="muted">Этап, оценка которого ещё не закрыта, — проект: протокол покажет текущий расчёт.</p>
            <ul>
              {protocols.map((p) => (
                <li key={`${p.stageId}-${p.districtId ?? 0}`}>
                  <a href={`${base}/protocol.pdf?stage=${p.stageId}${p.districtId ? `&district=${p.districtId}` : ''}`} download>
                    {p.commission ? `${quoted(p.stageName)}: комиссия — ${p.commission}` : quoted(p.stageName)} (PDF)
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="diplomas-title">
        <h3 id="diplomas-title">Дипломы</h3>
        {diplomas.total ? (
          <>
            <p>
              Выдано {countOf(diplomas.total, DIPLOMAS)}: победителей — {diplomas.winner}, лауреатов — {diplomas.laureate}, специальных призов —{' '}
              {diplomas.special_prize}, участников — {diplomas.participant}
              {diplomas.peoples_choice ? `, зрительского приза — ${diplomas.peoples_choice}` : ''}.
            </p>
            <p>
              <a className="button" href={`${base}/diplomas.zip`} download>
                Скачать все дипломы одним архивом (ZIP)
              </a>
            </p>
            <p className="muted">Каждый диплом — PDF формата A4 с номером и QR-кодом страницы проверки.</p>
          </>
        ) : (
          <p>Дипломы выдаются при публикации итогов — каждому автору каждой принятой заявки.</p>
        )}
      </section>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
