import { useEffect } from 'react'
import type { PhotoView } from '~/modules/photos/view'
import { PhotoImage } from './photo-image'

/**
 * Full-size photos over the page. Each one is a target of the page's own links (#photo-2), shown by
 * CSS :target, so it opens, steps and closes (back to its thumbnail) without JavaScript; with it, Escape closes and the
 * arrow keys step, and focus moves into the open photo.
 */
export function Lightbox({ photos, title }: { photos: PhotoView[]; title: string }) {
  useEffect(() => {
    const current = () => /^#photo-(\d+)$/.exec(window.location.hash)?.[1]
    function focusOpen() {
      const n = current()
      if (n) document.getElementById(`photo-${n}-close`)?.focus()
    }
    function onKey(e: KeyboardEvent) {
      const n = Number(current())
      if (!n) return
      if (e.key === 'Escape') window.location.hash = `photo-thumb-${n}`
      else if (e.key === 'ArrowRight' && n < photos.length) window.location.hash = `photo-${n + 1}`
      else if (e.key === 'ArrowLeft' && n > 1) window.location.hash = `photo-${n - 1}`
    }
    focusOpen()
    window.addEventListener('hashchange', focusOpen)
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('hashchange', focusOpen)
      window.removeEventListener('keydown', onKey)
    }
  }, [photos.length])

  return (
    <div className="lightboxes">
      {photos.map((p, i) => (
        <div key={p.id} id={`photo-${i + 1}`} className="lightbox" role="dialog" aria-label={`Фотография ${i + 1} из ${photos.length}`}>
          <PhotoImage photo={p} sizes="100vw" alt={`${title}, фотография ${i + 1}`} className="lightbox__image" />
          <div className="lightbox__bar">
            {i > 0 ? (
              <a href={`#photo-${i}`} className="lightbox__link">
                ← Предыдущая
              </a>
            ) : (
              <span />
            )}
            <a href={`#photo-thumb-${i + 1}`} id={`photo-${i + 1}-close`} className="lightbox__link">
              Закрыть
            </a>
            {i < photos.length - 1 ? (
              <a href={`#photo-${i + 2}`} className="lightbox__link">
                Следующая →
              </a>
            ) : (
              <span />
            )}
          </div>
        </div>
      ))}
    </div>
  )
}
