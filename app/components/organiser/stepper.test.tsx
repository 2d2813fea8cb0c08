// @vitest-environment jsdom
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Stepper } from './stepper'

describe('Stepper', () => {
  it('says a step passed incompletely, and why, instead of ticking it', () => {
    render(
      <Stepper
        steps={[
          { status: 'judging', label: 'Работа жюри', state: 'done' },
          { status: 'review', label: 'Подведение итогов', state: 'incomplete', note: 'итоги опубликованы до завершения оценки. Причина: комиссия решила очно' },
          { status: 'published', label: 'Итоги опубликованы', state: 'current' },
        ]}
      />,
    )
    const [judging, review, published] = screen.getAllByRole('listitem')
    expect(judging).toHaveTextContent('Работа жюри — пройдено')
    expect(review).toHaveTextContent('Подведение итогов — пройдено не полностью: итоги опубликованы до завершения оценки. Причина: комиссия решила очно')
    expect(review.querySelector('svg')).toBeNull()
    expect(review).toHaveTextContent('!')
    expect(published).toHaveAttribute('aria-current', 'step')
  })
})
