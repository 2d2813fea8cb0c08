import { describe, expect, it } from 'vitest'
import { refusalAsResponse } from '~/utils/refusal.server'
import {
  assertAcceptingEntries,
  authorsPublic,
  closingDayInputValue,
  closingDayToInstant,
  contestPhase,
  isGalleryOpen,
  judgingState,
  publishBlockers,
  transitionBlockers,
  type ContestFacts,
  type PublishFacts,
} from './lifecycle'

const opensAt = new Date('2027-03-01T17:00:00Z')
const closesAt = new Date('2027-04-15T17:00:00Z') // midnight 16 April in Kemerovo

describe('contestPhase', () => {
  it('takes entries only between opening and closing, by the clock', () => {
    const c = { status: 'accepting' as const, opensAt, closesAt }
    expect(contestPhase(c, new Date('2027-03-01T16:59:59Z')).open).toBe(false)
    expect(contestPhase(c, new Date('2027-03-01T16:59:59Z')).label).toBe('Скоро приём заявок')
    expect(contestPhase(c, opensAt).open).toBe(true)
    expect(contestPhase(c, new Date('2027-04-15T16:59:59Z')).open).toBe(true)
    expect(contestPhase(c, closesAt).open).toBe(false)
    expect(contestPhase(c, closesAt).label).toBe('Приём заявок завершён')
  })

  it('never takes entries outside the accepting status, whatever the dates', () => {
    for (const status of ['draft', 'announced', 'judging', 'published'] as const) {
      expect(contestPhase({ status, opensAt, closesAt }, new Date('2027-03-10T00:00:00Z')).open).toBe(false)
    }
  })
})

describe('the closing day', () => {
  it('closes the window at the midnight that ends the day the organiser entered, in Kemerovo time', () => {
    expect(closingDayToInstant('2027-04-15')!.toISOString()).toBe('2027-04-15T17:00:00.000Z')
    expect(closingDayInputValue(closingDayToInstant('2027-04-15'))).toBe('2027-04-15')
    expect(closingDayToInstant('2027-12-31')!.toISOString()).toBe('2027-12-31T17:00:00.000Z')
    expect(closingDayToInstant('2027-02-30')).toBeNull()
    expect(closingDayToInstant('15.04.2027')).toBeNull()
  })
})

describe('assertAcceptingEntries with an injected clock', () => {
  const contest = { status: 'accepting' as const, opensAt: new Date('2027-03-01T02:00:00Z'), closesAt: closingDayToInstant('2027-04-15') }

  const refusal = (now: Date, c: Parameters<typeof assertAcceptingEntries>[0] = contest) => {
    try {
      assertAcceptingEntries(c, now)
    } catch (error) {
      return refusalAsResponse(error) as Response
    }
    return null
  }

  it('accepts an entry at 23:59:59 local time on the closing day', () => {
    expect(refusal(new Date('2027-04-15T16:59:59Z'))).toBeNull()
  })

  it('refuses it at 00:00:00 the next day with a Russian message and status 403', async () => {
    const response = refusal(new Date('2027-04-15T17:00:00Z'))!
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(403)
    expect(await response.text()).toBe('Приём заявок завершён: последний день приёма был 15 апреля 2027 г.')
  })

  it('refuses before the opening, naming when it opens', async () => {
    expect(await refusal(new Date('2027-03-01T01:59:59Z'))!.text()).toBe('Приём заявок ещё не начался: он откроется 1 марта 2027 г. в 09:00 (время кемеровское).')
    expect(refusal(new Date('2027-03-01T02:00:00Z'))).toBeNull()
    expect(await refusal(new Date('2027-03-10T00:00:00Z'), { ...contest, status: 'announced' })!.text()).toContain('он откроется 1 марта 2027 г.')
  })

  it('refuses in a draft and after the window whatever the clock says', async () => {
    expect(await refusal(new Date('2027-03-10T00:00:00Z'), { ...contest, status: 'draft', opensAt: null })!.text()).toBe('Приём заявок ещё не начался.')
    expect(await refusal(new Date('2027-03-10T00:00:00Z'), { ...contest, status: 'judging' })!.text()).toContain('Приём заявок завершён')
  })
})

const at = (iso: string) => new Date(iso)

describe('judgingState', () => {
  const stage = (status: 'pending' | 'judging' | 'closed', opens: string | null = null, closes: string | null = null) => ({
    status,
    judgingOpensAt: opens ? at(opens) : null,
    judgingClosesAt: closes ? at(closes) : null,
    contestStatus: 'judging' as const,
  })
  const now = at('2027-03-10T05:00:00Z')

  it('follows the organiser’s status', () => {
    expect(judgingState(stage('pending'), now)).toBe('pending')
    expect(judgingState(stage('judging'), now)).toBe('open')
    expect(judgingState(stage('closed'), now)).toBe('closed')
  })

  it('closes a judging stage at its closing instant, and keeps it shut before its opening one', () => {
    expect(judgingState(stage('judging', null, '2027-03-10T05:00:00Z'), now)).toBe('closed')
    expect(judgingState(stage('judging', null, '2027-03-10T05:00:01Z'), now)).toBe('open')
    expect(judgingState(stage('judging', '2027-03-10T05:00:01Z', null), now)).toBe('pending')
    expect(judgingState(stage('judging', '2027-03-10T05:00:00Z', '2027-03-11T00:00:00Z'), now)).toBe('open')
  })

  it('never reopens a closed stage by the clock, nor opens a pending one', () => {
    expect(judgingState(stage('closed', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'), now)).toBe('closed')
    expect(judgingState(stage('pending', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z'), now)).toBe('pending')
  })

  it('closes every stage once the results are published, and opens it again when they are withdrawn', () => {
    for (const contestStatus of ['published', 'archived'] as const) {
      expect(judgingState({ ...stage('judging', null, '2027-04-01T00:00:00Z'), contestStatus }, now)).toBe('closed')
    }
    expect(judgingState({ ...stage('judging', null, '2027-04-01T00:00:00Z'), contestStatus: 'review' }, now)).toBe('open')
  })
})

describe('publishBlockers', () => {
  const facts = (judging: 'pending' | 'open' | 'closed', scores: number[]): PublishFacts => ({
    stage: { name: 'Городской этап', judging },
    minScores: 2,
    entries: scores.map((n, i) => ({ number: `ТК-000${i + 1}`, title: `Работа ${i + 1}`, scores: n })),
  })

  it('lets the results out once judging is closed and every entry has K scores', () => {
    expect(publishBlockers(facts('closed', [2, 3]))).toEqual([])
  })

  it('holds them while judging is open or has not begun', () => {
    expect(publishBlockers(facts('open', [2, 2]))).toEqual(['Оценка на этапе «Городской этап» ещё не завершена.'])
    expect(publishBlockers(facts('pending', [2]))).toEqual(['Оценка на этапе «Городской этап» ещё не завершена.'])
  })

  it('lists every entry short of K scores', () => {
    expect(publishBlockers(facts('closed', [2, 1, 0]))).toEqual([
      'У заявки ТК-0002 «Работа 2» только 1 оценка, а нужно не меньше 2.',
      'У заявки ТК-0003 «Работа 3» нет ни одной оценки, а нужно не меньше 2.',
    ])
  })
})

describe('authorsPublic', () => {
  it('keeps the names private until the results are published, whatever the setting', () => {
    for (const status of ['announced', 'accepting', 'judging', 'review'] as const) expect(authorsPublic({ status, authorsPublic: true })).toBe(false)
    for (const status of ['published', 'archived'] as const) {
      expect(authorsPublic({ status, authorsPublic: true })).toBe(true)
      expect(authorsPublic({ status, authorsPublic: false })).toBe(false)
    }
  })
})

describe('transitionBlockers', () => {
  const ready: ContestFacts = {
    status: 'draft',
    opensAt,
    closesAt,
    rules: '## Условия',
    consentText: 'Согласен',
    nominations: [
      { name: 'Экодомик', isSpecialPrize: false, criteria: 3 },
      { name: 'Специальный приз жюри', isSpecialPrize: true, criteria: 0 },
    ],
    stages: [{ name: 'Городской этап', status: 'pending' }],
    entries: { submitted: 0, accepted: 0 },
    jury: [],
  }
  const now = new Date('2027-02-01T00:00:00Z')

  it('lets a complete draft be announced; a special prize needs no criteria', () => {
    expect(transitionBlockers(ready, 'announced', now)).toEqual([])
  })

  it('names everything a draft lacks', () => {
    const bare: ContestFacts = { ...ready, opensAt: null, closesAt: null, rules: ' ', consentText: '', nominations: [{ name: 'Экодомик', isSpecialPrize: false, criteria: 0 }], stages: [] }
    expect(transitionBlockers(bare, 'announced', now)).toEqual([
      'Не заполнено положение о конкурсе.',
      'Не заполнен текст согласия на обработку персональных данных.',
      'Не указано начало приёма заявок.',
      'Не указан последний день приёма заявок.',
      'Нет критериев оценки для номинации «Экодомик».',
      'Не задан ни один этап конкурса.',
    ])
    expect(transitionBlockers({ ...ready, nominations: [] }, 'announced', now)).toEqual(['Не добавлено ни одной номинации.'])
  })

  it('allows only the next step and the one step back', () => {
    expect(transitionBlockers(ready, 'judging', now)).toEqual(['Конкурс нельзя перевести из состояния «Черновик» в «Работа жюри».'])
    expect(transitionBlockers({ ...ready, status: 'announced' }, 'draft', now)).toEqual([])
    expect(transitionBlockers({ ...ready, status: 'announced', entries: { submitted: 1, accepted: 0 } }, 'draft', now)).toEqual(['В конкурс уже подали заявки.'])
    expect(transitionBlockers({ ...ready, status: 'review' }, 'published', now)).toHaveLength(1)
  })

  it('will not open entries whose last day has passed', () => {
    expect(transitionBlockers({ ...ready, status: 'announced' }, 'accepting', closesAt)).toEqual(['Последний день приёма заявок уже прошёл: перенесите его.'])
  })

  it('starts judging only after the window, with every entry moderated and enough jurors', () => {
    const accepting: ContestFacts = {
      ...ready,
      status: 'accepting',
      entries: { submitted: 3, accepted: 0 },
      jury: [
        { nomination: 'Экодомик', district: null, jurors: 1, needed: 2 },
        { nomination: 'Специальный приз жюри', district: null, jurors: 0, needed: 1 },
      ],
    }
    expect(transitionBlockers(accepting, 'judging', new Date('2027-04-10T00:00:00Z'))).toEqual([
      'Приём заявок идёт до 15 апреля 2027 г. включительно.',
      '3 заявки ещё не прошли модерацию.',
      'Нет ни одной принятой заявки.',
      'В номинации «Экодомик» назначен 1 член жюри, а нужно не меньше 2.',
      'В номинации «Специальный приз жюри» не назначено ни одного члена жюри.',
    ])
    const covered: ContestFacts = { ...accepting, entries: { submitted: 0, accepted: 40 }, jury: [{ nomination: 'Экодомик', district: 'Заводский район', jurors: 2, needed: 2 }] }
    expect(transitionBlockers(covered, 'judging', closesAt)).toEqual([])
  })

  it('moves to results only when every stage has closed', () => {
    const judging: ContestFacts = { ...ready, status: 'judging', stages: [{ name: 'Районный этап', status: 'closed' }, { name: 'Городской этап', status: 'judging' }] }
    expect(transitionBlockers(judging, 'review', now)).toEqual(['Оценка на этапе «Городской этап» ещё не завершена.'])
  })
})

describe('the public gallery', () => {
  it('opens during the contest only when the organiser allows it, and always once the jury is done', () => {
    expect(isGalleryOpen({ status: 'accepting', galleryOpenDuringContest: true })).toBe(true)
    expect(isGalleryOpen({ status: 'judging', galleryOpenDuringContest: false })).toBe(false)
    expect(isGalleryOpen({ status: 'announced', galleryOpenDuringContest: true })).toBe(false)
    for (const status of ['review', 'published', 'archived'] as const) expect(isGalleryOpen({ status, galleryOpenDuringContest: false })).toBe(true)
  })
})
