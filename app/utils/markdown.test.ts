import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown.server'

describe('renderMarkdown', () => {
  it('keeps headings, lists and links', () => {
    const html = renderMarkdown('## Сроки\n\n- до 1 марта\n\n[Положение](https://kemerovo.ru/doc.pdf)')
    expect(html).toContain('<h2>Сроки</h2>')
    expect(html).toContain('<li>до 1 марта</li>')
    expect(html).toContain('href="https://kemerovo.ru/doc.pdf"')
    expect(html).toContain('rel="noopener noreferrer nofollow"')
  })

  it('renders scripts, handlers and javascript: links harmless', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href="#" onclick="alert(1)">y</a>')
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<img/i)
  })
})
