// @vitest-environment jsdom
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CheckboxField, ChoiceGroup, Field } from './field'

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

describe('ChoiceGroup and CheckboxField', () => {
  it('ties the error of a multiple choice to its fieldset, and keeps the ticked boxes', () => {
    render(
      <ChoiceGroup
        label="Номинации"
        errors={['Выберите хотя бы одну номинацию']}
        choices={[
          { name: 'nominationIds', type: 'checkbox', value: '1', defaultChecked: true, label: 'Экодомик' },
          { name: 'nominationIds', type: 'checkbox', value: '2', label: 'Весна в шахтерском крае' },
        ]}
      />,
    )
    expect(screen.getByRole('group', { name: 'Номинации' })).toHaveAccessibleDescription('Выберите хотя бы одну номинацию')
    expect(screen.getByLabelText('Экодомик')).toBeChecked()
    expect(screen.getByLabelText('Весна в шахтерском крае')).not.toBeChecked()
  })

  it('describes a checkbox by its hint and error', () => {
    render(<CheckboxField label="Обязательное поле" hint="Только для чисел" errors={['Нельзя']} inputProps={{ name: 'required' }} />)
    const box = screen.getByLabelText('Обязательное поле')
    expect(box).toHaveAttribute('type', 'checkbox')
    expect(box).toHaveAttribute('aria-invalid', 'true')
    expect(box).toHaveAccessibleDescription('Только для чисел Нельзя')
  })
})
