import { describe, expect, it } from 'vitest'
import { APPLICATION_WORDS } from '../../../db/schema/enums'
import { contestWords, receivedSentences, statisticsSentences, yearLead, yearListing, type FieldSum, type Noun, type StatisticsInput } from './statistics-text'

const NBSP = '\u00a0'

const birdhouse: Noun = { forms: ['скворечник', 'скворечника', 'скворечников'], gender: 'masculine' }
const application: Noun = { forms: ['заявка', 'заявки', 'заявок'], gender: 'feminine', accusativeOne: 'заявку' }
const made = ['изготовил', 'изготовила', 'изготовило', 'изготовили'] as const

const birdhouses = (n: number): StatisticsInput => ({
  participants: n,
  entries: n,
  winners: n,
  entryNoun: birdhouse,
  entryVerb: made,
  winnersOf: 'городского этапа',
})

describe('statisticsSentences', () => {
  it.each([
    [
      1,
      'В конкурсе принял участие 1 житель, который изготовил 1 скворечник.',
      'Победителем городского этапа стал 1 скворечник.',
    ],
    [
      2,
      'В конкурсе приняли участие 2 жителя, которые изготовили 2 скворечника.',
      'Победителями городского этапа стали 2 скворечника.',
    ],
    [
      5,
      'В конкурсе приняли участие 5 жителей, которые изготовили 5 скворечников.',
      'Победителями городского этапа стали 5 скворечников.',
    ],
    [
      11,
      'В конкурсе приняли участие 11 жителей, которые изготовили 11 скворечников.',
      'Победителями городского этапа стали 11 скворечников.',
    ],
    [
      21,
      'В конкурсе принял участие 21 житель, который изготовил 21 скворечник.',
      'Победителем городского этапа стал 21 скворечник.',
    ],
    [
      1125,
      'В конкурсе приняли участие 1125 жителей, которые изготовили 1125 скворечников.',
      'Победителями городского этапа стали 1125 скворечников.',
    ],
  ])('agrees with %i', (n, participation, winners) => {
    expect(statisticsSentences(birdhouses(n))).toEqual([participation, winners])
  })

  it('writes the birdhouse contest’s 2020 figures as the report does', () => {
    const sentences = statisticsSentences({ ...birdhouses(1125), entries: 412, winners: 95 })
    expect(sentences.join(' ')).toBe(
      'В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников. ' +
        'Победителями городского этапа стали 95 скворечников.',
    )
  })

  it('writes the snow contest’s sums with shared participles and a non-breaking space from 10 000 on', () => {
    const sentences = statisticsSentences({
      participants: 700,
      entries: 618,
      winners: 0,
      entryNoun: application,
      fields: [
        {
          value: 81,
          forms: ['снежный городок', 'снежных городка', 'снежных городков'],
          participle: ['построен', 'построено'],
        },
        {
          value: 1015,
          forms: ['снежная фигура', 'снежные фигуры', 'снежных фигур'],
          participle: ['построена', 'построено'],
        },
        { value: 6077, forms: ['подъезд', 'подъезда', 'подъездов'], participle: ['украшен', 'украшено'] },
        {
          value: 15012,
          forms: ['балкон и окно', 'балкона и окна', 'балконов и окон'],
          participle: ['оформлен', 'оформлено'],
        },
      ],
    })
    expect(sentences).toEqual([
      'В конкурсе приняли участие 700 жителей, которые подали 618 заявок.',
      `Усилиями участников построен 81 снежный городок, 1015 снежных фигур, украшено 6077 подъездов, оформлено 15${NBSP}012 балконов и окон.`,
    ])
  })

  it('groups millions and agrees a participle with one', () => {
    const [, fields] = statisticsSentences({
      ...birdhouses(2),
      winners: 0,
      fields: [
        { value: 1_234_567, forms: ['клумба', 'клумбы', 'клумб'], participle: ['оформлена', 'оформлено'] },
        { value: 21, forms: ['скамейка', 'скамейки', 'скамеек'], participle: ['установлена', 'установлено'] },
      ],
    })
    expect(fields).toBe(`Усилиями участников оформлено 1${NBSP}234${NBSP}567 клумб, установлена 21 скамейка.`)
  })

  it('lists the sums without verbs when a field has no participle, and leaves out zeros', () => {
    const [, fields] = statisticsSentences({
      ...birdhouses(2),
      winners: 0,
      fields: [
        { value: 0, forms: ['фигура', 'фигуры', 'фигур'], participle: ['построена', 'построено'] },
        { value: 325, forms: ['клумба', 'клумбы', 'клумб'] },
        { value: 3, forms: ['скамейка', 'скамейки', 'скамеек'], participle: ['установлена', 'установлено'] },
      ],
    })
    expect(fields).toBe('По данным заявок: 325 клумб, 3 скамейки.')
    expect(
      statisticsSentences({ ...birdhouses(2), winners: 0, fields: [{ value: 0, forms: ['a', 'b', 'c'] }] }),
    ).toHaveLength(1)
  })

  it('breaks the entries down by nomination and by district', () => {
    const sentences = statisticsSentences({
      ...birdhouses(1125),
      entries: 412,
      winners: 95,
      byNomination: [
        { name: 'Весна в шахтерском крае', entries: 250 },
        { name: 'Экодомик', entries: 161 },
        { name: 'Специальный приз жюри', entries: 1 },
      ],
      byDistrict: [
        { name: 'Заводский район', entries: 122 },
        { name: 'Рудничный район', entries: 2 },
      ],
    })
    expect(sentences).toEqual([
      'В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.',
      'Конкурс прошел по 3 номинациям: «Весна в шахтерском крае» — 250 скворечников, «Экодомик» — 161 скворечник, «Специальный приз жюри» — 1 скворечник.',
      'По районам: Заводский район — 122 скворечника, Рудничный район — 2 скворечника.',
      'Победителями городского этапа стали 95 скворечников.',
    ])
  })

  it('puts the nominations in the dative: по 1 номинации, по 21 номинации, по 5 номинациям', () => {
    const nominations = (n: number) =>
      statisticsSentences({
        ...birdhouses(2),
        byNomination: Array.from({ length: n }, (_, i) => ({ name: `N${i}`, entries: 0 })),
      })[1]
    expect(nominations(1)).toBe('Конкурс прошел по 1 номинации: «N0» — 0 скворечников.')
    expect(nominations(21)).toMatch(/^Конкурс прошел по 21 номинации: /)
    expect(nominations(5)).toMatch(/^Конкурс прошел по 5 номинациям: /)
  })

  it('uses the nouns’ gender and the accusative: a feminine entry and participant', () => {
    const sentences = statisticsSentences({
      participants: 1,
      entries: 21,
      winners: 1,
      participantNoun: { forms: ['семья', 'семьи', 'семей'], gender: 'feminine' },
      entryNoun: application,
    })
    expect(sentences).toEqual([
      'В конкурсе приняла участие 1 семья, которая подала 21 заявку.',
      'Победителем конкурса стала 1 заявка.',
    ])
  })

  it('speaks of people by default and with another participant noun', () => {
    expect(statisticsSentences({ participants: 1123, entries: 1123, winners: 0, entryNoun: application })[0]).toBe(
      'В конкурсе приняли участие 1123 жителя, которые подали 1123 заявки.',
    )
    const people: Noun = { forms: ['человек', 'человека', 'человек'], gender: 'masculine' }
    expect(
      statisticsSentences({
        participants: 1123,
        entries: 300,
        winners: 0,
        participantNoun: people,
        entryNoun: application,
      })[0],
    ).toBe('В конкурсе приняли участие 1123 человека, которые подали 300 заявок.')
  })

  it('says so when nobody has taken part yet', () => {
    expect(statisticsSentences({ ...birdhouses(0) })).toEqual(['В конкурсе пока никто не принял участия.'])
  })
})

describe('the report’s sentences from a contest’s words', () => {
  const snow = contestWords(
    {
      ...APPLICATION_WORDS,
      contestIn: 'традиционном городском смотре-конкурсе',
      sumsBy: 'Только в этом году усилиями неравнодушных кемеровчан',
    },
    'Снежный калейдоскоп',
  )
  const snowFields = (towns: number): FieldSum[] => [
    { value: towns, forms: ['снежный городок', 'снежных городка', 'снежных городков'], participle: ['построен', 'построено'] },
    { value: 1015, forms: ['снежная фигура', 'снежные фигуры', 'снежных фигур'], participle: ['построена', 'построено'] },
    { value: 6077, forms: ['подъезд', 'подъезда', 'подъездов'], participle: ['украшен', 'украшено'] },
    { value: 15012, forms: ['балкон и окно', 'балкона и окна', 'балконов и окон'], participle: ['оформлен', 'оформлено'] },
  ]

  it('opens the snow contest with its applications and writes its sums as the report does', () => {
    expect(statisticsSentences({ participants: 700, entries: 618, winners: 0, ...snow, fields: snowFields(81) })).toEqual([
      'На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.',
      `Только в этом году усилиями неравнодушных кемеровчан построен 81 снежный городок, 1015 снежных фигур, украшено 6077 подъездов, оформлено 15${NBSP}012 балконов и окон.`,
    ])
  })

  it('agrees «было подано» with one application and the participle with other numbers', () => {
    const [opening, sums] = statisticsSentences({ participants: 1, entries: 21, winners: 0, ...snow, fields: snowFields(2) })
    expect(opening).toBe('На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» была подана 21 заявка.')
    expect(sums).toMatch(/^Только в этом году усилиями неравнодушных кемеровчан построено 2 снежных городка, 1015 снежных фигур, украшено/)
    const birdhouses = contestWords({ entryForms: birdhouse.forms as [string, string, string], entryGender: 'masculine', entryVerb: [...made], winnersOf: 'городского этапа', contestIn: 'конкурсе' }, 'Тепло твоих рук')
    expect(statisticsSentences({ participants: 1, entries: 1, winners: 0, ...birdhouses })[0]).toBe('На участие в конкурсе «Тепло твоих рук» был подан 1 скворечник.')
  })

  it('writes the birdhouse contest from its words, and leaves out an empty jury-only nomination: never «0 скворечников»', () => {
    const words = contestWords({ entryForms: ['скворечник', 'скворечника', 'скворечников'], entryGender: 'masculine', entryVerb: [...made], winnersOf: 'городского этапа' }, 'Тепло твоих рук')
    const sentences = statisticsSentences({
      participants: 1125,
      entries: 412,
      winners: 95,
      ...words,
      byNomination: [
        { name: 'Весна в шахтерском крае', entries: 250 },
        { name: 'Экодомик', entries: 162 },
        { name: 'Специальный приз жюри', entries: 0, juryOnly: true },
      ],
    })
    expect(sentences).toEqual([
      'В конкурсе приняли участие 1125 жителей, которые изготовили 412 скворечников.',
      'Конкурс прошел по 2 номинациям: «Весна в шахтерском крае» — 250 скворечников, «Экодомик» — 162 скворечника.',
      'Победителями городского этапа стали 95 скворечников.',
    ])
    expect(sentences.join(' ')).not.toMatch(/— 0 |Специальный приз/)
    // An ordinary nomination nobody entered is a fact worth its «— 0»; a jury-only one given to an entry is listed with it.
    const given = statisticsSentences({
      ...birdhouses(3),
      byNomination: [
        { name: 'Экодомик', entries: 0 },
        { name: 'Специальный приз жюри', entries: 1, juryOnly: true },
      ],
    })
    expect(given[1]).toBe('Конкурс прошел по 2 номинациям: «Экодомик» — 0 скворечников, «Специальный приз жюри» — 1 скворечник.')
  })

  it('counts received applications apart from those that took part: «было подано» are all that came, people are of the accepted ones', () => {
    const sentences = statisticsSentences({ participants: 700, entries: 605, received: 618, winners: 0, ...snow, byNomination: [{ name: 'Пришла зима', entries: 605 }] })
    expect(sentences).toEqual([
      'На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 618 заявок.',
      'Конкурс прошел по 1 номинации: «Пришла зима» — 605 заявок.',
    ])
    // Applications received before any is accepted are still said.
    expect(statisticsSentences({ participants: 0, entries: 0, received: 3, winners: 0, ...snow })).toEqual([
      'На участие в традиционном городском смотре-конкурсе «Снежный калейдоскоп» было подано 3 заявки.',
    ])
  })

  it('names the participants with the contest’s own word and its gender', () => {
    const people = contestWords({ ...APPLICATION_WORDS, participantForms: ['человек', 'человека', 'человек'], participantGender: 'masculine' }, 'Любой')
    expect(statisticsSentences({ participants: 1123, entries: 300, winners: 0, ...people })[0]).toBe('В конкурсе приняли участие 1123 человека, которые подали 300 заявок.')
    expect(statisticsSentences({ participants: 1125, entries: 300, winners: 0, ...people })[0]).toBe('В конкурсе приняли участие 1125 человек, которые подали 300 заявок.')
    const families = contestWords({ ...APPLICATION_WORDS, participantForms: ['семья', 'семьи', 'семей'], participantGender: 'feminine' }, 'Любой')
    expect(statisticsSentences({ participants: 21, entries: 21, winners: 0, ...families })[0]).toBe('В конкурсе приняла участие 21 семья, которая подала 21 заявку.')
    expect(statisticsSentences({ participants: 5, entries: 5, winners: 0, ...contestWords(null, 'Любой') })[0]).toBe('В конкурсе приняли участие 5 жителей, которые подали 5 заявок.')
  })
})

describe('a contest whose results are not out, and the year', () => {
  const birdhouse = contestWords({ entryForms: ['скворечник', 'скворечника', 'скворечников'], entryGender: 'masculine', entryVerb: ['изготовил', 'изготовила', 'изготовило', 'изготовили'], winnersOf: 'городского этапа' }, 'Тепло твоих рук')

  it('says what was received and that the results are not out, in the contest’s noun', () => {
    expect(receivedSentences(412, birdhouse)).toEqual(['На конкурс подано 412 скворечников.', 'Итоги конкурса ещё не подведены.'])
    expect(receivedSentences(21, birdhouse)[0]).toBe('На конкурс подан 21 скворечник.')
    expect(receivedSentences(1, contestWords(null, 'Любой'))[0]).toBe('На конкурс подана 1 заявка.')
    expect(receivedSentences(0, birdhouse)[0]).toBe('На конкурс пока ничего не подано.')
  })

  it('writes the year with one kind of thing in each figure: contests, applications, people', () => {
    expect(yearLead({ contests: 6, received: 1245, published: { contests: 2, participants: 1125, winners: 95 } })).toBe(
      '6 конкурсов, на них подано 1245 заявок. Итоги подведены в 2 конкурсах из 6: в них приняли участие 1125 участников, победителями стали 95 заявок.',
    )
    expect(yearLead({ contests: 6, received: 21, published: { contests: 1, participants: 21, winners: 1 } })).toBe(
      '6 конкурсов, на них подана 21 заявка. Итоги подведены в 1 конкурсе из 6: в нём принял участие 21 участник, победителем стала 1 заявка.',
    )
    expect(yearLead({ contests: 1, received: 0, published: { contests: 0, participants: 0, winners: 0 } })).toBe('1 конкурс, на него подано 0 заявок. Итоги ещё не подведены.')
    expect(yearListing({ contests: 6, published: 2 })).toBe('6 конкурсов, итоги подведены в 2')
    expect(yearListing({ contests: 6, published: 0 })).toBe('6 конкурсов, итоги ещё не подведены')
    expect(yearListing({ contests: 2, published: 2 })).toBe('2 конкурса, итоги подведены во всех')
  })

  it('speaks of applications when the contest has no words of its own', () => {
    expect(statisticsSentences({ participants: 3, entries: 1, winners: 1, ...contestWords(null, 'Любой'), fields: [{ value: 5, forms: ['клумба', 'клумбы', 'клумб'], participle: ['оформлена', 'оформлено'] }] })).toEqual([
      'В конкурсе приняли участие 3 жителя, которые подали 1 заявку.',
      'Победителем конкурса стала 1 заявка.',
      'Усилиями участников оформлено 5 клумб.',
    ])
  })
})
