import { describe, expect, it } from 'vitest'
import { Refusal, asRefusal, type RefusalKind } from './refusal'
import { REFUSAL_STATUS, redirectWithRefusal, refusalAsResponse, refusalJson, refusalReply, refusalResponse, refusalResult, refuse } from './refusal.server'

const submission = { reply: (options: object = {}) => ({ status: 'error' as const, ...options }) }

describe('a refusal as HTTP', () => {
  it.each([
    ['invalid', 400],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['too_large', 413],
    ['too_many', 429],
    ['unavailable', 503],
  ] as [RefusalKind, number][])('answers %s with %i and the Russian message', async (kind, status) => {
    const response = refusalResponse(new Refusal(kind, 'Заявка не найдена.'))
    expect(response.status).toBe(status)
    expect(await response.text()).toBe('Заявка не найдена.')
    expect(REFUSAL_STATUS[kind]).toBe(status)
  })

  it('throws a route\'s own refusal as its page answer', async () => {
    const thrown = (() => {
      try {
        refuse('not_found', 'Такого конкурса нет.')
      } catch (error) {
        return error as Response
      }
    })()
    expect(thrown).toBeInstanceOf(Response)
    expect(thrown!.status).toBe(404)
    expect(await thrown!.text()).toBe('Такого конкурса нет.')
  })

  it('puts the message beside its field, or above the form when it has none', () => {
    expect(refusalReply(submission, new Refusal('invalid', 'Выберите члена жюри из списка.', 'jurorId'), { hideFields: ['password'] })).toEqual({
      status: 400,
      result: { status: 'error', fieldErrors: { jurorId: ['Выберите члена жюри из списка.'] }, hideFields: ['password'] },
    })
    expect(refusalReply(submission, new Refusal('forbidden', 'Заявку уже рассмотрели, изменить её нельзя.'))).toEqual({
      status: 403,
      result: { status: 'error', formErrors: ['Заявку уже рассмотрели, изменить её нельзя.'] },
    })
    expect(refusalReply(submission, new Refusal('invalid', 'Не то поле', 'entry'), { field: null }).result).toEqual({ status: 'error', formErrors: ['Не то поле'] })
  })

  it('answers a form whose values were lost with the message alone', () => {
    expect(refusalResult(new Refusal('too_large', 'Слишком большая форма', 'photos'))).toEqual({
      status: 413,
      result: { status: 'error', error: { photos: ['Слишком большая форма'] } },
    })
  })

  it('carries the message in an error toast after a redirect', async () => {
    const response = await redirectWithRefusal('/back', new Refusal('conflict', 'Этап закрыт'))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/back')
    expect(response.headers.get('set-cookie')).toMatch(/^toast=/)
  })

  it('answers scripts with { error } and the status', async () => {
    const answer = refusalJson(new Refusal('too_large', 'Файл больше 25 МБ'), { headers: { 'Cache-Control': 'no-store' } })
    expect(answer.status).toBe(413)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(await answer.json()).toEqual({ error: 'Файл больше 25 МБ' })
  })

  it('passes anything that is not a refusal on unchanged', () => {
    const bug = new TypeError('x is undefined')
    expect(refusalAsResponse(bug)).toBe(bug)
    expect(() => asRefusal(bug)).toThrow(bug)
    expect(refusalAsResponse(new Refusal('not_found', 'Нет'))).toBeInstanceOf(Response)
  })
})
