import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ROLES } from '../../db/schema/enums'
import { listUsers, setOperatorCentre, setRole } from '~/modules/accounts/accounts.server'
import { listCentres } from '~/modules/directory/directory.server'
import { ROLE_LABELS } from '~/modules/accounts/validation'
import { requirePermission } from '~/utils/permissions.server'
import { asRefusal } from '~/utils/refusal'
import { refusalStatus } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Учётные записи — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, 'account.manage')
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100)
  return { q, users: await listUsers(q), selfId: admin.id, centres: await listCentres() }
}

const RoleChange = z.object({
  userId: z.string().uuid('Учётная запись не найдена'),
  role: z.enum(ROLES, { error: 'Неизвестная роль' }),
  grant: z.enum(['1', '0'], { error: 'Неверное действие' }),
})

/** An operator's ЦРН ('' for none), as the ЦРН's page of the directory also sets it. */
const CentreChange = z.object({
  intent: z.literal('centre'),
  userId: z.string().uuid('Учётная запись не найдена'),
  centreId: z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'Такого ЦРН в справочнике нет')], { error: 'Такого ЦРН в справочнике нет' }),
})

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, 'account.manage')
  const form = Object.fromEntries(await request.formData())
  if (form.intent === 'centre') {
    const change = CentreChange.safeParse(form)
    if (!change.success) return data({ error: change.error.issues[0]?.message ?? 'Неверный запрос' }, { status: 400 })
    try {
      await setOperatorCentre(admin.id, change.data.userId, change.data.centreId ? Number(change.data.centreId) : null)
    } catch (error) {
      const refusal = asRefusal(error)
      return data({ error: refusal.message }, { status: refusalStatus(refusal) })
    }
    return redirectWithToast(`/admin/users${new URL(request.url).search}`, { message: change.data.centreId ? 'ЦРН оператора сохранён' : 'Оператор откреплён от ЦРН' })
  }
  const parsed = RoleChange.safeParse(form)
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? 'Неверный запрос' }, { status: 400 })
  const { userId, role, grant } = parsed.data
  try {
    await setRole(admin.id, userId, role, grant === '1')
  } catch (error) {
    const refusal = asRefusal(error)
    return data({ error: refusal.message }, { status: refusalStatus(refusal) })
  }
  const url = new URL(request.url)
  return redirectWithToast(`/admin/users${url.search}`, {
    message: grant === '1' ? `Роль «${ROLE_LABELS[role]}» выдана` : `Роль «${ROLE_LABELS[role]}» снята`,
  })
}

export default function AdminUsers() {
  const { q, users, selfId, centres } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <h1>Учётные записи и роли</h1>
      <p>
        <Link to="/admin/audit">Журнал действий сайта</Link>: кто и когда выдал или снял роль.
      </p>
      {actionData && 'error' in actionData ? (
        <p role="alert" className="form-errors">
          {actionData.error}
        </p>
      ) : null}
      <Form method="get" className="search-form" role="search">
        <label htmlFor="q">Поиск по ФИО или почте</label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
        <button type="submit" className="button button--secondary">
          Найти
        </button>
      </Form>
      <ul className="user-list">
        {users.map((u) => (
          <li key={u.id} className="card">
            <p>
              <strong>{u.fullName}</strong>
              <span className="muted block">{u.email ?? u.phone ?? 'без контактов'}</span>
            </p>
            <ul className="role-list" aria-label={`Роли: ${u.fullName}`}>
              {ROLES.map((role) => {
                const has = u.roles.includes(role)
                const locked = u.id === selfId && role === 'admin'
                return (
                  <li key={role}>
                    <Form method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="role" value={role} />
                      <input type="hidden" name="grant" value={has ? '0' : '1'} />
                      <button
                        type="submit"
                        className={`chip ${has ? 'chip--on' : ''}`}
                        aria-pressed={has}
                        disabled={locked}
                        aria-label={`${ROLE_LABELS[role]}: ${has ? 'снять роль' : 'выдать роль'} — ${u.fullName}`}
                      >
                        {ROLE_LABELS[role]}
                      </button>
                    </Form>
                  </li>
                )
              })}
            </ul>
            {u.roles.includes('operator') ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="centre" />
                <input type="hidden" name="userId" value={u.id} />
                <label htmlFor={`centre-${u.id}`}>ЦРН оператора</label>{' '}
                <select id={`centre-${u.id}`} name="centreId" defaultValue={u.centreId ?? ''}>
                  <option value="">— не назначен —</option>
                  {centres.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>{' '}
                <button type="submit" className="button button--secondary" aria-label={`Сохранить ЦРН — ${u.fullName}`}>
                  Сохранить
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {users.length === 100 ? <p className="muted">Показаны первые 100. Уточните поиск.</p> : null}
    </>
  )
}
