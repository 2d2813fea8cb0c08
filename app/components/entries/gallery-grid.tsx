import { Link } from '@remix-run/react'
import type { GalleryItem } from '~/modules/entries/gallery'
import { PhotoImage } from './photo-image'
import { VoteButton } from '~/components/voting/vote'
import type { VotingView } from '~/modules/voting/voting.server'

/** The grid of a gallery page. */
export function GalleryGrid({
  items,
  base,
  showNomination,
  voting = null,
  back = base,
}: {
  items: GalleryItem[]
  base: string
  showNomination: boolean
  voting?: VotingView | null
  back?: string
}) {
  return (
    <ul className="gallery" aria-label="Работы">
      {items.map((item) => (
        <li key={item.number} className="gallery__item">
          <Link to={`${base}/entries/${item.number}`} className="gallery__link">
            {item.cover ? (
              <PhotoImage photo={item.cover} sizes="(min-width: 64rem) 17rem, (min-width: 40rem) 33vw, 50vw" alt="" className="gallery__image" />
            ) : (
              <span className="gallery__image gallery__image--empty" />
            )}
            <span className="gallery__title">{item.title || 'Без названия'}</span>
          </Link>
          <span className="gallery__meta">
            {item.number}
            {showNomination && item.nomination ? ` · ${item.nomination}` : ''}
          </span>
          {item.entrant ? <span className="gallery__meta">{item.entrant}</span> : null}
          {item.authors ? <span className="gallery__meta">{item.authors.join(', ')}</span> : null}
          {voting ? <VoteButton number={item.number} view={voting} back={back} /> : null}
        </li>
      ))}
    </ul>
  )
}
