import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Field, FormErrors, TextareaField } from '~/components/ui/field'
import { createContest } from '~/modules/contests/organiser.server'
import { CreateContestSchema, TEXT_LIMITS } from '~/modules/contests/validation'
import { requirePermission } from '~/utils/permissions.server'
import { CITY_UTC_OFFSET_MS } from '~/utils/format'
import { useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Новый конкурс — Городские конкурсы' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'contest.manage')
  // The year of the contest defaults to the coming one when the year is nearly over, as the city plans ahead.
  const local = new Date(Date.now() + CITY_UTC_OFFSET_MS)
  return { year: local.getUTCMonth() >= 9 ? local.getUTCFullYear() + 1 : local.getUTCFullYear() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'contest.manage')
  return submitForm(await request.formData(), 'create', CreateContestSchema, async (value) => {
    const id = await createContest(user.id, value)
    return redirectWithToast(`/organiser/contests/${id}`, { message: 'Конкурс создан. Добавьте номинации, критерии и сроки приёма заявок.' })
  })
}

export default function NewContest() {
  const { year } = useLoaderData<typeof loader>()
  const [form, fields] = useKeyedForm('create', {
    schema: CreateContestSchema,
    defaultValue: { year },
  })
  return (
    <section className="narrow" aria-labelledby="new-title">
      <p className="breadcrumbs">
        <Link to="/organiser">Конкурсы</Link>
      </p>
      <h1 id="new-title">Новый конкурс</h1>
      <p>Конкурс создаётся черновиком: его видят только организаторы, пока вы не объявите его.</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field
          label="Название"
          hint="Как его увидят жители, например «Тепло твоих рук 2027»"
          errors={fields.title.errors}
          inputProps={{
            ...getInputProps(fields.title, { type: 'text' }),
            maxLength: TEXT_LIMITS.title,
          }}
        />
        <Field
          label="Краткое название"
          hint="Для списков и дипломов, например «Тепло твоих рук»"
          errors={fields.shortName.errors}
          inputProps={{
            ...getInputProps(fields.shortName, { type: 'text' }),
            maxLength: TEXT_LIMITS.shortName,
          }}
        />
        <Field
          label="Адрес страницы (необязательно)"
          hint="Латинскими буквами; если оставить пустым, составится из названия"
          errors={fields.slug.errors}
          inputProps={{
            ...getInputProps(fields.slug, { type: 'text' }),
            maxLength: TEXT_LIMITS.slug,
            autoCapitalize: 'none',
          }}
        />
        <Field
          label="Год"
          errors={fields.year.errors}
          inputProps={{
            ...getInputProps(fields.year, { type: 'text' }),
            inputMode: 'numeric',
          }}
        />
        <Field
          label="Префикс номеров заявок"
          hint="Буквы перед номером заявки: ТТР → ТТР-0412"
          errors={fields.numberPrefix.errors}
          inputProps={{
            ...getInputProps(fields.numberPrefix, { type: 'text' }),
            maxLength: TEXT_LIMITS.numberPrefix,
          }}
        />
        <TextareaField
          label="Что такое заявка, в одну строку (необязательно)"
          errors={fields.summary.errors}
          textareaProps={{
            ...getTextareaProps(fields.summary),
            rows: 2,
            maxLength: TEXT_LIMITS.summary,
          }}
        />
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
