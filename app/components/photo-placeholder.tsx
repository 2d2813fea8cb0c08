import { PHOTO_FAILED, PHOTO_PROCESSING, PHOTO_PROCESSING_HINT, type PhotoView } from '~/modules/photos/view'

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
        {failed ? PHOTO_FAILED : PHOTO_PROCESSING}
        {hint && !failed ? `. ${PHOTO_PROCESSING_HINT}` : ''}
      </p>
    </div>
  )
}

/** Why the photo could not be processed, where its owner or the organiser reads it; nothing for any other photo. */
export function PhotoFailure({ photo }: { photo: Pick<PhotoView, 'status' | 'failure'> }) {
  if (photo.status !== 'failed' || !photo.failure) return null
  return <p className="photo-failure">{photo.failure}</p>
}
