import { PhotoPlaceholder } from '~/components/photo-placeholder'
import { photoSrcSet, photoUrl, type PhotoView } from '~/modules/photos/view'

/**
 * A stored photo with every variant in srcset, so that a phone downloads the 400 px thumbnail and a
 * wide screen the larger one; width and height keep the layout still while it loads. Until its
 * variants exist (or when they could not be made), words stand in its place.
 */
export function PhotoImage({ photo, sizes, alt, className }: { photo: PhotoView; sizes: string; alt: string; className?: string }) {
  const smallest = photo.sources[0]
  if (photo.status !== 'ready' || !smallest) return <PhotoPlaceholder photo={photo} className={className} />
  return (
    <img
      src={photoUrl(photo.id, smallest.size)}
      srcSet={photoSrcSet(photo)}
      sizes={sizes}
      width={smallest.width}
      height={smallest.height}
      loading="lazy"
      decoding="async"
      alt={alt}
      className={className}
    />
  )
}
