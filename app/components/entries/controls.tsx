import { useEffect, useState } from 'react'

/** True once React runs in the browser: before that (and without JavaScript) the page must work as plain HTML. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}
