import { Link } from '@remix-run/react'
import type { NextStep } from '~/modules/entries/next-steps'
import { quoted } from '~/utils/format'

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

/** The head of a receipt of an entry, the resident's and the operator's printed one alike: its contest, number and title. */
export function ReceiptHead({ contestTitle, number, title }: { contestTitle: string; number: string; title: string }) {
  return (
    <>
      <h2 id="receipt-title" className="receipt__title">
        Квитанция о приёме заявки
      </h2>
      <p>Конкурс {quoted(contestTitle)}</p>
      <p>
        Заявка <strong className="receipt__number">{number}</strong> {quoted(title)}
      </p>
    </>
  )
}
