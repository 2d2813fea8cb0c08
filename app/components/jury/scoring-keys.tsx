import { useLocation, useNavigate } from '@remix-run/react'
import { useEffect, useState } from 'react'

export const scoreInputClass = 'score-input'
const SCORE_FORM = 'form.score-form'

function isScoreInput(el: EventTarget | null): el is HTMLInputElement {
  return el instanceof HTMLInputElement && el.classList.contains(scoreInputClass)
}

const NOT_TEXT = new Set(['hidden', 'submit', 'button', 'checkbox', 'radio'])

function isTextEntry(el: Element) {
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  if (el instanceof HTMLElement && el.isContentEditable) return true
  return el instanceof HTMLInputElement && !el.classList.contains(scoreInputClass) && !NOT_TEXT.has(el.type)
}

function isDirty(form: HTMLFormElement) {
  return [...form.elements].some(
    (el) =>
      (el instanceof HTMLInputElement && el.type !== 'hidden' && el.value !== el.defaultValue) ||
      (el instanceof HTMLTextAreaElement && el.value !== el.defaultValue),
  )
}

/**
 * A digit sets the focused criterion: the first digit after focusing replaces the value, a second one
 * extends it while the result stays within the maximum (1 then 0 gives 10 on a ten-point criterion).
 */
function typeDigit(input: HTMLInputElement, digit: string) {
  const max = Number(input.max)
  const extended = input.dataset.typed === '1' && input.value !== '0' ? input.value + digit : ''
  input.value = extended && Number(extended) <= max ? String(Number(extended)) : digit
  input.dataset.typed = '1'
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

/**
 * The scoring page's keyboard, on top of what its form does without script (Tab moves between
 * criteria, Enter submits): digits set the focused criterion, Ctrl+Enter saves from the comment,
 * ← and → open the previous and next entry (the page's rel=prev/next links). Leaving with unsaved
 * marks is refused with a spoken hint. The listener reads the page as it is at the key press, so
 * it is registered once and is never behind a navigation.
 */
export function ScoringKeys() {
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const [hint, setHint] = useState({ pathname: '', text: '' })
  useEffect(() => {
    function onFocusIn(e: FocusEvent) {
      if (isScoreInput(e.target)) delete e.target.dataset.typed
    }
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented || e.altKey || e.metaKey || e.isComposing) return
      const target = e.target instanceof Element ? e.target : document.body
      const form = document.querySelector<HTMLFormElement>(SCORE_FORM)
      if (e.ctrlKey) {
        if (e.key === 'Enter' && form?.contains(target)) {
          e.preventDefault()
          form.requestSubmit()
        }
        return
      }
      if (isScoreInput(target) && /^\d$/.test(e.key)) {
        e.preventDefault()
        typeDigit(target, e.key)
        return
      }
      if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !e.shiftKey && !isTextEntry(target)) {
        const link = document.querySelector<HTMLAnchorElement>(e.key === 'ArrowLeft' ? 'a[rel="prev"]' : 'a[rel="next"]')
        if (!link) return
        e.preventDefault()
        if (form && isDirty(form)) {
          setHint({
            pathname: window.location.pathname,
            text: 'Оценка не сохранена: нажмите Enter, чтобы сохранить её, или верните прежние баллы.',
          })
          return
        }
        navigate(link.pathname)
      }
    }
    document.addEventListener('focusin', onFocusIn)
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('focusin', onFocusIn)
      document.removeEventListener('keydown', onKeyDown)
    }
  }, [navigate])
  return (
    <p aria-live="polite" className="jury-keys-hint">
      {hint.pathname === pathname ? hint.text : ''}
    </p>
  )
}
