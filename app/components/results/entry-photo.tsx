import { photoUrl } from '~/modules/photos/view'
import type { SnapshotPhoto } from '~/modules/results/ranking'

/** A published entry's photo, in the size the screen needs. */
export function EntryPhoto({ photo, alt }: { photo: SnapshotPhoto; alt: string }) {
  const sizes = photo.variants.filter((v) => v.size !== 'full')
  const fallback = sizes.find((v) => v.size === 'gallery') ?? sizes[0]
  if (!fallback) return null
  const scale = fallback.width / photo.width
  return (
    <img
      className="entry-photo"
      src={photoUrl(photo.id, fallback.size)}
      srcSet={sizes.map((v) => `${photoUrl(photo.id, v.size)} ${v.width}w`).join(', ')}
      sizes="(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw"
      width={fallback.width}
      height={Math.round(photo.height * scale)}
      alt={alt}
      loading="lazy"
      decoding="async"
    />
  )
}
