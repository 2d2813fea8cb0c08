import { Link } from '@remix-run/react'
import type { NextStep } from '~/modules/entries/next-steps'

/** «Что дальше»: the steps after submission (modules/entries/next-steps.ts), on the resident's receipt and the operator's printed one. */
export function NextSteps({ steps, editable, headingId }: { steps: NextStep[]; editable: string | null; headingId: string }) {
  return (
    <section aria-labelledby={headingId} className="next-steps">
      <h3 id={headingId}>Что дальше</h3>
      <ol>
        {steps.map((s) => (
          <li key={s.text}>
            {s.link ? (
              <>
                {s.text}: <Link to={s.link.path}>{s.link.label}</Link>
                {s.after}
              </>
            ) : (
              s.text
            )}
          </li>
        ))}
      </ol>
      {editable ? <p>{editable}</p> : null}
    </section>
  )
}
