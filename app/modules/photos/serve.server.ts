/** Sending a stored photo variant: the sizes an address may name, and the response for a storage key. */
import { createReadableStreamFromReadable } from '@remix-run/node'
import type { PhotoVariant } from '../../../db/schema/entries'
import { getStorage } from '../../utils/storage.server'

const SIZES = ['thumb', 'gallery', 'full'] as const satisfies readonly PhotoVariant['size'][]

/** The variant size an address names, or null for anything else. */
export function photoSize(param: string | undefined): PhotoVariant['size'] | null {
  return SIZES.find((s) => s === param) ?? null
}

/** The WebP variant under `key` (null when the viewer may not have it), or a 404. */
export async function photoResponse(key: string | null, cacheControl: string) {
  const file = key ? await getStorage().get(key) : null
  if (!file) throw new Response('Фотография не найдена.', { status: 404 })
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.size),
      'Cache-Control': cacheControl,
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
