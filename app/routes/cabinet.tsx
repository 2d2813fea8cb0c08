import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { isVerified } from '~/modules/accounts/accounts.server'
import { ROLE_LABELS } from '~/modules/accounts/validation'
import { listPublicContests } from '~/modules/contests/contests.server'
import { contestPhase } from '~/modules/contests/lifecycle'
import { listOrganiserContests } from '~/modules/contests/organiser.server'
import { listOwnEntries } from '~/modules/entries/entries.server'
import { myVotes } from '~/modules/voting/voting.server'
import { can, requirePermission } from '~/utils/permissions.server'
import { formatClosingDay, quoted } from '~/utils/format'
import { CONTEST_STATUS_LABELS, ENTRY_STATUS_LABELS } from '../../db/schema/enums'

export const meta: MetaFunction = () => [{ title: 'Личный кабинет — Городские конкурсы' }]

/** Entries the cabinet lists; «Мои заявки» has them all. */
const CABINET_ENTRIES = 5

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const now = new Date()
  const open = (await listPublicContests())
    .filter((c) => contestPhase(c, now).open)
    .map((c) => ({ slug: c.slug, title: c.title, closesAt: c.closesAt?.toISOString() ?? null }))
  return {
    fullName: user.fullName,
    email: user.email,
    // Entries need no confirmed address; people's choice voting will (it asks isVerified too).
    unverified: Boolean(user.email) && !isVerified(user),
    roles: user.roles.map((r) => ROLE_LABELS[r]),
    sections: { operator: can(user, 'entry.enter_paper'), juror: can(user, 'jury.score'), organiser: can(user, 'contest.manage'), admin: can(user, 'account.manage') },
    open,
    // The person's own entries (also those an operator entered for them from paper), newest first.
    entries: (await listOwnEntries(user.id))
      .filter((e) => e.ownerId === user.id)
      .slice(0, CABINET_ENTRIES)
      .map((e) => ({ id: e.id, number: e.number, title: e.title, contestTitle: e.contestTitle, status: ENTRY_STATUS_LABELS[e.status] })),
    // People's choice votes the person gave (docs/decisions/037).
    votes: await myVotes(user.id, now),
    operatorDiplomas: can(user, 'diploma.read_paper'),
    organiserContests: can(user, 'contest.manage')
      ? (await listOrganiserContests()).map((c) => ({ id: c.id, title: c.title, status: CONTEST_STATUS_LABELS[c.status] }))
      : [],
  }
}

export default function Cabinet() {
  const { fullName, email, unverified, roles, sections, open, entries, votes, operatorDiplomas, organiserContests } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Личный кабинет</h1>
      {unverified ? (
        <section className="notice" aria-labelledby="verify-title">
          <h2 id="verify-title">Подтвердите адрес электронной почты</h2>
          <p>
            Мы отправили на {email} письмо со ссылкой и кодом. Заявки можно подавать и сейчас, но без подтверждённого адреса письма о них могут не дойти,
            а голосовать за работы нельзя.
          </p>
          <p>
            <Link to="/account#email">Ввести код или отправить письмо ещё раз</Link>
          </p>
        </section>
      ) : null}
      <p>
        {fullName}
        {email ? <span className="muted"> · {email}</span> : null}
      </p>
      <p className="muted">Роли: {roles.join(', ')}</p>
      <p>
        <Link to="/account">Учётная запись: ФИО, почта, пароль, устройства</Link>
      </p>

      <section className="panel" aria-labelledby="resident-title">
        <h2 id="resident-title">Мои заявки</h2>
        <p>
          <Link to="/my/entries">Мои заявки</Link> · <Link to="/my/diplomas">Мои дипломы</Link>
        </p>
        {entries.length ? (
          <ul aria-label="Последние заявки">
            {entries.map((e) => (
              <li key={e.id}>
                <Link to={`/my/entries/${e.id}`}>
                  {e.number ? `${e.number} ` : ''}
                  {e.title || 'Без названия'}
                </Link>
                <span className="muted">
                  {' '}
                  — {e.contestTitle}, {e.status}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {open.length ? (
          <>
            <p>Сейчас идёт приём заявок:</p>
            <ul>
              {open.map((c) => (
                <li key={c.slug}>
                  <Link to={`/contests/${c.slug}`}>{c.title}</Link>
                  {c.closesAt ? <span className="muted"> — по {formatClosingDay(c.closesAt)} включительно</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>Сейчас нет конкурсов, в которых идёт приём заявок.</p>
        )}
      </section>

      {votes.length ? (
        <section className="panel" aria-labelledby="votes-title">
          <h2 id="votes-title">Мои голоса</h2>
          <ul>
            {votes.map((v) => (
              <li key={v.href}>
                <Link to={v.href}>
                  {v.number} {quoted(v.title || 'Без названия')}
                </Link>{' '}
                — {v.contestTitle}, номинация {quoted(v.nomination)}
                {v.open ? '' : ' (голосование завершено)'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {sections.operator ? (
        <section className="panel" aria-labelledby="operator-title">
          <h2 id="operator-title">Оператор ЦРН</h2>
          <p>Бумажные заявки жителей вашего района вносятся от их имени, с отметкой о полученном подписанном согласии.</p>
          <p>
            <Link to="/operator/entries/new">Внести бумажную заявку</Link>
            {operatorDiplomas ? (
              <>
                {' '}
                · <Link to="/operator/diplomas">Дипломы по бумажным заявкам</Link>
              </>
            ) : null}
          </p>
        </section>
      ) : null}

      {sections.juror ? (
        <section className="panel" aria-labelledby="juror-title">
          <h2 id="juror-title">Работа в жюри</h2>
          <p>
            <Link to="/jury">Конкурсы, в которых я в жюри</Link>
          </p>
        </section>
      ) : null}

      {sections.organiser ? (
        <section className="panel" aria-labelledby="organiser-title">
          <h2 id="organiser-title">Организатор</h2>
          <p>
            <Link to="/organiser/contests/new">Создать конкурс</Link> · <Link to="/organiser/outbox">Исходящие письма</Link> ·{' '}
            <Link to="/organiser/directory">Справочник города</Link>
          </p>
          <div className="table-wrap">
            <table>
              <caption>Конкурсы</caption>
              <thead>
                <tr>
                  <th scope="col">Конкурс</th>
                  <th scope="col">Состояние</th>
                </tr>
              </thead>
              <tbody>
                {organiserContests.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/organiser/contests/${c.id}`}>{c.title}</Link>
                    </th>
                    <td>{c.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {sections.admin ? (
        <section className="panel" aria-labelledby="admin-title">
          <h2 id="admin-title">Администратор</h2>
          <p>
            <Link to="/admin/users">Учётные записи и роли</Link>
          </p>
          {!sections.organiser ? (
            <p>
              <Link to="/organiser/directory">Справочник города</Link>
            </p>
          ) : null}
          <p>
            <Link to="/admin/audit">Журнал действий сайта</Link>
          </p>
        </section>
      ) : null}
    </>
  )
}
