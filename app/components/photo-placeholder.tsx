import { PHOTO_FAILED, PHOTO_PROCESSING, PHOTO_PROCESSING_HINT, type PhotoView } from '~/modules/photos/view'

/** Soft hyphens where the long words may break in a thumbnail's narrow box; a browser shows one only where it breaks. */
const breakable = (text: string) => text.replace('обрабатывается', 'обраба\u00adтывается').replace('обработано', 'обрабо\u00adтано')

/**
 * What stands in a photo's place while its variants are being made, or once they could not be: words,
 * not an image (no script needed; reloading the page shows the photo once it exists). `hint` adds
 * what to do, where there is room for it.
 */
export function PhotoPlaceholder({ photo, hint = false, className }: { photo: Pick<PhotoView, 'status'>; hint?: boolean; className?: string }) {
  const failed = photo.status === 'failed'
  return (
    <div className={`photo-placeholder${failed ? ' photo-placeholder--failed' : ''}${className ? ` ${className}` : ''}`}>
      <p className="photo-placeholder__text">
        {breakable(failed ? PHOTO_FAILED : PHOTO_PROCESSING)}
        {hint && !failed ? `. ${PHOTO_PROCESSING_HINT}` : ''}
      </p>
    </div>
  )
}

/** Why the photo could not be processed, where its owner or the organiser reads it; nothing for any other photo. */
export function PhotoFailure({ photo, label }: { photo: Pick<PhotoView, 'status' | 'failure'>; label?: string }) {
  if (photo.status !== 'failed' || !photo.failure) return null
  return (
    <p className="photo-failure">
      {label ? `${label}: ` : ''}
      {photo.failure}
    </p>
  )
}

/**
 * The failures of a grid's photos, said under the grid (a grid's cell is too narrow for a sentence),
 * each with the photo's number in the grid.
 */
export function PhotoFailures({ photos }: { photos: Pick<PhotoView, 'id' | 'status' | 'failure'>[] }) {
  if (!photos.some((p) => p.status === 'failed' && p.failure)) return null
  return (
    <>
      {photos.map((p, i) => (
        <PhotoFailure key={p.id} photo={p} label={`${PHOTO_FAILED}: фотография ${i + 1}`} />
      ))}
    </>
  )
}
