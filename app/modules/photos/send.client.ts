/**
 * Sending one photo from the page, made for weak mobile links (docs/decisions/036-…):
 * - where the browser can decode it, the photo is first downscaled to the largest size the server
 *   keeps (the `full` variant's long edge), upright (browser-image-compression draws it as the
 *   browser shows it, EXIF orientation applied); a picture within that edge, one the browser cannot
 *   decode (HEIC outside Safari), or one whose result is not smaller is sent as chosen;
 * - it travels over the tus protocol (tus-js-client, the server's side in resumable.server.ts): a
 *   dropped connection is retried and goes on from the byte the server has, and choosing the same
 *   file again after the retries gave up resumes it too.
 * Both libraries are loaded when the first photo is chosen, not with the page.
 */
import { RESUMABLE_PATH, VARIANT_LONG_EDGE, type PhotoView } from './view'

export type SendResult = { ok: true; photo: PhotoView; duplicate: boolean } | { ok: false; error: string }

/** JPEG at this quality is indistinguishable at the full variant's size; the server re-encodes it anyway. */
const QUALITY = 0.85
/** Waits between tries after a dropped connection, about five minutes in all: a train through a tunnel. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 15_000, 30_000, 30_000, 60_000, 60_000, 60_000]

/** The long edge of the picture, if this browser can decode it (read from its header: nothing is drawn); null if not. */
function longEdge(file: File): Promise<number | null> {
  const url = URL.createObjectURL(file)
  const img = new Image()
  return new Promise<number | null>((resolve) => {
    img.onload = () => resolve(Math.max(img.naturalWidth, img.naturalHeight))
    img.onerror = () => resolve(null)
    img.src = url
  }).finally(() => URL.revokeObjectURL(url))
}

/**
 * The file to send: downscaled to the full variant's edge when it is larger and the result is smaller
 * in bytes; otherwise the file as chosen (never re-encoded at its own size, never upscaled). Never throws.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  try {
    const edge = await longEdge(file)
    // A format this browser cannot decode (HEIC in Chrome) goes as it is, and so does a small picture.
    if (edge === null || edge <= VARIANT_LONG_EDGE.full) return file
    const { default: imageCompression } = await import('browser-image-compression')
    const smaller = await imageCompression(file, {
      maxWidthOrHeight: VARIANT_LONG_EDGE.full,
      initialQuality: QUALITY,
      // Its worker would load the library from a CDN, which the page's CSP refuses.
      useWebWorker: false,
    })
    return smaller.size < file.size ? new File([smaller], file.name, { type: smaller.type, lastModified: file.lastModified }) : file
  } catch {
    // A canvas this phone cannot make, or the library could not be loaded: sent as chosen.
    return file
  }
}

type Response = { photo?: PhotoView; duplicate?: boolean; error?: string }

function parse(body: string | undefined): Response | null {
  try {
    return body ? (JSON.parse(body) as Response) : null
  } catch {
    return null
  }
}

/**
 * Sends a photo chosen for the form (downscaled first), telling `onProgress` the share sent (0–1).
 * Resolves with the stored photo, or with the Russian message to show beside it.
 */
export async function sendPhoto(file: File, contestId: number, onProgress: (share: number) => void): Promise<SendResult> {
  const [toSend, { Upload }] = await Promise.all([shrinkPhoto(file), import('tus-js-client')])
  const noConnection = `Не удалось загрузить «${file.name}»: нет связи с сервером. Выберите фотографию ещё раз, когда связь появится — загрузка продолжится с того места, где прервалась.`
  return new Promise<SendResult>((resolve) => {
    const upload = new Upload(toSend, {
      endpoint: RESUMABLE_PATH,
      metadata: { filename: file.name, contest: String(contestId) },
      retryDelays: RETRY_DELAYS,
      // Also when the phone says it is offline (tus-js-client's default gives up then): the delays wait for the signal.
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0
        return status === 0 || status >= 500 || status === 409 || status === 423 || status === 429
      },
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => onProgress(total > 0 ? sent / total : 0),
      onSuccess: ({ lastResponse }) => {
        const body = parse(lastResponse.getBody())
        if (body?.photo) resolve({ ok: true, photo: body.photo, duplicate: !!body.duplicate })
        else resolve({ ok: false, error: `Не удалось загрузить «${file.name}». Попробуйте ещё раз.` })
      },
      onError: (error) => {
        const response = 'originalResponse' in error ? error.originalResponse : null
        const body = parse(response?.getBody())
        resolve({ ok: false, error: body?.error ?? (response ? `Не удалось загрузить «${file.name}». Попробуйте ещё раз.` : noConnection) })
      },
    })
    // The same file chosen again after the tries gave up: on from where the server stopped.
    upload
      .findPreviousUploads()
      .then((previous) => {
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0])
      })
      .catch(() => {})
      .finally(() => upload.start())
  })
}
