import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ItemFields } from '~/components/directory/item-fields'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ActionButton } from '~/components/ui/action-button'
import { Field, FormErrors } from '~/components/ui/field'
import { listOperators, setOperatorCentre } from '~/modules/accounts/accounts.server'
import { getItem, removeItem, saveItem, setChairperson } from '~/modules/directory/directory.server'
import { EMAIL_MAX, EmailSchema } from '~/modules/accounts/validation'
import { hasChairperson, isDirectoryList, ItemSchema, LISTS } from '~/modules/directory/lists'
import { areaStyles } from '~/styles/links'
import { useFormReply, useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { quoted } from '~/utils/format'
import { requirePermission } from '~/utils/permissions.server'
import { NO_SUCH_PAGE, UNKNOWN_ACTION } from '~/utils/refusal'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const links = areaStyles('organiser')

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `${page?.item.name ?? 'Запись справочника'} — Городские конкурсы` }]

function address(params: LoaderFunctionArgs['params']) {
  const id = Number(params.id)
  if (!isDirectoryList(params.list) || !/^\d{1,9}$/.test(params.id ?? '')) refuse('not_found', NO_SUCH_PAGE)
  return { list: params.list, id }
}

const OperatorSchema = z.object({ userId: z.string({ error: 'Выберите оператора' }).uuid('Выберите оператора') })
const ChairpersonSchema = z.object({ email: EmailSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'directory.manage')
  const { list, id } = address(params)
  const found = await getItem(list, id)
  if (!found) refuse('not_found', NO_SUCH_PAGE)
  return { list, ...found, operators: list === 'centres' ? await listOperators() : [] }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, 'directory.manage')
  const { list, id } = address(params)
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (list === 'centres' && (intent === 'assign' || intent === 'unassign')) {
    return submitForm(formData, 'operators', OperatorSchema, async ({ userId }) => {
      await setOperatorCentre(actor.id, userId, intent === 'assign' ? id : null)
      return redirectWithToast(`/organiser/directory/${list}/${id}`, { message: intent === 'assign' ? 'Оператор назначен в этот ЦРН' : 'Оператор откреплён от ЦРН' })
    })
  }
  if (hasChairperson(list) && (intent === 'chairperson' || intent === 'chairperson-remove')) {
    return submitForm(formData, 'chairperson', intent === 'chairperson' ? ChairpersonSchema : z.object({}), async (value) => {
      const done = await setChairperson(actor.id, list, id, 'email' in value ? value.email : null)
      return redirectWithToast(`/organiser/directory/${list}/${id}`, { message: done.chairperson ? `Председатель: ${done.chairperson}` : 'Председатель больше не указан' })
    })
  }
  switch (intent) {
    case 'save':
      return submitForm(formData, 'save', ItemSchema, async (value) => {
        await saveItem(actor.id, list, id, value)
        return redirectWithToast(`/organiser/directory/${list}/${id}`, { message: 'Сохранено' })
      })
    case 'delete':
      return submitForm(formData, 'delete', z.object({}), async () => {
        const name = await removeItem(actor.id, list, id)
        return redirectWithToast(`/organiser/directory/${list}`, { message: `Удалено: ${quoted(name)}` })
      })
    default:
      refuse('invalid', UNKNOWN_ACTION)
  }
}

export default function DirectoryItemPage() {
  const { list, item, places, operators, chairperson } = useLoaderData<typeof loader>()
  const operatorsReply = useFormReply('operators')
  const chairReply = useFormReply('chairperson')
  const spec = LISTS[list]
  const [form, fields] = useKeyedForm('save', { schema: ItemSchema, defaultValue: item })
  const deleteReply = useFormReply('delete')
  const deleteErrors = deleteReply?.error?.[''] ?? undefined
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link> / <Link to="/organiser/directory">Справочник города</Link> / <Link to={`/organiser/directory/${list}`}>{spec.title}</Link>
      </p>
      <h1>{item.name}</h1>
      <p className="muted">Код {item.id}</p>
      <Form method="post" className="stack panel" {...getFormProps(form)}>
        <h2>Изменить</h2>
        <input type="hidden" name="intent" value="save" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <ItemFields list={list} fields={fields} places={places} />
        <button type="submit" className="button">
          Сохранить
        </button>
      </Form>
      {list === 'centres' ? (
        <section aria-labelledby="operators-title" className="panel stack">
          <h2 id="operators-title">Операторы ЦРН</h2>
          <FormErrors errors={operatorsReply?.error?.[''] ?? operatorsReply?.error?.userId ?? undefined} id="operators-error" />
          {operators.some((o) => o.centreId === item.key) ? (
            <ul className="org-list">
              {operators
                .filter((o) => o.centreId === item.key)
                .map((o) => (
                  <li key={o.id}>
                    {o.fullName}{' '}
                    <ActionButton intent="unassign" fields={{ userId: o.id }} context={o.fullName}>
                      Открепить
                    </ActionButton>
                  </li>
                ))}
            </ul>
          ) : (
            <p>Операторов пока нет. Бумажные заявки, которые внесёт оператор этого ЦРН, будут отмечены им.</p>
          )}
          {operators.some((o) => o.centreId !== item.key) ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="assign" />
              <div className="field">
                <label htmlFor="operator">Оператор (с ролью «Оператор ЦРН»)</label>
                <select id="operator" name="userId" required>
                  {operators
                    .filter((o) => o.centreId !== item.key)
                    .map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.fullName}
                        {o.email ? ` (${o.email})` : ''}
                      </option>
                    ))}
                </select>
              </div>
              <button type="submit" className="button button--secondary">
                Назначить в этот ЦРН
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {hasChairperson(list) ? (
        <section aria-labelledby="chair-title" className="panel stack">
          <h2 id="chair-title">Председатель</h2>
          <p>
            Председатель подаёт заявки от её имени в конкурсах, где участники — комитеты и организации, и видит в своём кабинете все её заявки и дипломы, в том числе внесённые
            оператором ЦРН.
          </p>
          {chairperson ? (
            <p>
              Сейчас: {chairperson.fullName}
              {chairperson.email ? ` (${chairperson.email})` : ''}{' '}
              <ActionButton intent="chairperson-remove" context={chairperson.fullName}>
                Убрать
              </ActionButton>
            </p>
          ) : (
            <p>Председатель не указан.</p>
          )}
          <FormErrors errors={chairReply?.error?.[''] ?? undefined} id="chair-error" />
          {/* Keyed by the chairperson: once one is named, the field starts empty again. */}
          <Form method="post" className="stack" key={chairperson?.id ?? 'none'}>
            <input type="hidden" name="intent" value="chairperson" />
            <Field
              label="Электронная почта председателя"
              hint="Адрес его учётной записи на сайте."
              errors={chairReply?.error?.email ?? undefined}
              inputProps={{ id: 'chair-email', name: 'email', type: 'email', autoComplete: 'off', required: true, maxLength: EMAIL_MAX }}
            />
            <button type="submit" className="button button--secondary">
              {chairperson ? 'Назначить другого' : 'Назначить председателя'}
            </button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="delete-title" className="panel stack">
        <h2 id="delete-title">Удалить</h2>
        <p>Запись, на которую ссылаются заявки, учётные записи или другие записи справочника, удалить нельзя.</p>
        <FormErrors errors={deleteErrors ?? undefined} id="delete-error" />
        <ActionButton intent="delete" context={item.name}>
          Удалить
        </ActionButton>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
