/**
 * The photo pipeline against bare sharp making the same three WebP variants from a 12 MP JPEG.
 * Usage: npx tsx bench/photo-pipeline.ts [photo.jpg]   (without a photo, a noisy 4000×3000 JPEG is generated)
 * Target: pipeline / bare sharp ≤ 1.15.
 */
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { processPhoto, VARIANT_LONG_EDGE } from '../app/modules/photos/pipeline.server'

const WARM_UP = 2
const RUNS = 9

/**
 * Smooth colour fields plus sensor-like noise: JPEG and WebP then work about as hard as on a real
 * phone photo (a flat picture would make both sides unrealistically fast).
 */
async function syntheticPhoto(): Promise<string> {
  const file = path.join(os.tmpdir(), 'konkurs-bench-12mp.jpg')
  if (existsSync(file)) return file
  const width = 4000
  const height = 3000
  const pixels = Buffer.alloc(width * height * 3)
  let seed = 0x9e3779b9
  const noise = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return ((seed & 0xff) - 128) / 6
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      pixels[i] = 128 + 90 * Math.sin(x / 310 + y / 530) + noise()
      pixels[i + 1] = 128 + 90 * Math.sin(x / 470 - y / 360 + 1) + noise()
      pixels[i + 2] = 128 + 90 * Math.sin((x + y) / 610 + 2) + noise()
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1' } })
    .toFile(file)
  return file
}

/** What a developer would write with sharp alone: one rotated input, cloned per variant. */
async function bareSharp(file: string) {
  const base = sharp(file).autoOrient()
  return Promise.all(
    Object.values(VARIANT_LONG_EDGE).map((edge) =>
      base
        .clone()
        .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80, effort: 4 })
        .toBuffer(),
    ),
  )
}

const pipeline = (file: string) => processPhoto({ filePath: file, originalName: path.basename(file) })

async function timed(fn: () => Promise<unknown>) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const file = process.argv[2] ?? (await syntheticPhoto())
const meta = await sharp(file).metadata()
console.log(
  `${path.basename(file)}: ${meta.width}×${meta.height} (${(((meta.width ?? 0) * (meta.height ?? 0)) / 1e6).toFixed(1)} MP), ` +
    `${((await stat(file)).size / 1024 / 1024).toFixed(1)} MiB; libvips threads: ${sharp.concurrency()}, CPUs: ${os.availableParallelism()}`,
)

for (let i = 0; i < WARM_UP; i++) {
  await pipeline(file)
  await bareSharp(file)
}
// Interleaved, so that load from elsewhere on the machine hits both sides alike.
const times = { pipeline: [] as number[], bare: [] as number[] }
for (let i = 0; i < RUNS; i++) {
  times.pipeline.push(await timed(() => pipeline(file)))
  times.bare.push(await timed(() => bareSharp(file)))
}

const format = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`
console.log(`pipeline:   ${format(times.pipeline)}`)
console.log(`bare sharp: ${format(times.bare)}`)
const ratio = median(times.pipeline) / median(times.bare)
console.log(`ratio: ${ratio.toFixed(2)} (target ≤ 1.15) ${ratio <= 1.15 ? 'OK' : 'OVER'}`)
