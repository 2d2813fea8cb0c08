import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DetailRow } from '~/components/entries/entry-details'
import { Lightbox } from '~/components/entries/lightbox'
import { PhotoImage } from '~/components/entries/photo-image'
import { ShareLink } from '~/components/entries/share'
import { VoteButton, VotingNotice } from '~/components/voting/vote'
import { submitVote } from '~/modules/voting/vote-form.server'
import { votingView } from '~/modules/voting/voting.server'
import { getUser } from '~/utils/auth.server'
import { requirePermission } from '~/utils/permissions.server'
import { refuse } from '~/utils/refusal.server'
import { getPublicEntry } from '~/modules/entries/gallery.server'
import { areaStyles } from '~/styles/links'
import { photoSource, photoUrl } from '~/modules/photos/view'
import { quoted } from '~/utils/format'
import { ENTRANT_LABEL, peopleLabel } from '~/modules/contests/entrant'
import { publicBaseUrl } from '~/utils/public-url.server'
import { shareMeta } from '~/utils/share'

export const links = areaStyles('entries')

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: 'Работа не найдена' }]
  const { contest, entry, share } = data
  return [
    { title: `${entry.number} ${quoted(entry.title)} — ${contest.title}` },
    ...shareMeta({
      title: `${quoted(entry.title || 'Без названия')}, работа ${entry.number}`,
      description: entry.nomination ? `${contest.title}, номинация ${quoted(entry.nomination)}` : contest.title,
      ...share,
    }),
  ]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await getPublicEntry(params.slug ?? '', params.number ?? '')
  if (!found) refuse('not_found', 'Такой работы нет в галерее конкурса.')
  const base = publicBaseUrl(request)
  const cover = found.entry.photos[0]
  const url = new URL(request.url)
  return {
    ...found,
    voting: await votingView(found.contest.slug, (await getUser(request)).user, [found.entry.number]),
    back: url.pathname,
    share: {
      url: `${base}/contests/${found.contest.slug}/entries/${encodeURIComponent(found.entry.number)}`,
      image: cover ? base + photoUrl(cover.id, photoSource(cover, 'gallery').size) : null,
    },
  }
}

/** A vote given on the entry's page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const voter = await requirePermission(request, 'vote.cast')
  return await submitVote(request, voter, params.slug ?? '', context)
}

export default function PublicEntry() {
  const { contest, entry, share, voting, back } = useLoaderData<typeof loader>()
  return (
    <article className="public-entry">
      <p className="breadcrumbs">
        <Link to={`/contests/${contest.slug}`}>{contest.title}</Link> · <Link to={`/contests/${contest.slug}/gallery`}>Галерея</Link>
      </p>
      <h1>{entry.title || 'Без названия'}</h1>
      <p className="lead">
        Работа {entry.number}
        {entry.nomination ? ` · ${quoted(entry.nomination)}` : ''}
      </p>
      <dl className="details">
        {entry.entrant ? (
          <>
            <dt>{ENTRANT_LABEL}</dt>
            <dd>{entry.entrant}</dd>
          </>
        ) : null}
        {entry.authors?.length ? (
          <>
            <dt>{peopleLabel(entry.entrant, entry.authors.length)}</dt>
            <dd>{entry.authors.join(', ')}</dd>
          </>
        ) : null}
        {entry.district ? (
          <>
            <dt>Район</dt>
            <dd>{entry.district}</dd>
          </>
        ) : null}
        {entry.fields.map((f) => (
          <DetailRow key={f.label} label={f.label} value={f.value} />
        ))}
      </dl>
      {entry.description ? <p className="entry-description">{entry.description}</p> : null}
      {voting ? (
        <>
          <VotingNotice view={voting} back={back} />
          <VoteButton number={entry.number} view={voting} back={back} />
        </>
      ) : null}
      <ShareLink url={share.url} title={`${quoted(entry.title || 'Без названия')} — ${contest.title}`} />
      {entry.photos.length ? (
        <>
          <h2>Фотографии</h2>
          <ul className="photo-grid" aria-label="Фотографии работы">
            {entry.photos.map((p, i) => (
              <li key={p.id}>
                <a href={`#photo-${i + 1}`} id={`photo-thumb-${i + 1}`} aria-label={`Открыть фотографию ${i + 1} из ${entry.photos.length}`}>
                  <PhotoImage photo={p} sizes="(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw" alt={`${entry.title}, фотография ${i + 1}`} />
                </a>
              </li>
            ))}
          </ul>
          <Lightbox photos={entry.photos} title={entry.title} />
        </>
      ) : null}
    </article>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
