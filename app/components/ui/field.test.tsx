// @vitest-environment jsdom
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Field } from './field'

describe('Field', () => {
  it('ties the label, hint and error to the input for screen readers', () => {
    render(<Field label="Пароль" hint="Не короче 8 символов" errors={['Пароль слишком короткий']} inputProps={{ name: 'password', type: 'password' }} />)
    const input = screen.getByLabelText('Пароль')
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription('Не короче 8 символов Пароль слишком короткий')
    expect(screen.getByText('Пароль слишком короткий')).toBeVisible()
  })

  it('is not marked invalid without errors', () => {
    render(<Field label="Почта" inputProps={{ name: 'email', type: 'email' }} />)
    const input = screen.getByLabelText('Почта')
    expect(input).not.toHaveAttribute('aria-invalid')
    expect(input).not.toHaveAttribute('aria-describedby')
  })
})
