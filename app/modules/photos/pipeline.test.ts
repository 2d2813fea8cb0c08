import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer as readAll } from 'node:stream/consumers'
import exifr from 'exifr'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORNER_COLOURS, generateFixtures, ORIENTATIONS, TEST_PICTURE, type GeneratedFixtures } from '../../../tests/fixtures/generate'
import { EXIFR_EVERYTHING, exifrTagsOf, expectNoMetadata, meanDifference, rawPixels, webpChunks } from '../../../tests/photo-checks'
import { fixturePath, fixturesAvailable } from '../../../tests/setup/fixtures'
import { createLocalStorage, type Storage } from '../../utils/storage.server'
import { Refusal } from '../../utils/refusal'
import {
  inspectPhoto,
  MAX_ASPECT_RATIO,
  processPhoto,
  storePhoto,
  VARIANT_LONG_EDGE,
  type PhotoInput,
  type ProcessedPhoto,
} from './pipeline.server'

const SHARED = fixturesAvailable('images')
const sharedImages = (sub: string) => (SHARED ? readdirSync(fixturePath('images', sub)).filter((f) => f !== 'LICENSE').sort() : [])

let generated: GeneratedFixtures
const tempDirs: string[] = []

beforeAll(async () => {
  generated = await generateFixtures()
})

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function tempStorage(): Promise<{ root: string; storage: Storage }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'konkurs-uploads-'))
  tempDirs.push(root)
  return { root, storage: createLocalStorage(root) }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
}

const variant = (photo: ProcessedPhoto, size: keyof typeof VARIANT_LONG_EDGE) => {
  const found = photo.variants.find((v) => v.size === size)
  if (!found) throw new Error(`no ${size} variant`)
  return found
}

function expectSizes(photo: ProcessedPhoto) {
  expect(photo.variants.map((v) => v.size)).toEqual(['thumb', 'gallery', 'full'])
  const longEdge = Math.max(photo.width, photo.height)
  for (const v of photo.variants) {
    const limit = VARIANT_LONG_EDGE[v.size]
    expect(Math.max(v.width, v.height)).toBe(Math.min(limit, longEdge))
    // Same shape as the original, give or take rounding.
    expect(Math.abs(v.width / v.height - photo.width / photo.height)).toBeLessThan(2 / Math.min(v.width, v.height))
    expect(v.bytes).toBe(v.data.length)
  }
}

async function cornerColours(webp: Buffer) {
  const { width, height, block } = TEST_PICTURE
  const { data, info } = await sharp(webp).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const at = (x: number, y: number) => {
    const i = (Math.floor(y * info.height) * info.width + Math.floor(x * info.width)) * 3
    return [data[i], data[i + 1], data[i + 2]]
  }
  const [left, right] = [block / 2 / width, 1 - block / 2 / width]
  const [top, bottom] = [block / 2 / height, 1 - block / 2 / height]
  return { topLeft: at(left, top), topRight: at(right, top), bottomRight: at(right, bottom), bottomLeft: at(left, bottom) }
}

function expectColour(actual: number[], expected: readonly number[], tolerance = 24) {
  actual.forEach((channel, i) => expect(Math.abs(channel - expected[i]), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance))
}

/** Why a photo is refused, told apart by what the message says. */
const REASONS = {
  not_image: 'не является изображением',
  unsupported: 'не поддерживается, допустимы JPEG, PNG, WebP, HEIC и AVIF',
  empty: 'пустой (0 байт)',
  elongated: 'слишком вытянутое',
  too_large: 'слишком большой',
  too_many_pixels: 'слишком большое',
  too_small: 'слишком маленькое',
  corrupt: 'повреждён или загружен не полностью',
  embedded_code: 'содержит программный код',
} as const
type PhotoRefusalReason = keyof typeof REASONS

async function expectRefused(input: PhotoInput, code: PhotoRefusalReason) {
  const { root, storage } = await tempStorage()
  const error = await storePhoto(input, storage).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Refusal)
  const photoError = error as Refusal
  expect(photoError.kind).toBe('invalid')
  expect(photoError.message).toContain(REASONS[code])
  expect(photoError.message).toMatch(/[А-Яа-яЁё]{4}/)
  expect(photoError.message).toContain(`«${path.basename(input.originalName.replaceAll('\\', '/'))}»`)
  expect(await filesUnder(root)).toEqual([])
}

describe.skipIf(!SHARED)('shared fixtures', () => {
  describe('images/orientation: every EXIF orientation comes out upright and unmirrored', () => {
    const references = new Map<string, Buffer>()
    const THUMB = { Landscape: [400, 267], Portrait: [267, 400] } as const

    beforeAll(async () => {
      for (const kind of ['Landscape', 'Portrait'] as const) {
        const photo = await processPhoto({ filePath: fixturePath('images', 'orientation', `${kind}_1.jpg`), originalName: `${kind}_1.jpg` })
        references.set(kind, await rawPixels(variant(photo, 'thumb').data, THUMB[kind]))
      }
    })

    it('the pixel comparison tells a mirrored or flipped picture apart', async () => {
      for (const kind of ['Landscape', 'Portrait'] as const) {
        const reference = references.get(kind)!
        const [w, h] = THUMB[kind]
        const image = () => sharp(reference, { raw: { width: w, height: h, channels: 3 } })
        expect(meanDifference(reference, await image().flop().raw().toBuffer())).toBeGreaterThan(30)
        expect(meanDifference(reference, await image().flip().raw().toBuffer())).toBeGreaterThan(30)
      }
    })

    it.each(sharedImages('orientation'))('%s', async (file) => {
      const kind = file.startsWith('Landscape') ? 'Landscape' : 'Portrait'
      const photo = await processPhoto({ filePath: fixturePath('images', 'orientation', file), originalName: file })
      expect([photo.width, photo.height]).toEqual(kind === 'Landscape' ? [1800, 1200] : [1200, 1800])
      for (const v of photo.variants) {
        if (kind === 'Landscape') expect(v.width).toBeGreaterThan(v.height)
        else expect(v.height).toBeGreaterThan(v.width)
      }
      expectSizes(photo)
      // The files differ only by the digit drawn in the middle; a mirror differs by more than 30.
      const thumb = await rawPixels(variant(photo, 'thumb').data, THUMB[kind])
      expect(meanDifference(thumb, references.get(kind)!)).toBeLessThan(6)
    })
  })

  describe('images/gps and images/formats: accepted, upright, and stored without any metadata', () => {
    // Decided by looking at the pictures: libheif applies the HEIC irot itself, sharp the EXIF orientation of the rest.
    const PORTRAIT = new Set([
      'nokia_lumia800.jpg',
      'samsung_galaxy_s_gps_zero_rot90.jpg',
      'htc_desire_gps.webp',
      'iphoneX_gps_rot90.webp',
      'iphone11pro_exif_at_eof.heic',
      'iphone11promax_gps.heic',
      'iphone13promax_rot90.heic',
    ])
    const SQUARE = new Set(['pillow_exif.png', 'png_exif_chunk.png'])
    const files = [...sharedImages('gps').map((f) => ['gps', f]), ...sharedImages('formats').map((f) => ['formats', f])]

    it.each(files)('%s/%s', async (dir, file) => {
      const filePath = fixturePath('images', dir, file)
      const original = await readFile(filePath)
      if (dir === 'gps') expect(await exifr.gps(original), 'the fixture itself has GPS').toBeTruthy()
      const photo = await processPhoto({ filePath, originalName: file })
      expect(photo.sha256).toBe(createHash('sha256').update(original).digest('hex'))
      expectSizes(photo)
      const full = variant(photo, 'full')
      if (SQUARE.has(file)) expect(full.width).toBe(full.height)
      else if (PORTRAIT.has(file)) expect(full.height).toBeGreaterThan(full.width)
      else expect(full.width).toBeGreaterThan(full.height)
      for (const v of photo.variants) await expectNoMetadata(v.data)
    })

    it('HEIC rotated by irot is not rotated a second time by its EXIF orientation', async () => {
      const filePath = fixturePath('images', 'formats', 'iphone13promax_rot90.heic')
      const exif = await exifr.parse(filePath, { tiff: true })
      expect(exif?.Orientation).toBe('Rotate 90 CW')
      const photo = await processPhoto({ filePath, originalName: 'iphone13promax_rot90.heic' })
      expect([photo.width, photo.height]).toEqual([3024, 4032])
      expect([variant(photo, 'full').width, variant(photo, 'full').height]).toEqual([1800, 2400])
    })

    it('HEIC colours are converted from the embedded Display P3 profile', async () => {
      const filePath = fixturePath('images', 'formats', 'iphone11promax_gps.heic')
      expect((await exifr.parse(filePath, { icc: true, tiff: false })).ProfileDescription).toBe('Display P3')
      const thumb = variant(await processPhoto({ filePath, originalName: 'a.heic' }), 'thumb')
      const converted = await rawPixels(thumb.data, [thumb.width, thumb.height])
      // The same pixels taken as sRGB, as a pipeline ignoring the profile would: P3's wider gamut then looks duller.
      type Decoded = { width: number; height: number; data: Uint8ClampedArray }
      const heicDecode = createRequire(import.meta.url)('heic-decode') as (input: { buffer: Buffer }) => Promise<Decoded>
      const decoded = await heicDecode({ buffer: await readFile(filePath) })
      const naive = await sharp(Buffer.from(decoded.data.buffer), { raw: { width: decoded.width, height: decoded.height, channels: 4 } })
        .removeAlpha()
        .resize(thumb.width, thumb.height, { fit: 'fill' })
        .raw()
        .toBuffer()
      const meanChroma = (pixels: Buffer) => {
        let sum = 0
        for (let i = 0; i < pixels.length; i += 3) sum += Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) - Math.min(pixels[i], pixels[i + 1], pixels[i + 2])
        return sum / (pixels.length / 3)
      }
      expect(meanChroma(converted)).toBeGreaterThan(meanChroma(naive) * 1.08)
    })
  })

  describe('images/hostile: every file is refused, naming it, and leaves nothing behind', () => {
    const EXPECTED: Record<string, PhotoRefusalReason> = {
      'bomb_65536x65536.png': 'too_many_pixels',
      'bomb_frame_65535x1321.gif': 'unsupported',
      'broken_no_ihdr.png': 'corrupt',
      'corrupt_header.jpg': 'corrupt',
      'imagetragick_mvg_text.jpg': 'not_image',
      'malformed_gps_exif.jpg': 'too_small',
      'png_cve_2022_44268_profile_passwd.png': 'too_small',
      'polyglot_jpeg_php_in_exif.jpg': 'embedded_code',
      'svg_script_onload.svg': 'unsupported',
      'svg_use_billion_laughs.svg': 'unsupported',
      'truncated_first10000bytes.jpg': 'corrupt',
      'truncated_progressive.jpg': 'corrupt',
    }

    it('every hostile fixture has an expected outcome', () => {
      expect(sharedImages('hostile')).toEqual(Object.keys(EXPECTED).sort())
    })

    it.each(sharedImages('hostile'))('%s', async (file) => {
      await expectRefused({ filePath: fixturePath('images', 'hostile', file), originalName: file }, EXPECTED[file])
    })
  })
})

describe('generated fixtures', () => {
  describe('EXIF orientations 1–8 come out upright and unmirrored', () => {
    it.each(ORIENTATIONS)('orientation %i', async (n) => {
      const photo = await processPhoto({ filePath: generated.orientation[n], originalName: `orientation_${n}.jpg` })
      expect([photo.width, photo.height]).toEqual([TEST_PICTURE.width, TEST_PICTURE.height])
      expectSizes(photo)
      for (const v of photo.variants) {
        expect(v.width).toBeGreaterThan(v.height)
        const corners = await cornerColours(v.data)
        for (const corner of Object.keys(CORNER_COLOURS) as (keyof typeof CORNER_COLOURS)[]) {
          expectColour(corners[corner], CORNER_COLOURS[corner])
        }
        await expectNoMetadata(v.data)
      }
    })
  })

  describe('metadata is removed from every accepted format', () => {
    it.each([
      ['gpsXmpP3Jpeg', 'jpeg'],
      ['exifPng', 'png'],
      ['exifRotatedWebp', 'webp'],
      ['avif', 'heif'],
    ] as const)('%s', async (key, format) => {
      const original = await readFile(generated[key])
      expect((await sharp(original).metadata()).format).toBe(format)
      const photo = await processPhoto({ filePath: generated[key], originalName: path.basename(generated[key]) })
      expectSizes(photo)
      for (const v of photo.variants) await expectNoMetadata(v.data)
    })

    it('the metadata checks do see metadata where there is some', async () => {
      const gpsJpeg = await readFile(generated.gpsXmpP3Jpeg)
      const parsed = await exifr.parse(gpsJpeg, EXIFR_EVERYTHING)
      expect(parsed.latitude).toBeCloseTo(55.7558, 3)
      expect(parsed.ProfileDescription).toMatch(/P3/)
      expect(parsed.CreatorTool).toBe('Fixture')
      expect(await exifr.gps(await readFile(generated.exifPng))).toBeTruthy()

      const webp = await readFile(generated.exifRotatedWebp)
      expect(webpChunks(webp).map((c) => c.id)).toContain('EXIF')
      expect(await exifrTagsOf(webp)).toContain('GPSLatitude')
      await expect(expectNoMetadata(webp)).rejects.toThrow()
    })

    it('a WebP with EXIF orientation 6 is turned upright', async () => {
      const photo = await processPhoto({ filePath: generated.exifRotatedWebp, originalName: 'exif_rot6.webp' })
      expect([photo.width, photo.height]).toEqual([TEST_PICTURE.width, TEST_PICTURE.height])
      const corners = await cornerColours(variant(photo, 'full').data)
      expectColour(corners.topLeft, CORNER_COLOURS.topLeft)
      expectColour(corners.bottomRight, CORNER_COLOURS.bottomRight)
    })

    it('a Display P3 photo is converted to sRGB, not merely stripped of its profile', async () => {
      const photo = await processPhoto({ filePath: generated.gpsXmpP3Jpeg, originalName: 'gps_xmp_p3.jpg' })
      const corners = await cornerColours(variant(photo, 'full').data)
      // Read as sRGB without conversion, the P3-encoded red would be about (234, 51, 35).
      expectColour(corners.topLeft, CORNER_COLOURS.topLeft, 12)
      expectColour(corners.topRight, CORNER_COLOURS.topRight, 12)
    })
  })

  describe('refusals', () => {
    it.each([
      ['truncatedJpeg', 'corrupt'],
      ['phpScriptAsJpeg', 'not_image'],
      ['mvgTextAsJpeg', 'not_image'],
      ['svgWithScript', 'unsupported'],
      ['gif', 'unsupported'],
      ['pixelBombPng', 'too_many_pixels'],
      ['oversizedJpeg', 'too_large'],
      ['phpInExifJpeg', 'embedded_code'],
      ['tinyJpeg', 'too_small'],
    ] as const)('%s → %s', async (key, code) => {
      await expectRefused({ filePath: generated[key], originalName: path.basename(generated[key]) }, code)
      await expectRefused({ buffer: await readFile(generated[key]), originalName: path.basename(generated[key]) }, code)
    })

    it('the pixel bomb is refused from its header, without decoding', async () => {
      // Cut in half, its header whole: a pipeline that decoded before checking would find the pixels cut short (corrupt).
      const bomb = await readFile(generated.pixelBombPng)
      await expectRefused({ buffer: bomb.subarray(0, bomb.length >> 1), originalName: 'bomb.png' }, 'too_many_pixels')
    })

    it('the message names the file by its base name, whatever path the browser sent', async () => {
      const error = await processPhoto({ filePath: generated.mvgTextAsJpeg, originalName: 'C:\\fakepath\\котик.jpg' }).catch((e: unknown) => e)
      expect((error as Refusal).message).toBe('Файл «котик.jpg» не является изображением (допустимы JPEG, PNG, WebP, HEIC и AVIF)')
    })
  })

  describe('odd photos (issue 15, item 6)', () => {
    const plain = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#4a8' } })
    const inTemp = async (name: string, bytes: Buffer) => {
      const { root } = await tempStorage()
      const filePath = path.join(root, name)
      await writeFile(filePath, bytes)
      return filePath
    }

    it('a 20000×100 strip is refused at the cheap step, saying the limit, from a file or a buffer, leaving nothing', async () => {
      const strip = await plain(20000, 100).png().toBuffer()
      const error = await inspectPhoto({ buffer: strip, originalName: 'лента.png' }).catch((e: unknown) => e)
      expect((error as Refusal).message).toBe(
        `Изображение «лента.png» слишком вытянутое: 20000×100 пикселей, а длинная сторона может быть больше короткой не более чем в ${MAX_ASPECT_RATIO} раз`,
      )
      await expectRefused({ buffer: strip, originalName: 'лента.png' }, 'elongated')
      await expectRefused({ filePath: await inTemp('strip.png', strip), originalName: 'лента.png' }, 'elongated')
      // Standing up, and as a JPEG, the same.
      await expectRefused({ buffer: await plain(100, 20000).jpeg().toBuffer(), originalName: 'столб.jpg' }, 'elongated')
    })

    it('the strip is refused from its header alone, without decoding', async () => {
      // Cut in half, its header whole: a pipeline that decoded before checking would find the data cut short.
      const strip = await plain(20000, 100).png({ compressionLevel: 0 }).toBuffer()
      await expectRefused({ buffer: strip.subarray(0, strip.length >> 1), originalName: 'strip.png' }, 'elongated')
    })

    it('the limit is 10:1: a 1000×100 picture and a 9000×1000 panorama pass, 1001×100 does not', async () => {
      expect(MAX_ASPECT_RATIO).toBe(10)
      const atLimit = await processPhoto({ buffer: await plain(1000, 100).jpeg().toBuffer(), originalName: 'ровно.jpg' })
      expect(atLimit.variants.map((v) => [v.width, v.height])).toEqual([
        [400, 40],
        [1000, 100],
        [1000, 100],
      ])
      expect(await inspectPhoto({ buffer: await plain(9000, 1000).jpeg().toBuffer(), originalName: 'панорама.jpg' })).toMatchObject({ width: 9000, height: 1000 })
      await expectRefused({ buffer: await plain(1001, 100).jpeg().toBuffer(), originalName: 'чуть-чуть.jpg' }, 'elongated')
    })

    it('a TIFF is «формат не поддерживается», naming the format and the accepted ones, AVIF among them', async () => {
      const tiff = await plain(800, 600).tiff().toBuffer()
      const error = await inspectPhoto({ buffer: tiff, originalName: 'скан.tif' }).catch((e: unknown) => e)
      expect((error as Refusal).message).toBe(
        'Файл «скан.tif»: формат TIFF не поддерживается, допустимы JPEG, PNG, WebP, HEIC и AVIF. Сохраните фотографию в одном из них и загрузите её ещё раз',
      )
      await expectRefused({ filePath: await inTemp('scan.tif', tiff), originalName: 'скан.tif' }, 'unsupported')
      // Big-endian TIFF too, whatever the name says.
      const bigEndian = Buffer.concat([Buffer.from('MM\0*'), tiff.subarray(4)])
      await expectRefused({ buffer: bigEndian, originalName: 'photo.jpg' }, 'unsupported')
    })

    it('an empty file says it is empty, from a file or a buffer', async () => {
      await expectRefused({ buffer: Buffer.alloc(0), originalName: 'пусто.jpg' }, 'empty')
      await expectRefused({ filePath: await inTemp('empty.jpg', Buffer.alloc(0)), originalName: 'пусто.jpg' }, 'empty')
      const error = await inspectPhoto({ buffer: Buffer.alloc(0), originalName: 'пусто.jpg' }).catch((e: unknown) => e)
      expect((error as Refusal).message).toBe('Файл «пусто.jpg» пустой (0 байт): выберите фотографию ещё раз')
    })
  })

  describe('sizes and hash', () => {
    it('downscales to 2400, 1200 and 400 px on the long edge', async () => {
      const photo = await processPhoto({ filePath: generated.large, originalName: 'large.jpg' })
      expect(photo.variants.map((v) => [v.size, v.width, v.height])).toEqual([
        ['thumb', 400, 200],
        ['gallery', 1200, 600],
        ['full', 2400, 1200],
      ])
    })

    it('never upscales', async () => {
      const photo = await processPhoto({ filePath: generated.orientation[1], originalName: 'small.jpg' })
      expect(photo.variants.map((v) => [v.size, v.width, v.height])).toEqual([
        ['thumb', 400, 267],
        ['gallery', 600, 400],
        ['full', 600, 400],
      ])
    })

    it('sha256 is that of the uploaded bytes, the same from a file or a buffer', async () => {
      const bytes = await readFile(generated.gpsXmpP3Jpeg)
      const expected = createHash('sha256').update(bytes).digest('hex')
      const fromFile = await processPhoto({ filePath: generated.gpsXmpP3Jpeg, originalName: 'a.jpg' })
      const again = await processPhoto({ filePath: generated.gpsXmpP3Jpeg, originalName: 'b.jpg' })
      const fromBuffer = await processPhoto({ buffer: bytes, originalName: 'c.jpg' })
      expect([fromFile.sha256, again.sha256, fromBuffer.sha256]).toEqual([expected, expected, expected])
    })
  })

  describe('storePhoto', () => {
    it('writes the three variants and nothing else', async () => {
      const { root, storage } = await tempStorage()
      const stored = await storePhoto({ filePath: generated.large, originalName: 'large.jpg' }, storage)
      expect(stored.sha256).toBe(createHash('sha256').update(await readFile(generated.large)).digest('hex'))
      expect([stored.width, stored.height]).toEqual([2600, 1300])
      expect(stored.variants.map((v) => v.size)).toEqual(['thumb', 'gallery', 'full'])
      for (const v of stored.variants) {
        expect(v.key).toBe(`photos/${stored.id.slice(0, 2)}/${stored.id}-${v.size}.webp`)
        const object = await storage.get(v.key)
        expect(object?.size).toBe(v.bytes)
        const data = await readAll(object!.stream)
        expect((await sharp(data).metadata()).width).toBe(v.width)
        await expectNoMetadata(data)
      }
      expect((await filesUnder(root)).sort()).toEqual(stored.variants.map((v) => v.key).sort())
    })

    it('removes the variants already written when one cannot be stored', async () => {
      const { root, storage } = await tempStorage()
      const failing: Storage = {
        ...storage,
        put: async (key, data, type) => {
          if (key.endsWith('-full.webp')) throw new Error('disk full')
          await storage.put(key, data, type)
        },
      }
      await expect(storePhoto({ filePath: generated.large, originalName: 'large.jpg' }, failing)).rejects.toThrow('disk full')
      expect(await filesUnder(root)).toEqual([])
    })
  })
})

describe('local storage', () => {
  it('refuses keys that could leave the uploads folder', async () => {
    const { storage } = await tempStorage()
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\..\\b', '.tmp/x', 'a/./b', '', 'photos/']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow(/storage key/)
      await expect(storage.get(key), key).rejects.toThrow(/storage key/)
    }
  })

  it('puts, reads, checks and deletes buffers and streams', async () => {
    const { root, storage } = await tempStorage()
    await storage.put('photos/ab/one.webp', Buffer.from('первый'), 'image/webp')
    await storage.put('photos/ab/two.webp', Readable.from([Buffer.from('вто'), Buffer.from('рой')]), 'image/webp')
    await storage.put('photos/ab/one.webp', Buffer.from('заменён'), 'image/webp')
    expect(await storage.exists('photos/ab/one.webp')).toBe(true)
    const one = await storage.get('photos/ab/one.webp')
    expect(one?.size).toBe(Buffer.byteLength('заменён'))
    expect((await readAll(one!.stream)).toString()).toBe('заменён')
    expect((await readAll((await storage.get('photos/ab/two.webp'))!.stream)).toString()).toBe('второй')
    expect(await storage.get('photos/ab/missing.webp')).toBeNull()
    expect(await storage.exists('photos/ab')).toBe(false)
    await storage.delete('photos/ab/one.webp')
    await storage.delete('photos/ab/one.webp')
    expect(await storage.exists('photos/ab/one.webp')).toBe(false)
    expect(await filesUnder(root)).toEqual([path.join('photos', 'ab', 'two.webp')])
  })

  it('leaves no temp file when a stream fails', async () => {
    const { root, storage } = await tempStorage()
    const broken = new Readable({
      read() {
        this.destroy(new Error('client went away'))
      },
    })
    await expect(storage.put('photos/cd/broken.webp', broken, 'image/webp')).rejects.toThrow('client went away')
    expect(await filesUnder(root)).toEqual([])
  })
})
