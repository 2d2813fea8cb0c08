import { describe, expect, it } from 'vitest'
import type { PhotoVariant } from '../../../db/schema/entries'
import { photoSource, photoSrcSet, photoUrl, photoView } from './view'

const variant = (size: PhotoVariant['size'], width: number, height: number): PhotoVariant => ({ size, width, height, key: `secret/${size}.webp`, bytes: 1 })

describe('photo views', () => {
  const photo = photoView({ id: 'p1', width: 4000, height: 2667, variants: [variant('full', 2400, 1600), variant('thumb', 400, 267), variant('gallery', 1200, 800)], status: 'ready', failure: null })

  it('tell the browser sizes and addresses, never storage keys', () => {
    expect(JSON.stringify(photo)).not.toContain('secret')
    expect(photoUrl('a/b', 'thumb')).toBe('/resources/photos/a%2Fb/thumb')
  })

  it('build the srcset from the stored variants, smallest first, one address for every viewer', () => {
    expect(photoSrcSet(photo)).toBe('/resources/photos/p1/thumb 400w, /resources/photos/p1/gallery 1200w, /resources/photos/p1/full 2400w')
  })

  it('list a width once when a small original gave two variants the same size', () => {
    const small = photoView({ id: 'p2', width: 300, height: 200, variants: [variant('thumb', 300, 200), variant('gallery', 300, 200)], status: 'ready', failure: null })
    expect(small.sources).toEqual([{ size: 'thumb', width: 300, height: 200 }])
  })

  it('use the size asked for, or the largest there is', () => {
    expect(photoSource(photo, 'gallery')?.width).toBe(1200)
    expect(photoSource(photoView({ id: 'p3', width: 300, height: 200, variants: [variant('thumb', 300, 200)], status: 'ready', failure: null }), 'gallery')?.width).toBe(300)
  })

  it('of a photo still processing have no sources, and say so', () => {
    const processing = photoView({ id: 'p4', width: 4000, height: 3000, variants: [], status: 'processing', failure: null })
    expect(processing).toEqual({ id: 'p4', width: 4000, height: 3000, sources: [], status: 'processing', failure: null })
  })
})
