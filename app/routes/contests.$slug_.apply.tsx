import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EntryForm } from '~/components/entries/entry-form'
import { entriesLeft, entriesOpen, getFormContext, getPublicContestBySlug, newSubmissionKey } from '~/modules/entries/entries.server'
import { handleEntryForm } from '~/modules/entries/form.server'
import { savedEntryToast, savedEntryUrl } from '~/modules/entries/messages'
import { contestPhase } from '~/modules/contests/lifecycle'
import { requirePermission } from '~/utils/permissions.server'
import { formatClosingDay } from '~/utils/format'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { areaStyles } from '~/styles/links'
import { NO_PUBLIC_CONTEST, UNKNOWN_ACTION } from '~/utils/refusal'
import { chairedOrganisation } from '~/modules/contests/entrant.server'
import { labelOf } from '~/modules/entries/organisation-choice.server'

export const links = areaStyles('entries')

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Заявка: ${data.contest.title} — Городские конкурсы` : 'Заявка — Городские конкурсы' }]

async function contestOr404(slug: string | undefined) {
  const contest = await getPublicContestBySlug(slug ?? '')
  if (!contest) refuse('not_found', NO_PUBLIC_CONTEST)
  return contest
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'entry.apply')
  const contest = await contestOr404(params.slug)
  const now = new Date()
  const summary = { slug: contest.slug, title: contest.title, closesAt: contest.closesAt?.toISOString() ?? null }
  if (!entriesOpen(contest, now)) {
    return { contest: summary, closed: contestPhase(contest, now).label, left: 0, form: null }
  }
  return {
    contest: summary,
    closed: null,
    left: await entriesLeft(user.id, contest),
    max: contest.maxEntriesPerUser,
    form: {
      ctx: await getFormContext(contest, 'resident'),
      // A committee's chairperson applies for their committee: it is chosen already.
      defaultValue: { authors: [{ fullName: user.fullName }], organisation: await labelOf((await chairedOrganisation(user.id, contest)) ?? null) },
      submissionKey: newSubmissionKey(),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'entry.apply')
  const contest = await contestOr404(params.slug)
  const outcome = await handleEntryForm(request, {
    actor: user,
    contest,
    spec: (await getFormContext(contest, 'resident')).spec,
    entry: null,
    ownerId: user.id,
    operator: false,
    now: new Date(),
  })
  if (outcome.kind === 'saved') return redirectWithToast(savedEntryUrl(outcome.saved, null), savedEntryToast(outcome.saved, contest))
  // The form comes back with the photos it keeps (chosen without JavaScript): the page carries them on.
  if (outcome.kind === 'reply') return data({ ...outcome.result, keptPhotos: outcome.photos }, { status: outcome.status })
  refuse('invalid', UNKNOWN_ACTION)
}

export default function ApplyPage() {
  const loaderData = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { contest, closed, form } = loaderData
  return (
    <section aria-labelledby="apply-title">
      <p className="breadcrumbs">
        <Link to={`/contests/${contest.slug}`}>{contest.title}</Link>
      </p>
      <h1 id="apply-title">Заявка на конкурс</h1>
      <p className="lead">{contest.title}</p>
      {closed || !form ? (
        <div className="panel">
          <p>
            <strong>{closed}.</strong> Сейчас заявки на этот конкурс не принимаются.
          </p>
          <p>
            <Link to="/my/entries">Мои заявки</Link>
          </p>
        </div>
      ) : loaderData.left === 0 ? (
        <div className="panel">
          <p>Вы уже подали наибольшее число заявок, которое разрешено в этом конкурсе ({loaderData.max}).</p>
          <p>
            <Link to="/my/entries">Мои заявки</Link>
          </p>
        </div>
      ) : (
        <>
          {contest.closesAt ? <p className="deadline">Заявки принимаются по {formatClosingDay(contest.closesAt)} включительно.</p> : null}
          <EntryForm
            ctx={form.ctx}
            lastResult={lastResult}
            defaultValue={form.defaultValue}
            photos={[]}
            keptPhotos={lastResult?.keptPhotos}
            submitted={false}
            submissionKey={form.submissionKey}
          />
        </>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
