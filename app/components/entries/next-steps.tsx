import { Link } from '@remix-run/react'
import type { NextStep } from '~/modules/entries/next-steps'

/**
 * «Что дальше»: the steps after submission (modules/entries/next-steps.ts), on the resident's receipt and
 * the operator's printed one. A step's link shows its full address (`appUrl`), which a printed copy keeps.
 */
export function NextSteps({ steps, editable, headingId, appUrl }: { steps: NextStep[]; editable: string | null; headingId: string; appUrl: string }) {
  return (
    <section aria-labelledby={headingId} className="next-steps">
      <h3 id={headingId}>Что дальше</h3>
      <ol>
        {steps.map((s) => (
          <li key={s.text}>
            {s.link ? (
              <>
                {s.text}:{' '}
                <Link to={s.link.path} className="receipt__url">
                  {appUrl + s.link.path}
                </Link>
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
