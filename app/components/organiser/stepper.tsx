import type { ContestStatus } from '../../../db/schema/enums'

type Step = { status: ContestStatus; label: string; state: 'done' | 'current' | 'upcoming' }

/** The contest's lifecycle as a list of steps; the current one is announced to screen readers as such. */
export function Stepper({ steps }: { steps: Step[] }) {
  return (
    <ol className="stepper" aria-label="Этапы жизни конкурса">
      {steps.map((s, i) => (
        <li key={s.status} className={`stepper__step stepper__step--${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined}>
          <span className="stepper__number" aria-hidden="true">
            {s.state === 'done' ? '✓' : i + 1}
          </span>
          <span className="stepper__label">
            {s.label}
            {s.state === 'done' ? <span className="sr-only"> — пройдено</span> : null}
            {s.state === 'current' ? <span className="sr-only"> — сейчас</span> : null}
          </span>
        </li>
      ))}
    </ol>
  )
}
