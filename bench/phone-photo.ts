/**
 * A phone-like photo for the benchmarks: 12 MP, about 8 MB, smooth colour with sensor noise, so that
 * the encoders work as hard as on a real photo. Made once per seed and kept in the temp folder.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

export const PHOTO_BYTES = 8 * 1024 * 1024

/** A 12 MP phone-like JPEG of about 8 MB: smooth colour with sensor noise, so encoders work as hard as on a photo. */
export async function eightMegabyteJpeg(seed: number) {
  const file = path.join(os.tmpdir(), `konkurs-bench-8mb-${seed}.jpg`)
  if (existsSync(file)) return file
  const width = 4000
  const height = 3000
  const pixels = Buffer.alloc(width * height * 3)
  let state = 0x9e3779b9 ^ seed
  const noise = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return ((state & 0xff) - 128) / 3
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      pixels[i] = 128 + 90 * Math.sin(x / 310 + y / 530 + seed) + noise()
      pixels[i + 1] = 128 + 90 * Math.sin(x / 470 - y / 360 + 1) + noise()
      pixels[i + 2] = 128 + 90 * Math.sin((x + y) / 610 + 2) + noise()
    }
  }
  let jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer()
  // Padded with an APP15 segment to the size phones produce, so the request is as heavy as a real one.
  if (jpeg.length < PHOTO_BYTES) {
    const padding = Buffer.alloc(Math.min(65_533, PHOTO_BYTES - jpeg.length))
    const segments: Buffer[] = []
    for (let left = PHOTO_BYTES - jpeg.length; left > 0; left -= padding.length + 4) {
      const size = Math.min(padding.length, left - 4)
      if (size <= 0) break
      const header = Buffer.from([0xff, 0xef, 0, 0])
      header.writeUInt16BE(size + 2, 2)
      segments.push(header, padding.subarray(0, size))
    }
    jpeg = Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)])
  }
  await writeFile(file, jpeg)
  return file
}
