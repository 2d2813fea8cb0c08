/**
 * How the audit log reads in Russian. Actions and fields unknown here are shown by their code,
 * so a new kind of record is never hidden; add its label here when adding it.
 */
import {
  AWARD_LABELS,
  CONTEST_STATUS_LABELS,
  ROLE_LABELS,
  ENTRY_STATUS_LABELS,
  GENDER_LABELS,
  ORGANISATION_KIND_LABELS,
  RESULT_METHOD_LABELS,
  STAGE_STATUS_LABELS,
  TIE_RULE_LABELS,
} from '../../../db/schema/enums'
import { formatDateTime, formatNumber } from '~/utils/format'

export const ACTION_LABELS: Record<string, string> = {
  'contest.create': 'Создан конкурс',
  'contest.update': 'Изменены настройки',
  'contest.status': 'Изменено состояние конкурса',
  'contest.cover': 'Заменена обложка',
  'contest.results_settings': 'Изменены настройки подведения итогов',
  'contest.voting_settings': 'Изменены настройки зрительского голосования',
  'vote.annul': 'Аннулированы голоса зрительского голосования',
  'nomination.winners': 'Изменено число победителей номинации',
  'nomination.create': 'Добавлена номинация',
  'nomination.update': 'Изменена номинация',
  'nomination.delete': 'Удалена номинация',
  'nomination.move': 'Изменён порядок номинаций',
  'criterion.create': 'Добавлен критерий',
  'criterion.update': 'Изменён критерий',
  'criterion.delete': 'Удалён критерий',
  'criterion.move': 'Изменён порядок критериев',
  'stage.plan': 'Изменена схема этапов',
  'stage.update': 'Изменён этап',
  'stage.open': 'Открыта оценка этапа',
  'stage.close': 'Закрыта оценка этапа',
  'form_field.create': 'Добавлено поле заявки',
  'form_field.update': 'Изменено поле заявки',
  'form_field.delete': 'Удалено поле заявки',
  'form_field.move': 'Изменён порядок полей заявки',
  'invitation.create': 'Отправлено приглашение в жюри',
  'invitation.revoke': 'Отозвано приглашение в жюри',
  'invitation.accept': 'Принято приглашение в жюри',
  'assignment.create': 'Член жюри назначен',
  'assignment.delete': 'Назначение члена жюри снято',
  'jury.extra_assign': 'Назначен дополнительный член жюри',
  'jury.extra_unassign': 'Снято назначение дополнительного члена жюри',
  'conflict.create': 'Отмечен конфликт интересов',
  'conflict.delete': 'Снят конфликт интересов',
  'outbox.retry': 'Письмо отправлено повторно',
  'conflict.recusal': 'Член жюри взял самоотвод',
  'entry.paper_intake': 'Принята бумажная заявка',
  'entry.accept': 'Заявка принята',
  'entry.reject': 'Заявка отклонена',
  'entry.withdraw': 'Заявка отозвана участником',
  'score.save': 'Выставлена оценка',
  'evaluation.comment': 'Изменён комментарий члена жюри',
  'result.decide': 'Записано решение по итогам',
  'result.decision_cleared': 'Решение по итогам отменено',
  'result.advance': 'Заявки переведены на следующий этап',
  'result.publish': 'Итоги опубликованы',
  'result.withdraw': 'Публикация итогов отозвана',
  'result.special_prize.award': 'Присуждён специальный приз',
  'result.special_prize.revoke': 'Специальный приз отменён',
  'special_prize.propose': 'Член жюри предложил кандидата на специальный приз',
  'special_prize.withdraw': 'Член жюри отозвал своё предложение кандидата на специальный приз',
  'role.grant': 'Выдана роль',
  'role.revoke': 'Роль отозвана',
  'account.centre': 'Оператору назначен ЦРН',
  'directory.chairperson': 'Комитету или организации назначен председатель',
  'directory.create': 'Добавлена запись справочника',
  'directory.update': 'Изменена запись справочника',
  'directory.delete': 'Удалена запись справочника',
  'directory.import': 'Загружен файл справочника',
  'account.profile': 'Изменены ФИО или телефон',
  'account.password_change': 'Изменён пароль',
  'account.email_verify': 'Подтверждён адрес электронной почты',
  'account.email_change': 'Изменён адрес электронной почты',
  'account.sessions_end': 'Завершены сеансы входа',
  'account.delete': 'Учётная запись удалена владельцем: согласие на обработку персональных данных отозвано',
  'account.claim': 'Житель получил учётную запись, созданную оператором',
  'account.claim_code': 'Оператор напечатал квитанцию с кодом для жителя',
}

export const ENTITY_LABELS: Record<string, string> = {
  contest: 'Конкурс',
  nomination: 'Номинации',
  criterion: 'Критерии',
  stage: 'Этапы',
  form_field: 'Поля заявки',
  jury_invitation: 'Приглашения в жюри',
  jury_assignment: 'Назначения жюри',
  conflict: 'Конфликты интересов',
  outbox_message: 'Письма',
  entry: 'Заявки',
  result_publication: 'Публикация итогов',
  user: 'Учётные записи',
  vote: 'Голоса',
  directory: 'Справочник города',
}

const FIELD_LABELS: Record<string, string> = {
  chairpersonId: 'Председатель',
  title: 'Название',
  shortName: 'Краткое название',
  slug: 'Адрес страницы',
  year: 'Год',
  summary: 'Описание в одну строку',
  rules: 'Положение',
  status: 'Состояние',
  opensAt: 'Начало приёма заявок',
  closesAt: 'Окончание приёма заявок',
  numberPrefix: 'Префикс номеров',
  maxEntriesPerUser: 'Заявок от одного жителя',
  minPhotos: 'Фотографий не меньше',
  maxPhotos: 'Фотографий не больше',
  teamsAllowed: 'Коллективные заявки',
  maxAuthors: 'Авторов не больше',
  ageCategories: 'Возрастные категории',
  consentText: 'Текст согласия',
  authorsPublic: 'Имена авторов публикуются',
  galleryOpenDuringContest: 'Галерея открыта во время конкурса',
  requireDistrict: 'В заявке обязателен район',
  requireAddress: 'В заявке обязателен адрес',
  organisationKinds: 'Заявки от организаций',
  organisationEntrant: 'Участник — организация',
  minScoresPerEntry: 'Оценок на заявку не меньше',
  disagreementThreshold: 'Порог расхождения оценок',
  resultMethod: 'Способ подсчёта',
  tieRule: 'При равных баллах',
  placesPerNomination: 'Призовых мест в номинации',
  laureatesPerNomination: 'Лауреатов в номинации',
  winnersCount: 'Победителей в номинации (пусто — как в конкурсе)',
  coverPhotoId: 'Обложка',
  name: 'Название',
  description: 'Описание',
  isSpecialPrize: 'Специальный приз',
  position: 'Порядок',
  maxPoints: 'Наибольший балл',
  weight: 'Вес',
  nomination: 'Номинация',
  kind: 'Вид',
  advanceCount: 'Проходит из района',
  judgingClosesAt: 'Срок оценки',
  label: 'Название поля',
  options: 'Варианты',
  required: 'Обязательное',
  isPublic: 'Видно всем',
  summedInStats: 'Суммируется в статистике',
  unitForms: 'Формы слова',
  participle: 'Причастие в статистике',
  statisticsWords: 'Статистика словами отчёта',
  entryForms: 'Заявка называется',
  entryGender: 'Род',
  entryAccusative: 'Винительный падеж',
  entryVerb: 'Что сделали участники',
  winnersOf: 'Победителями …',
  contestIn: 'На участие в …',
  sumsBy: 'Чьими силами',
  participantForms: 'Участник называется',
  participantGender: 'Род слова участника',
  email: 'Электронная почта',
  fullName: 'ФИО',
  juror: 'Член жюри',
  stage: 'Этап',
  district: 'Район',
  entry: 'Заявка',
  reason: 'Причина',
  votes: 'Голоса',
  annulled: 'Аннулировано голосов',
  shortfall: 'Чего не хватало для публикации',
  expiresAt: 'Действует до',
  stages: 'Этапы',
  criterion: 'Критерий',
  points: 'Баллы',
  comment: 'Комментарий',
  award: 'Решение',
  place: 'Место',
  method: 'Способ подсчёта',
  contestMethod: 'Способ подсчёта по положению',
  methodReason: 'Причина подсчёта не по положению',
  diplomas: 'Дипломов',
  perGroup: 'Проходит из каждой группы',
  added: 'Переведено заявок',
  paperConsentReceived: 'Согласие на бумаге получено',
  role: 'Роль',
  granted: 'Выдана',
  phone: 'Телефон',
  sessions: 'Завершено сеансов',
  via: 'Как',
  list: 'Список справочника',
  level: 'Уровень',
  parent: 'Вышестоящий комитет',
  address: 'Адрес',
  file: 'Файл',
  rowsAdded: 'Добавлено записей',
  rowsUpdated: 'Изменено записей',
  rowsUnchanged: 'Записей без изменений',
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** The words for a code a record keeps, by the field it is in (a status by the kind of thing it is the status of). */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  award: AWARD_LABELS,
  method: RESULT_METHOD_LABELS,
  resultMethod: RESULT_METHOD_LABELS,
  contestMethod: RESULT_METHOD_LABELS,
  tieRule: TIE_RULE_LABELS,
  role: ROLE_LABELS,
  organisationKinds: ORGANISATION_KIND_LABELS,
  entryGender: GENDER_LABELS,
  participantGender: GENDER_LABELS,
  via: {
    reset: 'по ссылке из письма о восстановлении пароля',
    account: 'на странице учётной записи',
    sessions: 'в списке сеансов на странице учётной записи',
    link: 'по ссылке из письма',
    code: 'кодом из письма',
  },
}
const STATUS_LABELS: Record<string, Record<string, string>> = {
  contest: CONTEST_STATUS_LABELS,
  result_publication: CONTEST_STATUS_LABELS,
  stage: STAGE_STATUS_LABELS,
  entry: ENTRY_STATUS_LABELS,
}

/** Ids mean nothing to people: a record keeps the names beside them (criterion, stage, juror…). */
const isInternalId = (key: string) => /[a-z]Ids?$/.test(key) && key !== 'coverPhotoId'

/** One value of an audit record as a person reads it. */
function describeAuditValue(entityType: string, key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? 'да' : 'нет'
  const words = key === 'status' ? STATUS_LABELS[entityType] : VALUE_LABELS[key]
  if (words && typeof value === 'string' && value in words) return words[value]
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatDateTime(value)
  if (typeof value === 'number') return formatNumber(value)
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => (words && typeof v === 'string' && v in words ? words[v] : describeItem(v))).join('; ')
  if (typeof value === 'object') return describeItem(value)
  const text = String(value)
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

/** Every field an audit record names, with the value before and after; a record that creates or deletes has one side only. */
export function describeAuditChange(entityType: string, before: unknown, after: unknown) {
  const asRecord = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
  const was = asRecord(before)
  const now = asRecord(after)
  return [...new Set([...Object.keys(was), ...Object.keys(now)])]
    .filter((key) => !isInternalId(key))
    .map((key) => ({
      field: FIELD_LABELS[key] ?? key,
      before: key in was ? describeAuditValue(entityType, key, was[key]) : null,
      after: key in now ? describeAuditValue(entityType, key, now[key]) : null,
    }))
}

function describeItem(item: unknown): string {
  if (item && typeof item === 'object' && 'name' in item && 'minAge' in item) {
    const { name, minAge, maxAge } = item as { name: string; minAge: number; maxAge: number | null }
    return `${name}: ${maxAge === null ? `от ${minAge}` : `${minAge}–${maxAge}`}`
  }
  if (item && typeof item === 'object') {
    return Object.entries(item)
      .map(([k, v]) => `${FIELD_LABELS[k] ?? k}: ${describeAuditValue('', k, v)}`)
      .join(', ')
  }
  return String(item)
}
