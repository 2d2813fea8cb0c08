import { useCallback, useEffect, useRef, useState, type DragEvent, type RefObject } from 'react'
import { PhotoFailure } from '~/components/photo-placeholder'
import { sendPhoto } from '~/modules/photos/send.client'
import { ACCEPTED_TYPES, acceptedFormats, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, PHOTO_PROCESSING, PHOTO_PROCESSING_HINT, photoUrl, type PhotoView } from '~/modules/photos/view'
import { PENDING_PHOTO_FIELD } from '~/modules/entries/validation'
import { plural } from '~/utils/format'
import { useHydrated } from './controls'
import { PhotoImage } from './photo-image'

export type ExistingPhoto = PhotoView & { originalName: string }

type Item = {
  key: string
  name: string
  /** The server's photo id: a saved photo of the entry, or one uploaded ahead of the form. */
  id: string | null
  state: 'saved' | 'uploaded' | 'queued' | 'uploading' | 'failed'
  photo: PhotoView | null
  /** A blob: preview shown while the file travels; the server's thumbnail replaces it. */
  preview: string | null
  message: string | null
  /** The share of the file sent while it travels (0–1). */
  sent?: number
}

type Props = {
  existing: ExistingPhoto[]
  /** Photos kept from earlier posts of the form without JavaScript, waiting to be attached when it is saved. */
  kept: ExistingPhoto[]
  contestId: number
  minPhotos: number
  maxPhotos: number
  errors?: string[]
  /** Told whether files are still on their way, so that the form is not sent half-ready. */
  onBusyChange: (busy: boolean) => void
}

const photosWord = (n: number) => plural(n, ['фотографию', 'фотографии', 'фотографий'])

function limitsHint(min: number, max: number) {
  const count = min === max ? `${max} ${photosWord(max)}` : min > 0 ? `от ${min} до ${max} ${plural(max, ['фотографии', 'фотографий', 'фотографий'])}` : `до ${max} ${photosWord(max)}`
  return `Приложите ${count}: ${acceptedFormats('или')} с телефона, до ${MAX_UPLOAD_MB} МБ каждая. Первая фотография станет обложкой заявки.`
}

/**
 * The photos of the form. Without JavaScript: the saved photos and those kept from the form's earlier
 * posts, each with a position and a «remove» box, and a plain file input sent with the form. With
 * JavaScript: files are sent one by one as soon as they are chosen or dropped (with a progress bar and
 * previews), can be reordered and removed, and the form sends only the final order of photo ids. Files
 * chosen in the plain input before the page's JavaScript started are taken over when it starts.
 */
export function PhotoPicker(props: Props) {
  const hydrated = useHydrated()
  // The plain input, kept after it leaves the page: its files are the managed list's first ones.
  const plainInput = useRef<HTMLInputElement | null>(null)
  const keepInput = useCallback((el: HTMLInputElement | null) => {
    if (el) plainInput.current = el
  }, [])
  return (
    <fieldset className="photos" aria-describedby={`photos-hint${props.errors?.length ? ' photos-error' : ''}`}>
      <legend>Фотографии *</legend>
      <p id="photos-hint" className="field__hint">
        {limitsHint(props.minPhotos, props.maxPhotos)}
      </p>
      {hydrated ? <ManagedPhotos {...props} chosenBefore={plainInput} /> : <PlainPhotos existing={props.existing} kept={props.kept} inputRef={keepInput} />}
      {props.errors?.length ? (
        <p id="photos-error" className="field__error" role="alert">
          {props.errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  )
}

function PlainPhotos({ existing, kept, inputRef }: { existing: ExistingPhoto[]; kept: ExistingPhoto[]; inputRef: (el: HTMLInputElement | null) => void }) {
  const keptIds = new Set(kept.map((p) => p.id))
  const listed = [...existing, ...kept.filter((p) => !existing.some((e) => e.id === p.id))]
  return (
    <>
      {listed.length ? (
        <ol className="photo-list">
          {listed.map((p, i) => (
            <li key={p.id} className="photo-item">
              {keptIds.has(p.id) ? <input type="hidden" name={PENDING_PHOTO_FIELD} value={p.id} /> : null}
              <PhotoImage photo={p} sizes="8rem" alt={`Фотография ${i + 1}`} className="photo-item__image" />
              <div className="photo-item__body">
                <p className="photo-item__name">{p.originalName || `Фотография ${i + 1}`}</p>
                {keptIds.has(p.id) ? (
                  // Not «refresh the page»: the form as typed would be lost with it.
                  <p className="photo-item__state">Загружена: выбирать её ещё раз не нужно{p.status === 'processing' ? '; миниатюра появится после сохранения заявки' : ''}.</p>
                ) : p.status === 'processing' ? (
                  <p className="photo-item__state">{`${PHOTO_PROCESSING}. ${PHOTO_PROCESSING_HINT}`}</p>
                ) : null}
                <PhotoFailure photo={p} />
                <label htmlFor={`photo-position-${p.id}`}>Порядковый номер</label>
                <select id={`photo-position-${p.id}`} name={`photoPosition.${p.id}`} defaultValue={i + 1}>
                  {listed.map((_, n) => (
                    <option key={n} value={n + 1}>
                      {n + 1}
                    </option>
                  ))}
                </select>
                <div className="check">
                  <input type="checkbox" id={`photo-remove-${p.id}`} name="removePhoto" value={p.id} />
                  <label htmlFor={`photo-remove-${p.id}`}>Удалить эту фотографию</label>
                </div>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="field">
        <label htmlFor="photos-input">{listed.length ? 'Добавить фотографии' : 'Выберите фотографии'}</label>
        <input ref={inputRef} id="photos-input" type="file" name="photos" multiple accept={ACCEPTED_TYPES} />
      </div>
    </>
  )
}

/** Bytes of the files sent since the queue was last empty: `done` of finished files, `current` of the one on its way. */
type Batch = { files: number; finished: number; refused: number; total: number; done: number; current: number }

let counter = 0
const nextKey = () => `new-${++counter}`

function ManagedPhotos({ existing, kept, contestId, maxPhotos, onBusyChange, chosenBefore }: Props & { chosenBefore: RefObject<HTMLInputElement | null> }) {
  const [items, setItems] = useState<Item[]>(() => [
    ...existing.map((p): Item => ({ key: p.id, id: p.id, name: p.originalName, state: 'saved', photo: p, preview: null, message: null })),
    ...kept.filter((p) => !existing.some((e) => e.id === p.id)).map((p): Item => ({ key: p.id, id: p.id, name: p.originalName, state: 'uploaded', photo: p, preview: null, message: null })),
  ])
  const [batch, setBatch] = useState<Batch | null>(null)
  const [dragging, setDragging] = useState(false)
  const queue = useRef<{ key: string; file: File }[]>([])
  const pumping = useRef(false)
  const dragKey = useRef<string | null>(null)

  const update = (key: string, change: Partial<Item>) => setItems((list) => list.map((it) => (it.key === key ? { ...it, ...change } : it)))

  const pump = useCallback(async () => {
    if (pumping.current) return
    pumping.current = true
    onBusyChange(true)
    while (queue.current.length) {
      const { key, file } = queue.current.shift()!
      update(key, { state: 'uploading' })
      // Downscaled where the browser can, and resumed after a dropped connection (send.client.ts).
      const result = await sendPhoto(file, contestId, (share) => {
        update(key, { sent: share })
        setBatch((b) => b && { ...b, current: share * file.size })
      })
      setItems((list) =>
        list.map((it) => {
          if (it.key !== key) return it
          if (!result.ok) {
            if (it.preview) URL.revokeObjectURL(it.preview)
            return { ...it, state: 'failed', preview: null, message: result.error }
          }
          // The variants are made after the answer: the file's own preview stays until the page is reloaded.
          const ready = result.photo.status === 'ready'
          if (ready && it.preview) URL.revokeObjectURL(it.preview)
          return { ...it, state: 'uploaded', id: result.photo.id, photo: result.photo, preview: ready ? null : it.preview, message: result.duplicate ? 'Такая же фотография уже есть в этом конкурсе.' : null }
        }),
      )
      setBatch((b) => b && { ...b, finished: b.finished + 1, refused: b.refused + (result.ok ? 0 : 1), done: b.done + file.size, current: 0 })
    }
    pumping.current = false
    onBusyChange(false)
  }, [contestId, onBusyChange])

  function addFiles(files: File[]) {
    if (!files.length) return
    const taken = items.filter((it) => it.state !== 'failed').length
    const added: Item[] = []
    const queued: { key: string; file: File }[] = []
    for (const file of files) {
      const key = nextKey()
      const base = { key, name: file.name, id: null, photo: null }
      if (taken + queued.length >= maxPhotos) {
        added.push({ ...base, state: 'failed', preview: null, message: `«${file.name}» не добавлена: в заявке не больше ${maxPhotos} ${photosWord(maxPhotos)}.` })
      } else if (file.size > MAX_UPLOAD_BYTES) {
        added.push({ ...base, state: 'failed', preview: null, message: `Файл «${file.name}» больше ${MAX_UPLOAD_MB} МБ: уменьшите его или выберите другой.` })
      } else {
        added.push({ ...base, state: 'queued', preview: URL.createObjectURL(file), message: null })
        queued.push({ key, file })
      }
    }
    setItems((list) => [...list, ...added])
    if (queued.length) {
      const bytes = queued.reduce((sum, q) => sum + q.file.size, 0)
      // Files added while others are on their way join the same bar.
      setBatch((b) =>
        b && pumping.current
          ? { ...b, files: b.files + queued.length, total: b.total + bytes }
          : { files: queued.length, finished: 0, refused: 0, total: bytes, done: 0, current: 0 },
      )
      queue.current.push(...queued)
      void pump()
    }
  }

  function remove(key: string) {
    const item = items.find((it) => it.key === key)
    if (!item || item.state === 'uploading') return
    queue.current = queue.current.filter((q) => q.key !== key)
    if (item.preview) URL.revokeObjectURL(item.preview)
    // A photo uploaded ahead but never saved is deleted now; a saved one goes when the form is saved.
    if (item.state === 'uploaded' && item.id) void fetch(`/resources/photos/upload?discard=${item.id}`, { method: 'POST' })
    setItems((list) => list.filter((it) => it.key !== key))
  }

  function move(key: string, by: number) {
    setItems((list) => {
      const from = list.findIndex((it) => it.key === key)
      const to = from + by
      if (from < 0 || to < 0 || to >= list.length) return list
      const next = [...list]
      const [item] = next.splice(from, 1)
      next.splice(to, 0, item)
      return next
    })
  }

  function dropOn(targetKey: string | null, e: DragEvent) {
    e.preventDefault()
    setDragging(false)
    if (dragKey.current) {
      const from = dragKey.current
      dragKey.current = null
      setItems((list) => {
        const moving = list.find((it) => it.key === from)
        if (!moving || from === targetKey) return list
        const rest = list.filter((it) => it.key !== from)
        const at = targetKey ? rest.findIndex((it) => it.key === targetKey) : rest.length
        rest.splice(at < 0 ? rest.length : at, 0, moving)
        return rest
      })
    } else if (e.dataTransfer.files.length) {
      addFiles([...e.dataTransfer.files])
    }
  }

  useEffect(() => () => items.forEach((it) => it.preview && URL.revokeObjectURL(it.preview)), []) // eslint-disable-line react-hooks/exhaustive-deps

  // Files chosen in the plain input before the page's JavaScript started (a slow phone) are not dropped
  // when the managed list replaces it: they are sent like files chosen now, once.
  const adopted = useRef(false)
  useEffect(() => {
    const input = chosenBefore.current
    if (adopted.current || !input?.files?.length) return
    adopted.current = true
    const files = [...input.files]
    input.value = ''
    addFiles(files)
  }, []) // eslint-disable-line react-hooks/exhaustive-deps

  const inList = items.filter((it) => it.state !== 'failed')
  return (
    <>
      <input type="hidden" name="photosManaged" value="1" />
      {inList.map((it) => (it.id ? <input key={it.key} type="hidden" name="photoOrder" value={it.id} /> : null))}
      {items.length ? (
        <ol className="photo-list photo-list--managed" aria-label="Выбранные фотографии">
          {items.map((it, i) => (
            <li
              key={it.key}
              className={`photo-item photo-item--${it.state}`}
              draggable={it.state !== 'failed'}
              onDragStart={(e) => {
                dragKey.current = it.key
                e.dataTransfer.effectAllowed = 'move'
              }}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => dropOn(it.key, e)}
            >
              {it.photo && (it.photo.status === 'ready' || !it.preview) ? (
                <PhotoImage photo={it.photo} sizes="8rem" alt={`Фотография ${i + 1}: ${it.name}`} className="photo-item__image" />
              ) : it.preview ? (
                <img
                  src={it.preview}
                  alt={`Фотография ${i + 1}: ${it.name} (${it.state === 'uploaded' ? 'обрабатывается' : 'загружается'})`}
                  className="photo-item__image"
                  width={128}
                  height={128}
                />
              ) : (
                <span className="photo-item__image photo-item__image--empty" aria-hidden="true" />
              )}
              <div className="photo-item__body">
                <p className="photo-item__name">{it.name || `Фотография ${i + 1}`}</p>
                <p className="photo-item__state" aria-live="polite">
                  {it.state === 'queued'
                    ? 'Ждёт отправки…'
                    : it.state === 'uploading'
                      ? 'Загружается…'
                      : it.photo?.status === 'processing'
                        ? `${it.state === 'uploaded' ? 'Загружена. ' : ''}${PHOTO_PROCESSING}: миниатюра появится, когда страница будет обновлена.`
                        : it.state === 'uploaded'
                          ? 'Загружена'
                          : null}
                </p>
                {it.state === 'uploading' ? (
                  <div className="upload-progress">
                    <label htmlFor={`photo-progress-${it.key}`}>
                      <span className="sr-only">{`Фотография ${i + 1}: `}</span>
                      {`отправлено ${Math.round((it.sent ?? 0) * 100)} %`}
                    </label>
                    <progress id={`photo-progress-${it.key}`} max={1} value={it.sent ?? 0} />
                  </div>
                ) : null}
                {it.photo ? <PhotoFailure photo={it.photo} /> : null}
                {it.message ? <p className={it.state === 'failed' ? 'field__error' : 'photo-item__warning'}>{it.message}</p> : null}
                <div className="photo-item__actions">
                  {it.state !== 'failed' ? (
                    <>
                      <button type="button" className="chip" onClick={() => move(it.key, -1)} disabled={i === 0} aria-label={`Переместить фотографию ${i + 1} выше`}>
                        ↑
                      </button>
                      <button type="button" className="chip" onClick={() => move(it.key, 1)} disabled={i === items.length - 1} aria-label={`Переместить фотографию ${i + 1} ниже`}>
                        ↓
                      </button>
                    </>
                  ) : null}
                  <button type="button" className="chip" onClick={() => remove(it.key)} disabled={it.state === 'uploading'} aria-label={`Убрать фотографию ${i + 1}: ${it.name}`}>
                    Убрать
                  </button>
                  {it.photo?.status === 'ready' ? (
                    <a href={photoUrl(it.photo.id, 'full')} target="_blank" rel="noreferrer" className="photo-item__open">
                      Открыть
                    </a>
                  ) : null}
                </div>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          if (!dragKey.current) setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => dropOn(null, e)}
      >
        <label htmlFor="photos-input">Выберите фотографии или перетащите их сюда</label>
        <input
          id="photos-input"
          type="file"
          multiple
          accept={ACCEPTED_TYPES}
          onChange={(e) => {
            addFiles([...(e.currentTarget.files ?? [])])
            // Emptied, so the same file can be chosen again and nothing is sent twice with the form.
            e.currentTarget.value = ''
          }}
        />
      </div>
      {batch ? (
        <div className="upload-progress">
          <label htmlFor="upload-progress">
            {batch.finished < batch.files
              ? `Загрузка фотографий: ${batch.finished} из ${batch.files}`
              : `Загружено фотографий: ${batch.finished - batch.refused} из ${batch.files}${batch.refused ? `, не принято: ${batch.refused}` : ''}`}
          </label>
          <progress id="upload-progress" max={Math.max(1, batch.total)} value={Math.min(batch.total, batch.done + batch.current)} />
        </div>
      ) : null}
    </>
  )
}
