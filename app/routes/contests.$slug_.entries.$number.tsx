import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DetailRow } from '~/components/entries/entry-details'
import { Lightbox } from '~/components/entries/lightbox'
import { PhotoImage } from '~/components/entries/photo-image'
import { refuse } from '~/utils/refusal.server'
import { getPublicEntry } from '~/modules/entries/gallery.server'
import { areaStyles } from '~/styles/links'
import { quoted } from '~/utils/format'

export const links = areaStyles('entries')

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.entry.number} ${quoted(data.entry.title)} — ${data.contest.title}` : 'Работа не найдена' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getPublicEntry(params.slug ?? '', params.number ?? '')
  if (!found) refuse('not_found', 'Такой работы нет в галерее конкурса.')
  return found
}

export default function PublicEntry() {
  const { contest, entry } = useLoaderData<typeof loader>()
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
        {entry.authors?.length ? (
          <>
            <dt>{entry.authors.length > 1 ? 'Авторы' : 'Автор'}</dt>
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
