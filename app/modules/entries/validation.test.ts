import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { Refusal } from '~/utils/refusal'
import { assertAcceptingEntries } from '../contests/lifecycle'
import { entrySchema, normaliseEntryValues, photoCountProblem, plannedPhotoCount, readPhotoPlan, type EntryFormSpec } from './validation'

const spec: EntryFormSpec = {
  nominationIds: [1, 2],
  districtIds: [10, 11],
  asksOrganisation: true,
  maxAuthors: 3,
  requireDistrict: false,
  requireAddress: false,
  fields: [
    { id: 5, label: 'Количество снежных фигур', kind: 'number', options: [], required: true },
    { id: 6, label: 'Материал', kind: 'choice', options: ['Дерево', 'Другое'], required: false },
    { id: 7, label: 'Участвовала управляющая компания', kind: 'boolean', options: [], required: true },
    { id: 8, label: 'Что сделано', kind: 'text', options: [], required: false },
  ],
  mode: 'resident',
}

function parse(values: Record<string, string>, s: EntryFormSpec = spec) {
  const form = new FormData()
  for (const [k, v] of Object.entries(values)) form.append(k, v)
  return parseWithZod(form, { schema: entrySchema(s) })
}

const complete = {
  save: 'submit',
  nominationId: '2',
  title: 'Ледяной городок',
  'authors[0].fullName': 'Ёлкина Дарья-Мария',
  'authors[0].age': '34',
  'custom.f5': '12,5',
  'custom.f7': 'no',
  consent: 'on',
}

const errorsOf = (result: ReturnType<typeof parse>) => (result.status === 'error' ? result.error : {})

describe('the application form', () => {
  it('takes a complete submission and types the contest’s fields', () => {
    const result = parse(complete)
    expect(result.status).toBe('success')
    if (result.status !== 'success') return
    const input = normaliseEntryValues(spec, result.value)
    expect(input.fieldValues).toEqual([
      { fieldId: 5, value: '12.5', numberValue: 12.5 },
      { fieldId: 7, value: 'false', numberValue: null },
    ])
    expect(input.authors).toEqual([{ fullName: 'Ёлкина Дарья-Мария', age: 34, parentConsent: false, email: null }])
    expect(input.consent).toBe(true)
  })

  it('keeps an author’s e-mail in lower case, and refuses one that is not an address', () => {
    const result = parse({ ...complete, 'authors[0].email': ' Elkina@Mail.RU ' })
    expect(result.status === 'success' && normaliseEntryValues(spec, result.value).authors[0].email).toBe('elkina@mail.ru')
    expect(errorsOf(parse({ ...complete, 'authors[0].email': 'elkina-mail.ru' }))).toEqual({
      'authors[0].email': ['Адрес электронной почты указан неверно, пример: ivanova@mail.ru'],
    })
  })

  it('needs at least one author to submit', () => {
    expect(errorsOf(parse({ ...complete, 'authors[0].fullName': '', 'authors[0].age': '' }))).toEqual({ 'authors[0].fullName': ['Укажите хотя бы одного автора'] })
  })

  it('saves a draft with nothing filled in, but checks what is filled in', () => {
    expect(parse({ save: 'draft' }).status).toBe('success')
    expect(errorsOf(parse({ save: 'draft', 'custom.f5': 'много' }))).toEqual({ 'custom.f5': ['Укажите неотрицательное число, например 12 или 3,5'] })
    expect(errorsOf(parse({ save: 'draft', nominationId: '99' }))).toEqual({ nominationId: ['Выберите номинацию из списка'] })
  })

  it('names everything a submission lacks at once', () => {
    expect(errorsOf(parse({ save: 'submit', 'authors[0].age': 'тридцать' }))).toEqual({
      nominationId: ['Выберите номинацию'],
      title: ['Укажите название работы'],
      'authors[0].age': ['Укажите возраст числом'],
      'authors[0].fullName': ['Укажите ФИО автора'],
      'custom.f5': ['Заполните это поле'],
      'custom.f7': ['Выберите ответ'],
      consent: ['Без согласия на обработку персональных данных заявку отправить нельзя'],
    })
  })

  it('asks a parent’s consent for an author under 18, even in a draft', () => {
    const child = { ...complete, 'authors[1].fullName': 'Ёлкин Пётр', 'authors[1].age': '9' }
    expect(errorsOf(parse(child))).toEqual({ 'authors[1].parentConsent': ['Автору младше 18 лет нужно согласие родителя или законного представителя'] })
    expect(errorsOf(parse({ ...child, save: 'draft' }))).toHaveProperty(['authors[1].parentConsent'])
    expect(parse({ ...child, 'authors[1].parentConsent': 'on' }).status).toBe('success')
  })

  it('holds a team to the contest’s limit, and a single-author contest to one', () => {
    const team = { ...complete, 'authors[1].fullName': 'Б', 'authors[1].age': '30', 'authors[2].fullName': 'В', 'authors[2].age': '30', 'authors[3].fullName': 'Г', 'authors[3].age': '30' }
    expect(errorsOf(parse(team))).toEqual({ authors: ['Не больше 3 авторов'] })
    expect(errorsOf(parse({ ...complete, 'authors[1].fullName': 'Б', 'authors[1].age': '30' }, { ...spec, maxAuthors: 1 }))).toEqual({ authors: ['В этом конкурсе у работы один автор'] })
  })

  it('refuses a choice that is not offered, a name with digits and an impossible age', () => {
    expect(errorsOf(parse({ ...complete, 'custom.f6': 'Пластик', 'authors[0].fullName': 'R2-D2', 'authors[0].age': '130' }))).toEqual({
      'custom.f6': ['Выберите один из вариантов'],
      'authors[0].fullName': ['ФИО может содержать только буквы, пробелы, дефис и точку'],
      'authors[0].age': ['Возраст — от 1 до 120 лет'],
    })
  })

  it('asks an operator for the signed paper consent instead of the resident’s box, and a district where commissions judge', () => {
    const operator = { ...spec, mode: 'operator' as const, requireDistrict: 'district_stage' as const }
    expect(errorsOf(parse(complete, operator))).toEqual({
      paperConsent: ['Отметьте, что подписанное согласие получено: без него заявку отправить нельзя'],
      districtId: ['Выберите район: работы оценивают районные комиссии'],
    })
    expect(parse({ ...complete, consent: '', paperConsent: 'on', districtId: '11' }, operator).status).toBe('success')
  })

  it('asks for the district and the address where the contest’s settings require them', () => {
    const yard = { ...spec, requireDistrict: 'contest' as const, requireAddress: true }
    expect(errorsOf(parse(complete, yard))).toEqual({ districtId: ['Выберите район'], address: ['Укажите адрес'] })
    expect(parse({ ...complete, districtId: '10', address: 'ул. Весенняя, 5' }, yard).status).toBe('success')
    // A draft is kept without them.
    expect(parse({ ...complete, save: 'draft' }, yard).status).toBe('success')
  })

  it('cuts an oversized text short before any pattern is tried on it', () => {
    expect(errorsOf(parse({ ...complete, 'authors[0].fullName': 'Я'.repeat(100_000) }))).toEqual({ 'authors[0].fullName': ['ФИО должно быть не длиннее 200 символов'] })
  })
})

describe('whether entries are taken', () => {
  const contest = { status: 'accepting' as const, opensAt: new Date('2027-03-01T17:00:00Z'), closesAt: new Date('2027-04-15T17:00:00Z') }
  it('is decided by the injected clock, with a message for each side of the window', () => {
    expect(() => assertAcceptingEntries(contest, new Date('2027-04-15T16:59:59Z'))).not.toThrow()
    const after = () => assertAcceptingEntries(contest, new Date('2027-04-15T17:00:00Z'))
    expect(after).toThrow(Refusal)
    expect(after).toThrow('Приём заявок завершён: последний день приёма был 15 апреля 2027 г.')
    expect(() => assertAcceptingEntries(contest, new Date('2027-02-01T00:00:00Z'))).toThrow('Приём заявок ещё не начался: он откроется 2 марта 2027 г.')
    expect(() => assertAcceptingEntries({ ...contest, status: 'judging' }, new Date('2027-03-10T00:00:00Z'))).toThrow('Приём заявок завершён')
  })
})

describe('the number of photos', () => {
  const limits = { minPhotos: 1, maxPhotos: 3 }
  it('is told with the other answers: too few to submit, too many for any save', () => {
    const form = new FormData()
    form.append('save', 'submit')
    const result = parseWithZod(form, { schema: entrySchema(spec, { count: 0, ...limits }) })
    expect(result.status).toBe('error')
    if (result.status !== 'error') return
    expect(result.error?.title).toEqual(['Укажите название работы'])
    expect(result.error?.photos).toEqual(['Приложите хотя бы одну фотографию.'])
    expect(photoCountProblem({ count: 0, ...limits }, 'draft')).toBeNull()
    expect(photoCountProblem({ count: 4, ...limits }, 'draft')).toBe('К заявке можно приложить не больше 3 фото, а выбрано 4. Уберите лишние и отправьте форму ещё раз.')
    expect(photoCountProblem({ count: 1, minPhotos: 2, maxPhotos: 30 }, 'submit')).toBe('Приложите не меньше 2 фотографий.')
    expect(photoCountProblem({ count: 1, minPhotos: 21, maxPhotos: 30 }, 'submit')).toBe('Приложите не меньше 21 фотографии.')
  })

  it('is counted alike from the picker’s list and from the plain form', () => {
    const id = (n: number) => `0000000${n}-0000-4000-8000-000000000000`
    const list = new FormData()
    list.append('photosManaged', '1')
    for (const n of [1, 2]) list.append('photoOrder', id(n))
    expect(plannedPhotoCount(readPhotoPlan(list), [id(1), id(3)], 0)).toBe(2)
    const plain = new FormData()
    plain.append('removePhoto', id(3))
    expect(plannedPhotoCount(readPhotoPlan(plain), [id(1), id(3)], 2)).toBe(3)
    // Photos kept from an earlier post of the plain form count too, unless removed.
    for (const n of [4, 5]) plain.append('pendingPhoto', id(n))
    plain.append('removePhoto', id(5))
    expect(plannedPhotoCount(readPhotoPlan(plain), [id(1), id(3)], 2)).toBe(4)
  })
})
