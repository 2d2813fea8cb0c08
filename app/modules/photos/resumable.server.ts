/**
 * Photos sent ahead of the form over the tus protocol (tus.io, @tus/server with @tus/file-store), so
 * that an upload cut off by a weak mobile link goes on from the byte the server has instead of
 * starting again (docs/decisions/036-…). Reached through the route resources.photos.tus.$.tsx, behind
 * the same permission check as the plain upload route and, in server.ts, the same rate limit and
 * same-origin rule as every post. The parts lie in the uploads folder's `.incoming/` (the file and its
 * `.json`), where the sweep (sweep.server.ts) removes those untouched for an hour. A completed upload
 * goes through keepPendingPhoto, exactly as a photo posted to resources.photos.upload does.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import path from 'node:path'
import { FileStore } from '@tus/file-store'
import { Server, type ServerOptions } from '@tus/server'
import { Refusal, asRefusal } from '../../utils/refusal'
import { REFUSAL_STATUS, refusalStatus } from '../../utils/refusal.server'
import { keepPendingPhoto, refuseTooManyPending } from './photos.server'
import { fileTooLarge, incomingDir } from './uploads.server'
import { MAX_UPLOAD_BYTES, RESUMABLE_PATH } from './view'

/** Who is sending, for the hooks of the one tus server (set by handleResumable for each request). */
const asking = new AsyncLocalStorage<{ userId: string }>()

/** A tus hook's refusal: thrown to @tus/server, which answers with this status and body. */
const tusRefusal = (refusal: Refusal) => ({ status_code: refusalStatus(refusal), body: JSON.stringify({ error: refusal.message }) })
const gone = () => tusRefusal(new Refusal('not_found', 'Эта загрузка уже закончена или прервана давно: выберите фотографию ещё раз.'))

function currentUser() {
  const context = asking.getStore()
  if (!context) throw new Error('A tus request outside handleResumable')
  return context.userId
}

const onUploadCreate: ServerOptions['onUploadCreate'] = async (_req, upload) => {
  const userId = currentUser()
  // tus-js-client always says the length; a length given later would let the check below be skipped.
  if (upload.sizeIsDeferred) throw tusRefusal(new Refusal('invalid', 'Не указан размер файла: выберите фотографию ещё раз.'))
  try {
    await refuseTooManyPending(userId)
  } catch (error) {
    throw tusRefusal(asRefusal(error))
  }
  const contest = Number(upload.metadata?.contest)
  // The owner is the server's to say, whatever the client put in the metadata.
  return {
    metadata: {
      filename: (upload.metadata?.filename ?? '').slice(0, 255) || 'photo',
      contest: Number.isInteger(contest) && contest > 0 ? String(contest) : '',
      owner: userId,
    },
  }
}

const onUploadFinish: ServerOptions['onUploadFinish'] = async (_req, upload) => {
  const userId = currentUser()
  if (upload.metadata?.owner !== userId) throw gone()
  const store = datastore()
  const contest = Number(upload.metadata?.contest)
  try {
    const kept = await keepPendingPhoto(
      { path: path.join(store.directory, upload.id), originalName: upload.metadata?.filename ?? 'photo', bytes: upload.size ?? 0 },
      userId,
      Number.isInteger(contest) && contest > 0 ? contest : null,
    )
    return { status_code: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(kept) }
  } catch (error) {
    throw tusRefusal(asRefusal(error))
  } finally {
    // Kept in storage or refused: either way the received file is done with.
    await store.remove(upload.id).catch(() => {})
  }
}

/** Nobody else's upload is read, added to or ended: another person's id is as good as none. */
const onIncomingRequest: ServerOptions['onIncomingRequest'] = async (_req, uploadId) => {
  const upload = await datastore()
    .getUpload(uploadId)
    .catch(() => null)
  if (upload && upload.metadata?.owner !== currentUser()) throw gone()
}

/** The tus protocol's own refusals, said in Russian as the plain route says them. */
const onResponseError: ServerOptions['onResponseError'] = (_req, error) => {
  if ('body' in error && typeof error.body === 'string' && error.body.startsWith('{')) return undefined
  const status = 'status_code' in error ? error.status_code : 500
  if (status === REFUSAL_STATUS.too_large) return tusRefusal(fileTooLarge(undefined))
  if (status === 404 || status === 410) return gone()
  if (status >= 500) return { status_code: status, body: JSON.stringify({ error: 'Не удалось принять фотографию. Попробуйте ещё раз.' }) }
  return undefined
}

let store: FileStore | null = null
let server: Server | null = null

function datastore() {
  store ??= new FileStore({ directory: incomingDir() })
  return store
}

function tusServer() {
  server ??= new Server({
    // Each upload's address is this plus its id.
    path: RESUMABLE_PATH,
    datastore: datastore(),
    maxSize: MAX_UPLOAD_BYTES,
    relativeLocation: true,
    // Same origin only (server.ts refuses posts from other sites): no CORS headers for anyone.
    allowedOrigins: [],
    disableTerminationForFinishedUploads: true,
    onUploadCreate,
    onUploadFinish,
    onIncomingRequest,
    onResponseError,
  })
  return server
}

/** One tus request of a signed-in person (the route has checked the permission). Downloads (GET) are not offered. */
export async function handleResumable(request: Request, userId: string): Promise<Response> {
  if (request.method === 'GET') return Response.json({ error: 'Такой страницы нет.' }, { status: 404 })
  return asking.run({ userId }, () => tusServer().handleWeb(request))
}
