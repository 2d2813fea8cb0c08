import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { findDiploma } from '~/modules/documents/diplomas.server'
import { diplomaTitle, roman } from '~/modules/results/ranking'
import { refuse } from '~/utils/refusal.server'
import { formatDate, quoted } from '~/utils/format'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('results')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Диплом № ${data.number} — Городские конкурсы` : 'Диплом не найден' },
  { name: 'robots', content: 'noindex' },
]

/** The page a diploma's QR code opens: anyone holding the diploma can see that it is genuine. */
export function loader({ params }: LoaderFunctionArgs) {
  const d = findDiploma(params.number ?? '')
  if (!d) refuse('not_found', 'Диплома с таким номером нет. Проверьте номер: он напечатан внизу диплома, рядом с QR-кодом.')
  return {
    number: d.number,
    valid: d.valid,
    title: diplomaTitle(d.kind, d.place),
    recipientName: d.recipientName,
    contestTitle: d.contestTitle,
    contestSlug: d.contestSlug,
    nominationName: d.nominationName,
    place: d.kind === 'winner' && d.place ? `${roman(d.place)} место` : d.kind === 'laureate' ? 'лауреат' : d.kind === 'special_prize' ? 'специальный приз жюри' : 'участник',
    entry: `${d.entryNumber}${d.entryTitle ? ` ${quoted(d.entryTitle)}` : ''}`,
    issuedAt: d.issuedAt.toISOString(),
  }
}

export default function DiplomaVerification() {
  const d = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="diploma-title" className="diploma-check">
      <h1 id="diploma-title">Диплом № {d.number}</h1>
      {d.valid ? (
        <p className="verdict verdict--ok" role="status">
          Диплом подлинный: он выдан по итогам конкурса.
        </p>
      ) : (
        <p className="verdict verdict--bad" role="status">
          Диплом недействителен: итоги, по которым он выдан, отозваны организатором.
        </p>
      )}
      <dl className="diploma-facts">
        <dt>Вид</dt>
        <dd>{d.title}</dd>
        <dt>Кому выдан</dt>
        <dd>{d.recipientName}</dd>
        <dt>Конкурс</dt>
        <dd>
          <Link to={`/contests/${d.contestSlug}/results`}>{d.contestTitle}</Link>
        </dd>
        <dt>Номинация</dt>
        <dd>{d.nominationName}</dd>
        <dt>Результат</dt>
        <dd>{d.place}</dd>
        <dt>Работа</dt>
        <dd>{d.entry}</dd>
        <dt>Дата выдачи</dt>
        <dd>{formatDate(d.issuedAt)}</dd>
      </dl>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
