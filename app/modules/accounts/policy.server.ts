/**
 * The privacy policy (152-ФЗ, docs/decisions/023-personal-data.md): who the operator of personal data
 * is and the policy's text, from the configuration (PRIVACY_*), with a built-in text by default. The
 * version recorded with each consent is the configured one, or a hash of the text, so that a changed
 * text is a new version without anyone having to remember to bump it.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { getEnv } from '../../utils/env.server'
import { renderMarkdown } from '../../utils/markdown.server'

export type PrivacyOperator = { name: string; address: string; email: string | null }

export type PrivacyPolicy = { operator: PrivacyOperator; version: string; html: string }

/** The built-in policy: what the service collects, why, how long, and the person's rights. */
function defaultPolicy(operator: PrivacyOperator) {
  const write = operator.email
    ? `письмом на адрес ${operator.address} или по электронной почте ${operator.email}`
    : `письмом на адрес ${operator.address}`
  return `## Кто обрабатывает данные

Оператор персональных данных — ${operator.name}, ${operator.address}. Политика составлена по Федеральному закону от 27.07.2006 № 152-ФЗ «О персональных данных».

## Какие данные мы собираем

- при регистрации: фамилию, имя и отчество, адрес электронной почты, телефон (по желанию), пароль (храним только его хеш);
- в заявке на конкурс: название и описание работы, адрес объекта, район, организацию, ФИО и возраст авторов, фотографии (сведения о съёмке из файлов удаляются при загрузке);
- при входе: время входа и сведения о браузере, чтобы вы видели свои сеансы и могли их завершить.

## Зачем

Чтобы принять и рассмотреть заявку, сообщить о её судьбе, подвести и опубликовать итоги конкурса, выдать диплом и проверить его подлинность по номеру.

## Что публикуется

Название работы, фотографии принятых заявок, ФИО авторов победителей и лауреатов в итогах конкурса и на дипломах.

## Сколько храним

Пока действует учётная запись. Опубликованные итоги и выданные дипломы хранятся как документы конкурса: они подтверждают решение жюри и подлинность диплома.

## Ваши права

Вы можете в любой момент:

- скачать всё, что сервис хранит о вас (раздел «Учётная запись» → «Мои данные»);
- исправить ФИО, телефон и адрес электронной почты;
- отозвать согласие и удалить учётную запись: ваши данные будут удалены или обезличены, нерассмотренные заявки отозваны; опубликованные итоги и выданные дипломы остаются.

С вопросами и требованиями обращайтесь ${write}. Ответим в течение 10 рабочих дней.
`
}

let cached: PrivacyPolicy | undefined

/** The operator and the policy, read once per process. */
export function privacyPolicy(): PrivacyPolicy {
  if (cached) return cached
  const env = getEnv()
  const operator: PrivacyOperator = { name: env.PRIVACY_OPERATOR, address: env.PRIVACY_OPERATOR_ADDRESS, email: env.PRIVACY_EMAIL ?? null }
  const source = env.PRIVACY_POLICY_FILE ? readFileSync(env.PRIVACY_POLICY_FILE, 'utf8') : defaultPolicy(operator)
  const version = env.PRIVACY_POLICY_VERSION ?? createHash('sha256').update(source).digest('hex').slice(0, 12)
  cached = { operator, version, html: renderMarkdown(source) }
  return cached
}
