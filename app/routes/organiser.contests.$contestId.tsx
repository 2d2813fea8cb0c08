import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { CONTEST_STATUS_LABELS } from '../../db/schema/enums'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId)
  return { contest: { id: contest.id, title: contest.title, slug: contest.slug, status: CONTEST_STATUS_LABELS[contest.status] } }
}

const TABS = [
  ['', 'Обзор'],
  ['nominations', 'Номинации и критерии'],
  ['stages', 'Этапы'],
  ['fields', 'Поля заявки'],
  ['jury', 'Жюри'],
  ['moderation', 'Модерация'],
  ['progress', 'Ход оценки'],
  ['special', 'Спецпризы'],
  ['voting', 'Голосование'],
  ['results', 'Итоги'],
  ['documents', 'Документы'],
  ['statistics', 'Статистика'],
  ['audit', 'Журнал'],
] as const

/** The frame of every organiser page of one contest: its title, state and the sections. */
export default function OrganiserContestLayout() {
  const { contest } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <NavLink to="/cabinet">Кабинет</NavLink> · <NavLink to="/organiser" end>Конкурсы</NavLink>
      </p>
      <h1>{contest.title}</h1>
      <p className="badge">{contest.status}</p>
      <nav aria-label="Разделы конкурса" className="tabs">
        {TABS.map(([path, label]) => (
          <NavLink key={path} to={path ? `/organiser/contests/${contest.id}/${path}` : `/organiser/contests/${contest.id}`} end>
            {label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
