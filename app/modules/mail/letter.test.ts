import { describe, expect, it } from 'vitest'
import { greeting, letterHtml, MAIL_KINDS, withFooter } from './letter'

describe('a letter', () => {
  it('greets the person by name, or without one when the name is not known', () => {
    expect(greeting('Анна Петрова')).toBe('Здравствуйте, Анна Петрова!')
    expect(greeting(null)).toBe('Здравствуйте!')
    expect(greeting('')).toBe('Здравствуйте!')
  })

  it('ends with a footer saying who sends it and why this person gets it', () => {
    const text = withFooter('Здравствуйте!\n\nЗаявка получена.\n\n', 'entry.received')
    expect(text).toBe(`Здравствуйте!\n\nЗаявка получена.\n\n—\nГородские конкурсы, администрация города Кемерово\n${MAIL_KINDS['entry.received']}\n`)
  })

  it('has an HTML part that says what the text says: paragraphs, line breaks, links, the footer apart', () => {
    const html = letterHtml(withFooter('Здравствуйте, <Анна> & Ко!\n\nСтраница заявки: https://konkurs.example.ru/my/entries/7.\nСпасибо.', 'entry.accepted'), 'Заявка «СК-0007» принята')
    expect(html).toContain('<title>Заявка «СК-0007» принята</title>')
    expect(html).toContain('<p style="margin:0 0 1em">Здравствуйте, &lt;Анна&gt; &amp; Ко!</p>')
    // The full stop after the address is not part of the link.
    expect(html).toContain('Страница заявки: <a href="https://konkurs.example.ru/my/entries/7">https://konkurs.example.ru/my/entries/7</a>.<br>Спасибо.</p>')
    expect(html).toMatch(/<p style="[^"]*color:#555[^"]*">Городские конкурсы, администрация города Кемерово<br>Вы получили это письмо, потому что подали заявку/)
    expect(html).not.toContain('—')
  })

  it('gives every kind a reason of its own words, never an empty one', () => {
    for (const [kind, reason] of Object.entries(MAIL_KINDS)) expect(reason, kind).toMatch(/^Вы получили это письмо, потому что .{20,}\.$/)
  })
})
