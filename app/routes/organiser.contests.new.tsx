import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormMessages, TextAreaField, TextField, useFormState } from '~/components/organiser/form'
import { submitForm } from '~/modules/contests/forms.server'
import { createContest } from '~/modules/contests/organiser.server'
import { CreateContestSchema } from '~/modules/contests/validation'
import { requirePermission } from '~/utils/permissions.server'
import { CITY_UTC_OFFSET_MS } from '~/utils/format'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'

export const links = areaStyles('organiser')

export const meta: MetaFunction = () => [{ title: 'Новый конкурс — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'contest.manage')
  // The year of the contest defaults to the coming one when the year is nearly over, as the city plans ahead.
  const local = new Date(Date.now() + CITY_UTC_OFFSET_MS)
  return { year: local.getUTCMonth() >= 9 ? local.getUTCFullYear() + 1 : local.getUTCFullYear() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'contest.manage')
  return submitForm(await request.formData(), 'create', CreateContestSchema, (value) => {
    const id = createContest(user.id, value)
    return redirectWithToast(`/organiser/contests/${id}`, { message: 'Конкурс создан. Добавьте номинации, критерии и сроки приёма заявок.' })
  })
}

export default function NewContest() {
  const { year } = useLoaderData<typeof loader>()
  const state = useFormState('create')
  return (
    <section className="narrow" aria-labelledby="new-title">
      <p className="breadcrumbs">
        <Link to="/organiser">Конкурсы</Link>
      </p>
      <h1 id="new-title">Новый конкурс</h1>
      <p>Конкурс создаётся черновиком: его видят только организаторы, пока вы не объявите его.</p>
      <Form method="post" className="stack" noValidate>
        <FormMessages state={state} />
        <TextField state={state} name="title" label="Название" hint="Как его увидят жители, например «Тепло твоих рук 2027»" saved="" maxLength={200} />
        <TextField state={state} name="shortName" label="Краткое название" hint="Для списков и дипломов, например «Тепло твоих рук»" saved="" maxLength={100} />
        <TextField state={state} name="slug" label="Адрес страницы (необязательно)" hint="Латинскими буквами; если оставить пустым, составится из названия" saved="" maxLength={80} autoCapitalize="none" />
        <TextField state={state} name="year" label="Год" saved={year} inputMode="numeric" />
        <TextField state={state} name="numberPrefix" label="Префикс номеров заявок" hint="Буквы перед номером заявки: ТТР → ТТР-0412" saved="" maxLength={6} />
        <TextAreaField state={state} name="summary" label="Что такое заявка, в одну строку (необязательно)" saved="" rows={2} maxLength={300} />
        <button type="submit" className="button">
          Создать
        </button>
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
