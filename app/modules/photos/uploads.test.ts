/**
 * Receiving a posted form: files stream to temporary files (never more than the limit), limits are
 * refused with a message naming the file, and nothing stays on disk once the request is done.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../../../tests/fixtures/generate'
import { filesUnder } from '../../../tests/factories-entries'
import { createLocalStorage } from '../../utils/storage.server'
import { PhotoError } from './pipeline.server'
import { receiveForm, storeUploads, UploadRefusedError } from './uploads.server'

let root: string
let fixtures: GeneratedFixtures

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'konkurs-receive-'))
  // Read once by the env module, on the first upload below.
  process.env.UPLOADS_DIR = root
  fixtures = await generateFixtures()
})
afterAll(() => rm(root, { recursive: true, force: true }))

function post(form: FormData | URLSearchParams) {
  return new Request('http://localhost/contests/x/apply', { method: 'POST', body: form })
}

const file = async (name: string, from: string) => new File([await readFile(from)], name, { type: 'image/jpeg' })

describe('receiveForm', () => {
  it('writes each file of the photo field to its own temporary file and keeps the text fields', async () => {
    const form = new FormData()
    form.append('title', 'Снежная горка')
    form.append('photos', await file('один.jpg', fixtures.large))
    form.append('photos', await file('два.jpg', fixtures.orientation[3]))
    form.append('other', await file('чужое.jpg', fixtures.large))
    form.append('photos', new File([], ''))
    const received = await receiveForm(post(form), { fileField: 'photos', maxFiles: 5 })
    expect(received.formData.get('title')).toBe('Снежная горка')
    expect(received.formData.getAll('photos')).toEqual(['upload:0', 'upload:1'])
    expect(received.formData.get('other')).toBeNull()
    expect(received.files.map((f) => f.originalName)).toEqual(['один.jpg', 'два.jpg'])
    expect(await readFile(received.files[0].path)).toEqual(await readFile(fixtures.large))
    expect(await filesUnder(root)).toHaveLength(2)
    await received.discard()
    await received.discard()
    expect(await filesUnder(root)).toEqual([])
  })

  it('counts the files beyond the limit without writing them', async () => {
    const form = new FormData()
    for (let i = 0; i < 4; i++) form.append('photos', await file(`${i}.jpg`, fixtures.orientation[1]))
    const received = await receiveForm(post(form), { fileField: 'photos', maxFiles: 2 })
    expect(received.files).toHaveLength(2)
    expect(received.extraFiles).toBe(2)
    await received.discard()
  })

  it('refuses a file over 25 MB by name, and leaves no temporary file', async () => {
    const form = new FormData()
    form.append('photos', await file('маленькое.jpg', fixtures.orientation[1]))
    form.append('photos', await file('огромное фото.jpg', fixtures.oversizedJpeg))
    const error = await receiveForm(post(form), { fileField: 'photos', maxFiles: 5 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadRefusedError)
    expect((error as Error).message).toBe('Файл «огромное фото.jpg» больше 25 МБ. Уменьшите его или выберите другой и отправьте форму ещё раз.')
    expect(await filesUnder(root)).toEqual([])
  })

  it('refuses far more files than allowed as a whole', async () => {
    const form = new FormData()
    const one = await file('x.jpg', fixtures.tinyJpeg)
    for (let i = 0; i < 14; i++) form.append('photos', one)
    await expect(receiveForm(post(form), { fileField: 'photos', maxFiles: 3 })).rejects.toThrow('можно приложить не больше 3')
    expect(await filesUnder(root)).toEqual([])
  })

  it('refuses a body cut short, too many parts and too much text, leaves no temporary file, and reads the rest of the body', async () => {
    const form = new FormData()
    form.append('title', 'Двор')
    form.append('photos', await file('один.jpg', fixtures.large))
    const whole = new Request('http://localhost/', { method: 'POST', body: form })
    const type = whole.headers.get('content-type')!
    const body = Buffer.from(await whole.arrayBuffer())
    // A body whose reading is watched: after a refusal it is read to its end, not cancelled.
    const streamed = (chunks: Buffer[], contentType = type) => {
      const state = { read: 0, cancelled: false }
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks[state.read++]
          if (next) controller.enqueue(next)
          else controller.close()
        },
        cancel() {
          state.cancelled = true
        },
      })
      const request = new Request('http://localhost/', { method: 'POST', body: stream, headers: { 'content-type': contentType }, duplex: 'half' } as RequestInit)
      return { request, state }
    }
    const cut = streamed([body.subarray(0, body.length - 100)])
    await expect(receiveForm(cut.request, { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Форма пришла не полностью')

    const long = new FormData()
    long.append('description', 'Ж'.repeat(600 * 1024))
    await expect(receiveForm(post(long), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Слишком длинный текст в форме')
    await expect(receiveForm(post(new URLSearchParams({ description: 'Ж'.repeat(600 * 1024) })), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow(
      'Слишком длинный текст в форме',
    )

    // The parts limit is met in the first chunks; the photo after them is still read, so that the browser gets the answer.
    const many = new FormData()
    for (let i = 0; i < 301; i++) many.append('x', String(i))
    many.append('photos', await file('один.jpg', fixtures.large))
    const encoded = new Request('http://localhost/', { method: 'POST', body: many })
    const manyBody = Buffer.from(await encoded.arrayBuffer())
    const chunks = Array.from({ length: Math.ceil(manyBody.length / 16_384) }, (_, i) => manyBody.subarray(i * 16_384, (i + 1) * 16_384))
    const refused = streamed(chunks, encoded.headers.get('content-type')!)
    await expect(receiveForm(refused.request, { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Слишком большая форма')
    expect(refused.state).toEqual({ read: chunks.length + 1, cancelled: false })
    expect(await filesUnder(root)).toEqual([])
  })

  it('reads a plain form post too', async () => {
    const received = await receiveForm(post(new URLSearchParams({ _action: 'withdraw', confirm: 'on' })), { fileField: 'photos', maxFiles: 5 })
    expect(Object.fromEntries(received.formData)).toEqual({ _action: 'withdraw', confirm: 'on' })
    expect(received.files).toEqual([])
  })
})

describe('storeUploads', () => {
  it('is all or nothing: a refused file removes the variants stored for the others', async () => {
    const storeRoot = await mkdtemp(path.join(os.tmpdir(), 'konkurs-store-'))
    const storage = createLocalStorage(storeRoot)
    const files = [
      { path: fixtures.large, originalName: 'large.jpg', bytes: 0 },
      { path: fixtures.truncatedJpeg, originalName: 'broken.jpg', bytes: 0 },
    ]
    await expect(storeUploads(files, storage)).rejects.toBeInstanceOf(PhotoError)
    expect(await filesUnder(storeRoot)).toEqual([])
    const stored = await storeUploads([files[0]], storage)
    expect(stored[0].originalName).toBe('large.jpg')
    expect(await filesUnder(storeRoot)).toHaveLength(3)
    await rm(storeRoot, { recursive: true, force: true })
  })
})
