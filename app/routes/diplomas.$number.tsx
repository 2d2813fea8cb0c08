import { parseWithZod } from '@conform-to/zod/v4'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Link, useLoaderData } from '@remix-run/react'
import { DiplomaCheck } from '~/components/documents/diploma-check'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { verifyDiploma } from '~/modules/documents/diplomas.server'
import { DiplomaCheckSchema } from '~/modules/documents/validation'
import { diplomaAwardLabel, diplomaTitle } from '~/modules/results/ranking'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { formatDate, quoted } from '~/utils/format'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('results')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.found ? `Диплом № ${data.diploma.number} — Городские конкурсы` : 'Диплом не найден — Проверка диплома' },
  { name: 'robots', content: 'noindex' },
]

/**
 * The page a diploma's QR code opens: anyone holding the diploma can see that it is genuine. A number
 * that leads nowhere answers 404 with the check form, the number as typed and why, to correct it there.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const typed = params.number ?? ''
  let d: Awaited<ReturnType<typeof verifyDiploma>>
  try {
    d = await verifyDiploma(typed)
  } catch (error) {
    const submission = parseWithZod(new URLSearchParams({ number: typed }), { schema: DiplomaCheckSchema })
    const { status, result } = refusalReply(submission, asRefusal(error))
    return data({ found: false as const, lastResult: result }, { status })
  }
  return {
    found: true as const,
    diploma: {
      number: d.number,
      valid: d.valid,
      title: diplomaTitle(d.kind, d.place, d.prizeName),
      recipientName: d.recipientName,
      contestTitle: d.contestTitle,
      contestSlug: d.contestSlug,
      nominationName: d.nominationName,
      ageCategory: d.ageCategory,
      place: diplomaAwardLabel(d.kind, d.place, d.prizeName),
      entry: `${d.entryNumber}${d.entryTitle ? ` ${quoted(d.entryTitle)}` : ''}`,
      issuedAt: d.issuedAt.toISOString(),
    },
  }
}

export default function DiplomaVerification() {
  const answer = useLoaderData<typeof loader>()
  if (!answer.found) return <DiplomaCheck lastResult={answer.lastResult} />
  const d = answer.diploma
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
        {d.ageCategory ? (
          <>
            <dt>Возрастная категория</dt>
            <dd>{d.ageCategory}</dd>
          </>
        ) : null}
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
