import type { PhotoView } from '~/modules/photos/view'
import { countOf, quoted } from '~/utils/format'
import { photoUrl } from '~/modules/photos/view'
import { PhotoFailures, PhotoPlaceholder } from '~/components/photo-placeholder'
import { PhotoImage } from './photo-image'

/** One term and its value in a details list (`<dl>`). */
export function DetailRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  )
}

type Details = {
  title: string
  description: string
  address: string
  nomination: string | null
  district: string | null
  organisation: string | null
  authors: { fullName: string; age: number | null; parentConsent: boolean }[]
  fields: { label: string; value: string }[]
}

/** An entry as its entrant (or the operator who entered it) reads it once it can no longer be edited. */
export function EntryDetails({ entry, photos }: { entry: Details; photos: (PhotoView & { originalName: string })[] }) {
  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">{entry.title || 'Без названия'}</h2>
      <dl className="details">
        <dt>Номинация</dt>
        <dd>{entry.nomination ? quoted(entry.nomination) : 'не выбрана'}</dd>
        {entry.district ? <DetailRow label="Район" value={entry.district} /> : null}
        {entry.address ? <DetailRow label="Адрес" value={entry.address} /> : null}
        {entry.organisation ? <DetailRow label="Организация" value={entry.organisation} /> : null}
        <dt>{entry.authors.length > 1 ? 'Авторы' : 'Автор'}</dt>
        <dd>
          <ul className="plain-list">
            {entry.authors.map((a, i) => (
              <li key={i}>
                {a.fullName}
                {a.age !== null ? `, ${countOf(a.age, ['год', 'года', 'лет'])}` : ''}
                {a.parentConsent ? ' (согласие родителя получено)' : ''}
              </li>
            ))}
          </ul>
        </dd>
        {entry.fields.map((f) => (
          <DetailRow key={f.label} label={f.label} value={f.value} />
        ))}
      </dl>
      {entry.description ? <p className="entry-description">{entry.description}</p> : null}
      {photos.length ? (
        <ul className="photo-grid" aria-label="Фотографии заявки">
          {photos.map((p, i) => (
            <li key={p.id}>
              {p.status === 'ready' ? (
                <a href={photoUrl(p.id, 'full')}>
                  <PhotoImage photo={p} sizes="(min-width: 40rem) 12rem, 45vw" alt={`Фотография ${i + 1}${p.originalName ? `: ${p.originalName}` : ''}`} />
                </a>
              ) : (
                <PhotoPlaceholder photo={p} hint />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Фотографий нет.</p>
      )}
      <PhotoFailures photos={photos} />
    </section>
  )
}
