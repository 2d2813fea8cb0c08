import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listPaperDiplomas } from '~/modules/documents/diplomas.server'
import { diplomaTitle } from '~/modules/results/ranking'
import { countOf, quoted } from '~/utils/format'
import { requirePermission } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: 'Дипломы по бумажным заявкам — Городские конкурсы' }]

/** The diplomas of the paper applications of this operator's ЦРН (and their own), by contest: each one's PDF, and a contest's all in one ZIP. */
export async function loader({ request }: LoaderFunctionArgs) {
  const operator = await requirePermission(request, 'diploma.read_paper')
  const contests = new Map<number, { id: number; title: string; diplomas: { number: string; title: string; recipientName: string; entry: string }[] }>()
  for (const d of await listPaperDiplomas(operator)) {
    const group = contests.get(d.contestId) ?? { id: d.contestId, title: d.contestTitle, diplomas: [] }
    group.diplomas.push({
      number: d.number,
      title: diplomaTitle(d.kind, d.place, d.prizeName),
      recipientName: d.recipientName,
      entry: `${d.entryNumber}${d.entryTitle ? ` ${quoted(d.entryTitle)}` : ''}`,
    })
    contests.set(d.contestId, group)
  }
  return { contests: [...contests.values()] }
}

export default function OperatorDiplomas() {
  const { contests } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link>
      </p>
      <h1>Дипломы по бумажным заявкам</h1>
      <p className="lead">Дипломы участников, чьи бумажные заявки приняли в вашем ЦРН или внесли вы. Распечатайте их для тех, кто не может скачать диплом сам.</p>
      {contests.length ? (
        contests.map((c) => (
          <section key={c.id} className="panel" aria-labelledby={`contest-${c.id}`}>
            <h2 id={`contest-${c.id}`}>{c.title}</h2>
            <p>
              <a className="button" href={`/resources/operator/contests/${c.id}/diplomas.zip`} download>
                Скачать все ({countOf(c.diplomas.length, ['диплом', 'диплома', 'дипломов'])}, ZIP)
              </a>
            </p>
            <ul>
              {c.diplomas.map((d) => (
                <li key={d.number}>
                  <a href={`/resources/diplomas/${encodeURIComponent(d.number)}.pdf`} download>
                    {d.title}: {d.recipientName}
                  </a>
                  <span className="muted">
                    {' '}
                    — работа {d.entry}, № {d.number}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      ) : (
        <p>Дипломов пока нет. Они появятся здесь, когда организаторы подведут итоги конкурса, на который вы вносили бумажные заявки.</p>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
