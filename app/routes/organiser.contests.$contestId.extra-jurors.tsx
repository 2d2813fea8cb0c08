import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { requireOrganiserContest } from '~/modules/contests/organiser.server'
import { assignExtraJuror, extraJurorBoard, removeExtraAssignment } from '~/modules/jury/decisions.server'
import { ExtraJurorSchema } from '~/modules/jury/validation'
import { formatDateTime, quoted } from '~/utils/format'
import { parseForm } from '~/utils/forms.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { publicBaseUrl } from '~/utils/public-url.server'

export const meta: MetaFunction = () => [{ title: 'Дополнительные члены жюри — организатор' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const board = await extraJurorBoard(contest.id)
  return {
    prefix: contest.numberPrefix,
    ...board,
    extras: board.extras.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: organiser, contest } = await requireOrganiserContest(request, params.contestId, 'jury.manage')
  const formData = await request.formData()
  const { submission, hideFields } = parseForm(formData, ExtraJurorSchema)
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  const back = `/organiser/contests/${contest.id}/extra-jurors`
  try {
    if (submission.value.intent === 'assign') {
      const done = await assignExtraJuror(organiser.id, contest.id, submission.value, publicBaseUrl(request))
      return redirectWithToast(back, { message: `${done.jurorName} назначен(а) оценить заявку ${done.number}` })
    }
    await removeExtraAssignment(organiser.id, contest.id, submission.value.extraId)
    return redirectWithToast(back, { message: 'Назначение снято' })
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error))
    return data(result, { status })
  }
}

export default function ExtraJurors() {
  const { prefix, stages, jurors, extras } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    id: 'extra-juror',
    lastResult,
    defaultValue: {
      stageId: searchParams.get('stageId') ?? String(stages[stages.length - 1]?.id ?? ''),
      entry: searchParams.get('entry') ?? '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExtraJurorSchema }),
  })
  return (
    <section aria-labelledby="extra-title">
      <h2 id="extra-title">Дополнительные члены жюри</h2>
      <p>
        Если у заявки мало оценок или члены жюри сильно разошлись в баллах, попросите ещё одного члена жюри оценить её. Заявка появится в
        его очереди, ему уйдёт письмо; назначение записывается в журнал.
      </p>

      <Form method="post" {...getFormProps(form)} className="stack narrow panel">
        <input type="hidden" name="intent" value="assign" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <SelectField label="Этап" errors={fields.stageId.errors} selectProps={getSelectProps(fields.stageId)}>
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <Field
          label="Номер заявки"
          hint={`Например, ${prefix}-0412`}
          errors={fields.entry.errors}
          inputProps={{ ...getInputProps(fields.entry, { type: 'text' }), autoComplete: 'off' }}
        />
        <SelectField label="Член жюри" errors={fields.jurorId.errors} selectProps={getSelectProps(fields.jurorId)}>
          <option value="">Выберите…</option>
          {jurors.map((j) => (
            <option key={j.id} value={j.id}>
              {j.fullName}
              {j.onJury ? '' : ' (не в жюри этого конкурса)'}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button">
          Назначить
        </button>
      </Form>

      <h3>Назначенные</h3>
      {extras.length ? (
        <div className="table-wrap">
          <table>
            <caption>Дополнительные оценки по просьбе организатора</caption>
            <thead>
              <tr>
                <th scope="col">Заявка</th>
                <th scope="col">Член жюри</th>
                <th scope="col">Этап</th>
                <th scope="col">Состояние</th>
              </tr>
            </thead>
            <tbody>
              {extras.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    {x.number} {quoted(x.title)}
                  </th>
                  <td>{x.jurorName}</td>
                  <td>{x.stageName}</td>
                  <td>
                    {x.scored ? (
                      'Оценено'
                    ) : (
                      <>
                        Ждёт оценки с {formatDateTime(x.createdAt)}
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="extraId" value={x.id} />
                          <button type="submit" className="link-button block">
                            Снять назначение <span className="sr-only">{x.number}, {x.jurorName}</span>
                          </button>
                        </Form>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Дополнительных назначений нет.</p>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
