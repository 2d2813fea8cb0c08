import type { ReactNode } from 'react'

/** A table that may be wider than a phone scrolls sideways on its own; the keyboard can reach it to scroll it. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
