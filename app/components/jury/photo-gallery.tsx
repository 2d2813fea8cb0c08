import { PhotoPlaceholder } from '~/components/photo-placeholder'
import { photoSource, photoSrcSet, photoUrl, type PhotoView } from '~/modules/photos/view'

/**
 * The entry's photos, large: a strip that swipes sideways on a phone (CSS scroll snapping, no script),
 * each photo a link to its full-size variant for zooming in.
 */
export function PhotoGallery({ photos }: { photos: PhotoView[] }) {
  if (!photos.length) return <p className="muted">К заявке не приложены фотографии.</p>
  return (
    <div className="jury-photos">
      <ul className="jury-photos__strip">
        {photos.map((p, i) => {
          const gallery = photoSource(p, 'gallery')
          if (p.status !== 'ready' || !gallery) {
            return (
              <li key={p.id} className="jury-photos__item">
                <PhotoPlaceholder photo={p} hint />
              </li>
            )
          }
          return (
            <li key={p.id} className="jury-photos__item">
              <a href={photoUrl(p.id, 'full')} target="_blank" rel="noopener noreferrer" className="jury-photos__link">
                <img
                  src={photoUrl(p.id, gallery.size)}
                  srcSet={photoSrcSet(p)}
                  sizes="(min-width: 64rem) 40rem, 100vw"
                  width={gallery.width}
                  height={gallery.height}
                  alt={`Фотография ${i + 1} из ${photos.length}, открыть в полном размере`}
                  loading={i === 0 ? 'eager' : 'lazy'}
                  decoding="async"
                />
              </a>
            </li>
          )
        })}
      </ul>
      <p className="muted jury-photos__hint">
        {photos.length > 1 ? `${photos.length} фото: листайте в сторону. ` : ''}Нажмите на фотографию, чтобы открыть её в полном размере.
      </p>
    </div>
  )
}
