import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { findPhotoForViewer } from '~/modules/photos/photos.server'
import { photoSize } from '~/modules/photos/serve.server'
import { getUser } from '~/utils/auth.server'
import { getStorage } from '~/utils/storage.server'

function notFound() {
  return new Response('Фотография не найдена', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}

/**
 * A photo variant. Variants never change under their address, so accepted entries' photos are
 * cached for a year by anyone; other photos only privately, and re-checked on every use (the
 * ETag saves sending the bytes again), because access can end when an entry is rejected.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await getUser(request)
  const size = photoSize(params.size)
  if (!size || !params.photoId) return notFound()
  const photo = findPhotoForViewer(params.photoId, size, user)
  if (!photo) return notFound()
  const headers = new Headers({
    'Content-Type': 'image/webp',
    ETag: `"${params.photoId}-${size}"`,
    'Cache-Control': photo.isPublic ? 'public, max-age=31536000, immutable' : 'private, no-cache',
    'Content-Disposition': 'inline',
  })
  if (request.headers.get('if-none-match') === headers.get('ETag')) return new Response(null, { status: 304, headers })
  const object = await getStorage().get(photo.key)
  if (!object) {
    console.error(`Photo ${params.photoId} (${size}) is in the database but not in storage`)
    return notFound()
  }
  headers.set('Content-Length', String(object.size))
  return new Response(createReadableStreamFromReadable(object.stream), { status: 200, headers })
}
