/**
 * The streaming multipart reader against the bodies undici's FormData produces: the same fields and
 * file bytes whatever the chunking (boundaries split across chunks, bytes that look like a boundary),
 * every limit refused with its reason, and a body that stops early refused as broken.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MultipartError, multipartBoundary, readMultipart, type MultipartErrorReason, type MultipartLimits } from './multipart.server'

const LIMITS: MultipartLimits = {
  maxHeaderBytes: 8 * 1024,
  maxFileBytes: 25 * 1024 * 1024,
  maxTextBytes: 1024 * 1024,
  maxParts: 300,
  maxFiles: 20,
  maxTotalBytes: 100 * 1024 * 1024,
}

async function encode(form: FormData) {
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  const boundary = multipartBoundary(request.headers.get('content-type'))!
  return { boundary, body: Buffer.from(await request.arrayBuffer()) }
}

function* chunked(body: Buffer, sizes: () => number) {
  for (let at = 0; at < body.length; ) {
    const size = Math.max(1, sizes())
    yield body.subarray(at, at + size)
    at += size
  }
}

async function* asAsync(chunks: Iterable<Uint8Array>) {
  yield* chunks
}

type Parsed = { fields: [string, string][]; files: { field: string; name: string | undefined; bytes: Buffer }[] }

async function parse(chunks: Iterable<Uint8Array>, boundary: string, limits = LIMITS): Promise<Parsed> {
  const parsed: Parsed = { fields: [], files: [] }
  let data: Buffer[] = []
  let head: { fieldName: string; fileName: string | undefined } | null = null
  for await (const event of readMultipart(asAsync(chunks), boundary, limits)) {
    if (event.type === 'field') parsed.fields.push([event.name, event.value])
    else if (event.type === 'file') {
      head = event.head
      data = []
    } else if (event.type === 'data') data.push(Buffer.from(event.bytes))
    else {
      const bytes = Buffer.concat(data)
      expect(event.bytes).toBe(bytes.length)
      parsed.files.push({ field: head!.fieldName, name: head!.fileName, bytes })
    }
  }
  return parsed
}

async function refusal(promise: Promise<unknown>): Promise<MultipartErrorReason> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MultipartError)
  return (error as MultipartError).reason
}

describe('readMultipart', () => {
  it('reads fields and files as FormData sent them, however the body is cut into chunks', async () => {
    const form = new FormData()
    form.append('title', 'Снежная горка «Ёлочка» — 2027')
    form.append('empty', '')
    const files: Buffer[] = []
    for (let i = 0; i < 3; i++) {
      // Random bytes with line breaks and dashes inside, as a boundary begins.
      const bytes = Buffer.concat([randomBytes(70_000 + i * 3_001), Buffer.from('\r\n--\r\n-'), randomBytes(1_000), Buffer.from('\r\n--')])
      files.push(bytes)
      form.append('photos', new File([new Uint8Array(bytes)], `фото ${i}.jpg`, { type: 'image/jpeg' }))
    }
    form.append('photos', new File([], ''))
    form.append('authors[0].fullName', 'Иванова Мария')
    const { boundary, body } = await encode(form)
    const sizes: (() => number)[] = [() => 1, () => 7, () => boundary.length + 3, () => 64 * 1024, () => 1 + Math.floor(Math.random() * 5_000), () => body.length]
    for (const size of sizes) {
      const parsed = await parse(chunked(body, size), boundary)
      expect(parsed.fields).toEqual([
        ['title', 'Снежная горка «Ёлочка» — 2027'],
        ['empty', ''],
        ['authors[0].fullName', 'Иванова Мария'],
      ])
      expect(parsed.files.map((f) => [f.field, f.name, f.bytes.length])).toEqual([
        ...files.map((f, i) => ['photos', `фото ${i}.jpg`, f.length]),
        // undici sends an empty file without a file name, as application/octet-stream.
        ['photos', undefined, 0],
      ])
      parsed.files.slice(0, 3).forEach((f, i) => expect(f.bytes.equals(files[i])).toBe(true))
    }
  })

  it('does not mistake the bytes of a boundary that is cut short for the boundary itself', async () => {
    const boundary = 'b0undary'
    const content = Buffer.from(`x\r\n--b0undar\r\n--b0undarx\r\n--b0undary`.slice(0, -1))
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    for (let size = 1; size < 40; size++) {
      const parsed = await parse(chunked(body, () => size), boundary)
      expect(parsed.files[0].bytes.toString()).toBe(content.toString())
    }
  })

  it('takes the RFC 8187 file name over the plain one, and a preamble before the first boundary', async () => {
    const body = Buffer.from(
      'preamble\r\n--xyz\r\nContent-Disposition: form-data; name="photo"; filename="plain.jpg"; filename*=UTF-8\'\'%D1%91%D0%B6.jpg\r\n\r\n' +
        'abc\r\n--xyz--',
    )
    const parsed = await parse([body], 'xyz')
    expect(parsed.files).toEqual([{ field: 'photo', name: 'ёж.jpg', bytes: Buffer.from('abc') }])
  })

  it('refuses a body that ends before its closing boundary, wherever it is cut', async () => {
    const form = new FormData()
    form.append('title', 'x')
    form.append('photos', new File([new Uint8Array(randomBytes(5_000))], 'a.jpg'))
    const { boundary, body } = await encode(form)
    for (const cut of [0, 10, 60, 200, 3_000, body.length - 10, body.length - boundary.length - 4]) {
      expect(await refusal(parse([body.subarray(0, cut)], boundary))).toBe('malformed')
    }
    expect(await refusal(parse([Buffer.from('not multipart at all')], 'xyz'))).toBe('malformed')
  })

  it('refuses each limit with its reason, a file by its name', async () => {
    const form = new FormData()
    form.append('title', 'Двор')
    form.append('photos', new File([new Uint8Array(2_000)], 'большое.jpg'))
    form.append('photos', new File([new Uint8Array(10)], 'малое.jpg'))
    const { boundary, body } = await encode(form)
    const tooLarge = await parse([body], boundary, { ...LIMITS, maxFileBytes: 1_999 }).catch((e: unknown) => e)
    expect(tooLarge).toMatchObject({ reason: 'file_too_large', fileName: 'большое.jpg' })
    expect(await refusal(parse([body], boundary, { ...LIMITS, maxFiles: 1 }))).toBe('too_many_files')
    expect(await refusal(parse([body], boundary, { ...LIMITS, maxParts: 2 }))).toBe('too_many_parts')
    expect(await refusal(parse([body], boundary, { ...LIMITS, maxTextBytes: 7 }))).toBe('text_too_large')
    expect(await refusal(parse([body], boundary, { ...LIMITS, maxTotalBytes: 2_000 }))).toBe('total_too_large')
    expect(await refusal(parse([body], boundary, { ...LIMITS, maxHeaderBytes: 40 }))).toBe('header_too_large')
    expect(await parse([body], boundary, { ...LIMITS, maxFileBytes: 2_000, maxFiles: 2, maxParts: 3, maxTextBytes: 8, maxTotalBytes: 2_018 })).toMatchObject({
      fields: [['title', 'Двор']],
    })
  })

  it('finds the boundary of a multipart content type only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc')).toBe('----abc')
    expect(multipartBoundary('multipart/form-data; boundary="a b"; charset=utf-8')).toBe('a b')
    expect(multipartBoundary('multipart/form-data')).toBeNull()
    expect(multipartBoundary('application/x-www-form-urlencoded')).toBeNull()
    expect(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeNull()
  })
})
