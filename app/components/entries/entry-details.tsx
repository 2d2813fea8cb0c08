import { Fragment } from 'react'
import type { PhotoView } from '~/modules/photos/view'
import { countOf } from '~/utils/format'
import { photoUrl } from '~/modules/photos/view'
import { PhotoImage } from './photo-image'

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
        <dd>{entry.nomination ? `«${entry.nomination}»` : 'не выбрана'}</dd>
        {entry.district ? (
          <>
            <dt>Район</dt>
            <dd>{entry.district}</dd>
          </>
        ) : null}
        {entry.address ? (
          <>
            <dt>Адрес</dt>
            <dd>{entry.address}</dd>
          </>
        ) : null}
        {entry.organisation ? (
          <>
            <dt>Организация</dt>
            <dd>{entry.organisation}</dd>
          </>
        ) : null}
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
          <Fragment key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </Fragment>
        ))}
      </dl>
      {entry.description ? <p className="entry-description">{entry.description}</p> : null}
      {photos.length ? (
        <ul className="photo-grid" aria-label="Фотографии заявки">
          {photos.map((p, i) => (
            <li key={p.id}>
              <a href={photoUrl(p.id, 'full')}>
                <PhotoImage photo={p} sizes="(min-width: 40rem) 12rem, 45vw" alt={`Фотография ${i + 1}${p.originalName ? `: ${p.originalName}` : ''}`} />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Фотографий нет.</p>
      )}
    </section>
  )
}
