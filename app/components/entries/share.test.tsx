// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ShareLink } from './share'

const URL = 'https://konkurs.example.ru/contests/snezhnyj-kalejdoskop/entries/%D0%A1%D0%9A-0007'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('ShareLink', () => {
  it('without JavaScript gives the link to copy, and no button that would do nothing', () => {
    const html = renderToString(<ShareLink url={URL} title="«Снежная крепость»" />)
    expect(html).toContain(`value="${URL}"`)
    expect(html).toContain('Ссылка на работу')
    expect(html).not.toContain('Поделиться')
  })

  it('opens the browser’s own sharing where there is one', async () => {
    const share = vi.fn(() => Promise.resolve())
    vi.stubGlobal('navigator', { ...navigator, share })
    render(<ShareLink url={URL} title="«Снежная крепость»" />)
    fireEvent.click(await screen.findByRole('button', { name: 'Поделиться' }))
    expect(share).toHaveBeenCalledWith({ title: '«Снежная крепость»', url: URL })
  })

  it('copies the link where there is none, and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    vi.stubGlobal('navigator', { ...navigator, share: undefined, clipboard: { writeText } })
    render(<ShareLink url={URL} title="«Снежная крепость»" />)
    fireEvent.click(await screen.findByRole('button', { name: 'Поделиться' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Ссылка скопирована')
    expect(writeText).toHaveBeenCalledWith(URL)
  })
})
