/**
 * Receiving a posted form: files stream to temporary files (never more than the limit), limits are
 * refused with a message naming the file, and nothing stays on disk once the request is done.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFixtures, type GeneratedFixtures } from '../../../tests/fixtures/generate'
import { filesUnder } from '../../../tests/factories-entries'
import { createLocalStorage } from '../../utils/storage.server'
import { Refusal } from '../../utils/refusal'
import { originalKey } from './pipeline.server'
import { acceptUploads, receiveForm } from './uploads.server'

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

/** A form as the browser's bytes: its content type and body. */
async function encode(form: FormData) {
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return { type: request.headers.get('content-type')!, body: Buffer.from(await request.arrayBuffer()) }
}

/** A request whose body arrives in the given chunks, its reading watched: how many reads, and whether it was cancelled. */
function streamed(chunks: Buffer[], contentType: string, options: { failAt?: number } = {}) {
  const state = { read: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.read === options.failAt) return controller.error(new Error('connection reset'))
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

function chunked(body: Buffer, size: () => number) {
  const chunks: Buffer[] = []
  for (let at = 0; at < body.length; ) {
    const n = Math.max(1, size())
    chunks.push(body.subarray(at, at + n))
    at += n
  }
  return chunks
}

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

  it('keeps an empty file that has a name (a chosen file, for the pipeline to call empty), and drops the nameless part of an empty input', async () => {
    const form = new FormData()
    form.append('photos', new File([], ''))
    form.append('photos', new File([], 'пусто.jpg', { type: 'image/jpeg' }))
    const received = await receiveForm(post(form), { fileField: 'photos', maxFiles: 5 })
    try {
      expect(received.formData.getAll('photos')).toEqual(['upload:0'])
      expect(received.files).toMatchObject([{ originalName: 'пусто.jpg', bytes: 0 }])
      await expect(acceptUploads(received.files, createLocalStorage(path.join(root, 'kept')))).rejects.toThrow('Файл «пусто.jpg» пустой (0 байт)')
    } finally {
      await received.discard()
    }
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
    expect(error).toBeInstanceOf(Refusal)
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
    const { type, body } = await encode(form)
    // Cut anywhere: in the first boundary, in a header, in the photo, just before the closing boundary.
    for (const cut of [0, 10, 60, 200, Math.floor(body.length / 2), body.length - 10, body.length - 100]) {
      const request = streamed([body.subarray(0, cut)], type).request
      await expect(receiveForm(request, { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Форма пришла не полностью')
      expect(await filesUnder(root)).toEqual([])
    }

    const long = new FormData()
    long.append('description', 'Ж'.repeat(600 * 1024))
    await expect(receiveForm(post(long), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Слишком длинный текст в форме')
    await expect(receiveForm(post(new URLSearchParams({ description: 'Ж'.repeat(600 * 1024) })), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow(
      'Слишком длинный текст в форме',
    )
    // The limit is on all the text of the form together, not on each field.
    const split = new FormData()
    for (let i = 0; i < 3; i++) split.append(`part${i}`, 'Ж'.repeat(200 * 1024))
    await expect(receiveForm(post(split), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Слишком длинный текст в форме')

    // The parts limit is met in the first chunks; the photo after them is still read, so that the browser gets the answer.
    const many = new FormData()
    for (let i = 0; i < 301; i++) many.append('x', String(i))
    many.append('photos', await file('один.jpg', fixtures.large))
    const encoded = await encode(many)
    const chunks = chunked(encoded.body, () => 16_384)
    const refused = streamed(chunks, encoded.type)
    await expect(receiveForm(refused.request, { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Слишком большая форма')
    expect(refused.state).toEqual({ read: chunks.length + 1, cancelled: false })
    expect(await filesUnder(root)).toEqual([])
  })

  it('takes exactly 300 parts, 1 MB of text and a file of 25 MB, and refuses one more of each', async () => {
    const parts = new FormData()
    for (let i = 0; i < 299; i++) parts.append('x', String(i))
    parts.append('photos', await file('один.jpg', fixtures.orientation[1]))
    const received = await receiveForm(post(parts), { fileField: 'photos', maxFiles: 5 })
    expect(received.formData.getAll('x')).toHaveLength(299)
    expect(received.files).toHaveLength(1)
    await received.discard()

    const text = new FormData()
    text.append('a', 'ж'.repeat(256 * 1024))
    text.append('b', 'x'.repeat(512 * 1024))
    expect((await receiveForm(post(text), { fileField: 'photos', maxFiles: 5 })).formData.get('b')).toHaveLength(512 * 1024)
    text.append('c', 'x')
    await expect(receiveForm(post(text), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Слишком длинный текст в форме')

    const photo = await readFile(fixtures.oversizedJpeg)
    const exact = new FormData()
    exact.append('photos', new File([photo.subarray(0, 25 * 1024 * 1024)], 'ровно.jpg'))
    const atLimit = await receiveForm(post(exact), { fileField: 'photos', maxFiles: 5 })
    expect(atLimit.files[0].bytes).toBe(25 * 1024 * 1024)
    await atLimit.discard()
    const over = new FormData()
    over.append('photos', new File([photo.subarray(0, 25 * 1024 * 1024 + 1)], 'на байт больше.jpg'))
    await expect(receiveForm(post(over), { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Файл «на байт больше.jpg» больше 25 МБ')
    expect(await filesUnder(root)).toEqual([])
  })

  it('writes the bytes as sent, however the body is cut into chunks, boundary-like bytes included', async () => {
    const form = new FormData()
    form.append('title', 'Снежная горка «Ёлочка» — 2027')
    const sent: Buffer[] = []
    for (let i = 0; i < 3; i++) {
      const bytes = Buffer.concat([randomBytes(70_000 + i * 3_001), Buffer.from('\r\n--\r\n-'), randomBytes(1_000), Buffer.from('\r\n--')])
      sent.push(bytes)
      form.append('photos', new File([new Uint8Array(bytes)], `фото ${i}.jpg`, { type: 'image/jpeg' }))
    }
    const { type, body } = await encode(form)
    for (const size of [() => 1_000, () => 7, () => 64 * 1024, () => 1 + Math.floor(Math.random() * 5_000), () => body.length]) {
      const received = await receiveForm(streamed(chunked(body, size), type).request, { fileField: 'photos', maxFiles: 5 })
      expect(received.formData.get('title')).toBe('Снежная горка «Ёлочка» — 2027')
      expect(received.files.map((f) => [f.originalName, f.bytes])).toEqual(sent.map((b, i) => [`фото ${i}.jpg`, b.length]))
      for (const [i, f] of received.files.entries()) expect((await readFile(f.path)).equals(sent[i])).toBe(true)
      await received.discard()
    }
  })

  it('takes the RFC 8187 file name over the plain one', async () => {
    const body = Buffer.from(
      '--xyz\r\nContent-Disposition: form-data; name="photos"; filename="plain.jpg"; filename*=UTF-8\'\'%D1%91%D0%B6.jpg\r\n\r\nabc\r\n--xyz--\r\n',
    )
    const received = await receiveForm(streamed([body], 'multipart/form-data; boundary=xyz').request, { fileField: 'photos', maxFiles: 5 })
    expect(received.files.map((f) => [f.originalName, f.bytes])).toEqual([['ёж.jpg', 3]])
    await received.discard()
  })

  it('refuses a broken body as such, never hangs on it, and leaves no temporary file', async () => {
    const options = { fileField: 'photos', maxFiles: 5 }
    const form = new FormData()
    form.append('photos', await file('один.jpg', fixtures.large))
    const { type, body } = await encode(form)
    // The connection drops in the middle of the photo.
    const dropped = streamed(chunked(body, () => 4_096), type, { failAt: 3 })
    await expect(receiveForm(dropped.request, options)).rejects.toThrow('Форма пришла не полностью')
    // No boundary, a header that is not one, no multipart at all.
    await expect(receiveForm(streamed([body], 'multipart/form-data').request, options)).rejects.toThrow('Форма пришла не полностью')
    const badHeader = Buffer.from('--xyz\r\nContent-Disposition form-data\r\n\r\nabc\r\n--xyz--\r\n')
    await expect(receiveForm(streamed([badHeader], 'multipart/form-data; boundary=xyz').request, options)).rejects.toThrow('Форма пришла не полностью')
    await expect(receiveForm(streamed([Buffer.from('not multipart at all')], 'multipart/form-data; boundary=xyz').request, options)).rejects.toThrow(
      'Форма пришла не полностью',
    )
    expect(await filesUnder(root)).toEqual([])
  })

  it('after a file over 25 MB, reads the rest of the body and refuses by the file’s name', async () => {
    const form = new FormData()
    form.append('photos', await file('огромное.jpg', fixtures.oversizedJpeg))
    form.append('title', 'после файла')
    const { type, body } = await encode(form)
    const chunks = chunked(body, () => 1024 * 1024)
    const refused = streamed(chunks, type)
    await expect(receiveForm(refused.request, { fileField: 'photos', maxFiles: 5 })).rejects.toThrow('Файл «огромное.jpg» больше 25 МБ')
    expect(refused.state).toEqual({ read: chunks.length + 1, cancelled: false })
    expect(await filesUnder(root)).toEqual([])
  })

  it('reads a plain form post too', async () => {
    const received = await receiveForm(post(new URLSearchParams({ _action: 'withdraw', confirm: 'on' })), { fileField: 'photos', maxFiles: 5 })
    expect(Object.fromEntries(received.formData)).toEqual({ _action: 'withdraw', confirm: 'on' })
    expect(received.files).toEqual([])
  })
})

describe('acceptUploads', () => {
  it('keeps each file as received under a key of its own, and is all or nothing: a refused file keeps none', async () => {
    const storeRoot = await mkdtemp(path.join(os.tmpdir(), 'konkurs-store-'))
    const storage = createLocalStorage(storeRoot)
    const files = [
      { path: fixtures.large, originalName: 'large.jpg', bytes: 0 },
      { path: fixtures.tinyJpeg, originalName: 'tiny.jpg', bytes: 0 },
    ]
    await expect(acceptUploads(files, storage)).rejects.toThrow(/«tiny\.jpg» слишком маленькое/)
    expect(await filesUnder(storeRoot)).toEqual([])
    const [accepted] = await acceptUploads([files[0]], storage)
    expect(accepted).toMatchObject({ originalName: 'large.jpg', originalKey: originalKey(accepted.id), width: 2600, height: 1300 })
    expect(await filesUnder(storeRoot)).toEqual([accepted.originalKey])
    // The upload itself, byte for byte: the variants are its job's.
    expect(await readFile(path.join(storeRoot, accepted.originalKey))).toEqual(await readFile(fixtures.large))
    await rm(storeRoot, { recursive: true, force: true })
  })

  it('leaves nothing when storing a kept upload fails', async () => {
    const storeRoot = await mkdtemp(path.join(os.tmpdir(), 'konkurs-store-'))
    const local = createLocalStorage(storeRoot)
    let puts = 0
    const failing = { ...local, put: async (...args: Parameters<typeof local.put>) => (++puts === 2 ? Promise.reject(new Error('disk full')) : local.put(...args)) }
    const files = [
      { path: fixtures.large, originalName: 'a.jpg', bytes: 0 },
      { path: fixtures.orientation[1], originalName: 'b.jpg', bytes: 0 },
    ]
    await expect(acceptUploads(files, failing)).rejects.toThrow('disk full')
    expect(await filesUnder(storeRoot)).toEqual([])
    await rm(storeRoot, { recursive: true, force: true })
  })
})
