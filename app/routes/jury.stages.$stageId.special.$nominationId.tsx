import { parseForm } from '~/utils/forms.server'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormErrors } from '~/components/ui/field'
import { conflictMessage } from '~/modules/jury/conflict-rule.server'
import { entryAccess, getStageAccess, specialCandidates } from '~/modules/jury/queue.server'
import { firstPhotos, ownProposals, setProposal, STAGE_PENDING } from '~/modules/jury/scoring.server'
import { NOTE_MAX, ProposalSchema } from '~/modules/jury/validation'
import { PhotoPlaceholder } from '~/components/photo-placeholder'
import { photoUrl } from '~/modules/photos/view'
import { requirePermission } from '~/utils/permissions.server'
import { asRefusal } from '~/utils/refusal'
import { refusalStatus, refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'
import { quoted } from '~/utils/format'

export const links = areaStyles('jury')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Специальный приз ${quoted(data.nomination.name)} — жюри` : 'Специальный приз — жюри' },
]

async function openSpecial(request: Request, params: LoaderFunctionArgs['params']) {
  const juror = await requirePermission(request, 'jury.score')
  const access = await getStageAccess(juror, Number(params.stageId))
  const nomination = access?.assignments.find((a) => a.isSpecialPrize && a.nominationId === Number(params.nominationId))
  if (!access || !nomination) refuse('not_found', 'Вы не входите в жюри этого специального приза.')
  if (access.state === 'pending') refuse('forbidden', STAGE_PENDING)
  return { juror, access, nomination }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { juror, access, nomination } = await openSpecial(request, params)
  const candidates = await specialCandidates(access, nomination.nominationId)
  const proposals = new Map((await ownProposals(juror, [nomination.nominationId])).map((p) => [p.entryId, p.note]))
  const thumbs = await firstPhotos(candidates.map((c) => c.entryId))
  return {
    stage: { id: access.stage.id, name: access.stage.name, open: access.state === 'open' },
    contestTitle: access.contest.title,
    nomination: { id: nomination.nominationId, name: nomination.nominationName },
    candidates: candidates
      .map((c) => {
        const thumb = thumbs.get(c.entryId)
        return {
          entryId: c.entryId,
          number: c.number,
          title: c.title,
          nominationName: c.nominationName,
          thumb: thumb?.status === 'ready' ? photoUrl(thumb.id, 'thumb') : null,
          thumbProcessing: thumb?.status === 'processing',
          proposed: proposals.has(c.entryId),
          note: proposals.get(c.entryId) ?? '',
        }
      })
      .sort((a, b) => Number(b.proposed) - Number(a.proposed)),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { juror, access, nomination } = await openSpecial(request, params)
  const formData = await request.formData()
  const { submission } = parseForm(formData, ProposalSchema)
  if (submission.status !== 'success') return data({ errors: Object.values(submission.reply().error ?? {}).flatMap((e) => e ?? []) }, { status: 400 })
  const { entryId } = submission.value
  const found = await entryAccess(access, entryId)
  if (found.kind === 'excluded') refuse('forbidden', conflictMessage(found.reason))
  if (found.kind === 'absent' || !found.specialNominationIds.includes(nomination.nominationId)) {
    refuse('not_found', 'Эта заявка не может быть кандидатом на этот приз.')
  }
  const propose = submission.value.intent === 'propose'
  const note = submission.value.intent === 'propose' ? (submission.value.note ?? '') : ''
  try {
    await setProposal(juror, access, { nominationId: nomination.nominationId, entryId, propose, note })
  } catch (error) {
    const refusal = asRefusal(error)
    return data({ errors: [refusal.message] }, { status: refusalStatus(refusal) })
  }
  const returnTo = String(formData.get('returnTo') ?? '')
  const back = returnTo.startsWith('/jury/') ? returnTo : `/jury/stages/${access.stage.id}/special/${nomination.nominationId}`
  return redirectWithToast(back, { message: propose ? 'Заявка предложена на специальный приз' : 'Предложение отозвано' })
}

export default function SpecialPrizePage() {
  const { stage, contestTitle, nomination, candidates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const proposedCount = candidates.filter((c) => c.proposed).length
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/jury">Работа в жюри</Link> › <Link to={`/jury/stages/${stage.id}`}>{stage.name}</Link>
      </p>
      <h1>Специальный приз {quoted(nomination.name)}</h1>
      <p className="muted">{contestTitle}</p>
      <p>
        Специальный приз присуждается решением жюри без баллов. Предложите заявки, которые, по-вашему, его заслуживают; решение записывает
        организатор по итогам заседания жюри. Вы предложили: {proposedCount}.
      </p>
      <FormErrors errors={actionData?.errors} />
      {candidates.length ? (
        <ol className="jury-queue">
          {candidates.map((c) => (
            <li key={c.entryId} className="jury-queue__item jury-queue__item--special">
              {c.thumb ? (
                <img src={c.thumb} alt="" width={96} height={72} loading="lazy" decoding="async" className="jury-queue__thumb" />
              ) : c.thumbProcessing ? (
                <PhotoPlaceholder photo={{ status: 'processing' }} className="jury-queue__thumb" />
              ) : null}
              <div>
                <Link to={`/jury/stages/${stage.id}/entries/${c.entryId}`} className="jury-queue__title">
                  {c.number} · {c.title || 'Без названия'}
                </Link>
                {c.nominationName ? <span className="muted block">{c.nominationName}</span> : null}
                {c.proposed ? <span className="block">Вы предложили{c.note ? `: ${c.note}` : ''}</span> : null}
              </div>
              {stage.open ? (
                <Form method="post" className="jury-proposal">
                  <input type="hidden" name="entryId" value={c.entryId} />
                  {c.proposed ? (
                    <button type="submit" name="intent" value="withdraw" className="button button--secondary">
                      Отозвать <span className="sr-only">предложение {c.number}</span>
                    </button>
                  ) : (
                    <>
                      <label htmlFor={`note-${c.entryId}`} className="sr-only">
                        Пояснение к предложению {c.number} (необязательно)
                      </label>
                      <input id={`note-${c.entryId}`} name="note" maxLength={NOTE_MAX} placeholder="Пояснение (необязательно)" />
                      <button type="submit" name="intent" value="propose" className="button button--secondary">
                        Предложить <span className="sr-only">{c.number}</span>
                      </button>
                    </>
                  )}
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>Заявок-кандидатов нет.</p>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
