/**
 * Checks on stored photos shared by the pipeline's unit tests and the HTTP tests: no metadata of
 * any kind in a WebP, and pixel comparisons that tell a mirrored or rotated picture apart.
 */
import exifr from 'exifr'
import sharp from 'sharp'
import { expect } from 'vitest'

/** The chunks of a RIFF/WebP file: anything besides the bitstream would be metadata. */
export function webpChunks(file: Buffer) {
  expect(file.toString('latin1', 0, 4)).toBe('RIFF')
  expect(file.toString('latin1', 8, 12)).toBe('WEBP')
  const chunks: { id: string; payload: Buffer }[] = []
  for (let at = 12; at + 8 <= file.length; ) {
    const size = file.readUInt32LE(at + 4)
    chunks.push({ id: file.toString('latin1', at, at + 4), payload: file.subarray(at + 8, at + 8 + size) })
    at += 8 + size + (size % 2)
  }
  return chunks
}

// What libvips itself writes into a JPEG when asked to keep metadata that does not exist.
export const LIBVIPS_DEFAULT_EXIF = new Set([
  'Orientation',
  'XResolution',
  'YResolution',
  'ResolutionUnit',
  'YCbCrPositioning',
  'ExifVersion',
  'ComponentsConfiguration',
  'FlashpixVersion',
  'ColorSpace',
  'ExifImageWidth',
  'ExifImageHeight',
])
export const EXIFR_EVERYTHING = { tiff: true, xmp: true, icc: true, gps: true, iptc: true, exif: true, ifd1: true }

/**
 * exifr cannot read WebP at all ("Unknown file format"), so whatever metadata a WebP carries is first
 * moved into a JPEG with keepMetadata(), where exifr can see it.
 */
export async function exifrTagsOf(webp: Buffer): Promise<string[]> {
  const jpeg = await sharp(webp).keepMetadata().jpeg().toBuffer()
  return Object.keys((await exifr.parse(jpeg, EXIFR_EVERYTHING)) ?? {})
}

export async function expectNoMetadata(webp: Buffer) {
  for (const { id, payload } of webpChunks(webp)) {
    expect(['VP8 ', 'VP8L', 'VP8X', 'ALPH']).toContain(id)
    // VP8X flags: 0x20 ICC, 0x08 EXIF, 0x04 XMP.
    if (id === 'VP8X') expect(payload[0] & 0x2c).toBe(0)
  }
  const meta = await sharp(webp).metadata()
  expect(meta.format).toBe('webp')
  expect(meta.exif).toBeUndefined()
  expect(meta.icc).toBeUndefined()
  expect(meta.xmp).toBeUndefined()
  expect(meta.iptc).toBeUndefined()
  expect(meta.orientation).toBeUndefined()
  // Plain 'GPS' is not searched: EXIF stores tags as numbers, and three bytes turn up by chance in compressed
  // data; textual metadata (XMP) would spell the tag out.
  for (const marker of ['Exif', 'GPSLatitude', 'http://ns.adobe.com/xap', 'ICC_PROFILE']) expect(webp.includes(marker)).toBe(false)
  for (const tag of await exifrTagsOf(webp)) expect(LIBVIPS_DEFAULT_EXIF).toContain(tag)
}

export async function rawPixels(webp: Buffer, [width, height]: readonly [number, number]) {
  return sharp(webp).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer()
}

export function meanDifference(a: Buffer, b: Buffer) {
  expect(a.length).toBe(b.length)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i])
  return sum / a.length
}
