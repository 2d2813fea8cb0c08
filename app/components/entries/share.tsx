import { useId, useState } from 'react'
import { useHydrated } from './controls'

/**
 * «Поделиться»: the browser's own sharing (Web Share API: VK, Telegram, WhatsApp… on a phone) where it
 * has one, else the link copied. Without JavaScript, the link to select and copy.
 */
export function ShareLink({ url, title }: { url: string; title: string }) {
  const hydrated = useHydrated()
  const id = useId()
  const [said, setSaid] = useState('')
  async function share() {
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title, url })
      } catch {
        // Closed by the person, or refused by the browser: nothing to say.
      }
      return
    }
    try {
      await navigator.clipboard.writeText(url)
      setSaid('Ссылка скопирована')
    } catch {
      setSaid('Не удалось скопировать: выделите ссылку и скопируйте её')
    }
  }
  return (
    <div className="share">
      {hydrated ? (
        <button type="button" className="button button--secondary" onClick={() => void share()}>
          Поделиться
        </button>
      ) : null}
      <label htmlFor={id}>Ссылка на работу</label>
      <input id={id} type="url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <p role="status" className="share__status">
        {said}
      </p>
    </div>
  )
}
