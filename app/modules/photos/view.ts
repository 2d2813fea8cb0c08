/** What the browser gets to know about a stored photo: its sizes and addresses, never its storage keys. */
import type { PhotoVariant } from '../../../db/schema/entries'

export type PhotoView = {
  id: string
  width: number
  height: number
  /** Distinct variant widths, smallest first, for srcset. */
  sources: { size: PhotoVariant['size']; width: number; height: number }[]
}

export function photoView(photo: { id: string; width: number; height: number; variants: PhotoVariant[] }): PhotoView {
  const sources: PhotoView['sources'] = []
  for (const v of [...photo.variants].sort((a, b) => a.width - b.width)) {
    // A small original is never upscaled, so two variants can share a width: srcset wants one.
    if (!sources.some((s) => s.width === v.width)) sources.push({ size: v.size, width: v.width, height: v.height })
  }
  return { id: photo.id, width: photo.width, height: photo.height, sources }
}

export const photoUrl = (id: string, size: PhotoVariant['size']) => `/resources/photos/${id}/${size}`
