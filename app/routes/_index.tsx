import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listPublicContests } from '~/modules/contests/contests.server'
import { contestPhase } from '~/modules/contests/lifecycle'
import { formatClosingDay, formatDate, timeLeft } from '~/utils/format'

export const meta: MetaFunction = () => [
  { title: 'Городские конкурсы — Кемерово' },
  { name: 'description', content: 'Конкурсы администрации города Кемерово: заявки жителей, работа жюри, итоги и дипломы.' },
]

export async function loader() {
  const now = new Date()
  const contests = (await listPublicContests()).map((c) => {
    const phase = contestPhase(c, now)
    return {
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      phase: phase.label,
      open: phase.open,
      upcoming: phase.note === 'before' || c.status === 'announced',
      opensAt: c.opensAt?.toISOString() ?? null,
      closesAt: c.closesAt?.toISOString() ?? null,
      left: phase.open && c.closesAt ? timeLeft(c.closesAt, now) : null,
    }
  })
  // Open contests first, then the ones about to open, then the rest.
  const rank = (c: (typeof contests)[number]) => (c.open ? 0 : c.upcoming ? 1 : 2)
  contests.sort((a, b) => rank(a) - rank(b))
  return { contests }
}

export default function Home() {
  const { contests } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Конкурсы города</h1>
      <p className="lead">
        Украшайте дворы, мастерите скворечники, предлагайте проекты для своего района. Подайте заявку с телефона — жюри
        оценит её вместе с другими.
      </p>
      {contests.length === 0 ? (
        <p>Сейчас нет объявленных конкурсов.</p>
      ) : (
        <ul className="card-list" aria-label="Конкурсы">
          {contests.map((c) => (
            <li key={c.slug} className="card">
              <h2 className="card__title">
                <Link to={`/contests/${c.slug}`}>{c.title}</Link>
              </h2>
              <p className={`badge ${c.open ? 'badge--ok' : ''}`}>{c.phase}</p>
              <p>{c.summary}</p>
              {c.opensAt && c.closesAt ? (
                <p className="muted">
                  Приём заявок: {formatDate(c.opensAt)} — {formatClosingDay(c.closesAt)} включительно
                </p>
              ) : null}
              {c.left ? <p className="deadline">До окончания приёма заявок {c.left}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
