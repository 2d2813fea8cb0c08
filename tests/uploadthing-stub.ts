/**
 * A local stand-in for UploadThing's HTTP API, at the network edge: the ingest server (PUT of a
 * presigned URL), the REST API (POST /v6/deleteFiles) and the file CDN (GET /a/<appId>/<id>). It
 * checks the HMAC signatures and the API key as UploadThing does, so a test passes only if the
 * SDK is driven the way the real service expects.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type StoredObject = { name: string; type: string; bytes: Buffer }

export type UploadThingStub = {
  /** For UPLOADTHING_TOKEN. */
  token: string
  /** For UPLOADTHING_API_URL and UPLOADTHING_INGEST_URL. */
  url: string
  /** For UPLOADTHING_UFS_HOST (contains «local», so the SDK speaks plain http to it). */
  ufsHost: string
  files: Map<string, StoredObject>
  log: string[]
  /** Makes the next uploads fail with this status, to test cleanup. */
  failUploads(status: number | null): void
  close(): Promise<void>
}

const API_KEY = 'sk_test_konkurs_stub_key'
const APP_ID = 'konkurstest'

function signatureValid(url: URL) {
  const signature = url.searchParams.get('signature')
  if (!signature?.startsWith('hmac-sha256=')) return false
  const unsigned = new URL(url)
  unsigned.searchParams.delete('signature')
  const expected = createHmac('sha256', API_KEY).update(unsigned.toString()).digest('hex')
  const given = Buffer.from(signature.slice('hmac-sha256='.length), 'hex')
  return given.length === 32 && timingSafeEqual(given, Buffer.from(expected, 'hex'))
}

const expired = (url: URL) => Number(url.searchParams.get('expires')) < Date.now()

async function body(req: http.IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startUploadThingStub(): Promise<UploadThingStub> {
  const files = new Map<string, StoredObject>()
  const log: string[] = []
  let failing: number | null = null
  let base = ''

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base)
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(payload === undefined ? undefined : JSON.stringify(payload))
    }
    try {
      if (req.method === 'PUT') {
        log.push(`PUT ${url.pathname}`)
        if (!signatureValid(url) || expired(url) || url.searchParams.get('x-ut-identifier') !== APP_ID) return send(403, { error: 'Invalid signature' })
        if (failing) return send(failing, { error: 'Stubbed failure' })
        // The SDK encodes each value once more before adding it to the URL.
        const param = (name: string) => decodeURIComponent(url.searchParams.get(name) ?? '')
        const customId = param('x-ut-custom-id')
        if (!customId) return send(400, { error: 'This app expects a custom id' })
        if (files.has(customId)) return send(409, { error: 'A file with this custom id already exists' })
        const form = await new Request(url, { method: 'PUT', headers: req.headers as Record<string, string>, body: await body(req) }).formData()
        const file = form.get('file')
        if (!(file instanceof File)) return send(400, { error: 'No file' })
        const bytes = Buffer.from(await file.arrayBuffer())
        // As UploadThing does, the signed parameters describe the file, not the multipart part.
        if (bytes.length !== Number(param('x-ut-file-size'))) return send(400, { error: 'Size mismatch' })
        files.set(customId, { name: param('x-ut-file-name'), type: param('x-ut-file-type'), bytes })
        const ufsUrl = `${base}/a/${APP_ID}/${url.pathname.slice(1)}`
        return send(200, { url: ufsUrl, appUrl: ufsUrl, ufsUrl, fileHash: 'stub' })
      }
      if (req.method === 'POST' && url.pathname === '/v6/deleteFiles') {
        if (req.headers['x-uploadthing-api-key'] !== API_KEY) return send(401, { error: 'Invalid API key' })
        const { customIds = [] } = JSON.parse((await body(req)).toString()) as { customIds?: string[] }
        log.push(`DELETE ${customIds.join(',')}`)
        let deletedCount = 0
        for (const id of customIds) if (files.delete(id)) deletedCount++
        return send(200, { success: true, deletedCount })
      }
      const cdn = /^\/a\/([^/]+)\/([^/]+)$/.exec(url.pathname)
      if ((req.method === 'GET' || req.method === 'HEAD') && cdn) {
        log.push(`${req.method} ${cdn[2]}`)
        if (cdn[1] !== APP_ID || !signatureValid(url) || expired(url)) return send(403, { error: 'Invalid signature' })
        const file = files.get(decodeURIComponent(cdn[2]))
        if (!file) return send(404, { error: 'Not found' })
        res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) })
        res.end(req.method === 'HEAD' ? undefined : file.bytes)
        return
      }
      send(404, { error: `No stub for ${req.method} ${url.pathname}` })
    } catch (error) {
      send(500, { error: String(error) })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve))
  const { port } = server.address() as AddressInfo
  base = `http://localhost:${port}`
  return {
    token: Buffer.from(JSON.stringify({ apiKey: API_KEY, appId: APP_ID, regions: ['stub1'] })).toString('base64'),
    url: base,
    ufsHost: `localhost:${port}`,
    files,
    log,
    failUploads: (status) => (failing = status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
