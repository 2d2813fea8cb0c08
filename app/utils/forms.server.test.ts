import { describe, expect, it } from 'vitest'
import { RegisterSchema } from '~/modules/accounts/validation'
import { ResultsSettingsSchema } from '~/modules/contests/validation'
import { scoreFormSchema } from '~/modules/jury/validation'
import { ResultsActionSchema } from '~/modules/results/validation'
import { parseForm } from './forms.server'

const form = (entries: [string, string][]) => {
  const data = new FormData()
  for (const [name, value] of entries) data.append(name, value)
  return data
}
const junk: [string, string][] = Array.from({ length: 50 }, (_, i) => [`junk${i}`, `x${i}`])

describe('a refused form’s reply', () => {
  it('gives back the schema’s own fields and nothing else posted with them', () => {
    const { submission, hideFields } = parseForm(form([['fullName', 'Орлова Дарья'], ['email', 'orlova@'], ['password', 'x'], ...junk]), RegisterSchema, ['password'])
    const reply = submission.reply({ hideFields })
    expect(reply.initialValue).toEqual({ fullName: 'Орлова Дарья', email: 'orlova@' })
    expect(JSON.stringify(reply)).not.toContain('junk')
  })

  it('keeps a list field of an object schema, and the fields of every option of a union', () => {
    const settings = parseForm(form([['resultMethod', 'x'], ['nominations[0].id', '7'], ['nominations[0].winnersCount', '2'], ...junk]), ResultsSettingsSchema)
    expect(settings.submission.reply().initialValue).toEqual({ resultMethod: 'x', nominations: [{ id: '7', winnersCount: '2' }] })
    const action = parseForm(form([['intent', 'decide'], ['entryId', 'abc'], ...junk]), ResultsActionSchema)
    expect(Object.keys(action.submission.reply().initialValue ?? {}).sort()).toEqual(['entryId', 'intent'])
    expect(JSON.stringify(settings.submission.reply())).not.toContain('junk')
    expect(JSON.stringify(action.submission.reply())).not.toContain('junk')
  })

  it('is still refused by a strict schema for a field it does not know, which is not echoed', () => {
    const criteria = [{ id: 1, name: 'Идея', maxPoints: 10 }]
    const { submission } = parseForm(form([['intent', 'score'], ['c1', '5'], ['c2', '4'], ...junk]), scoreFormSchema(criteria))
    expect(submission.status).toBe('error')
    const reply = submission.reply()
    expect(reply.error?.['']).toEqual([expect.stringContaining('по которому эта заявка не оценивается')])
    expect(reply.initialValue).toEqual({ intent: 'score', c1: '5' })
  })
})
