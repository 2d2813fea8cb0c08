/**
 * The letters about an account: what they say, and the paths of the links they carry. A letter with a
 * one-time link or code gives the outbox its text without them, kept once the letter is sent.
 */
import { countOf, formatDateTime } from '../../utils/format'
import { greeting } from '../mail/letter'
import { withoutSecrets, type OutgoingMail } from '../mail/outbox.server'

export const resetPasswordPath = (token: string) => `/reset-password/${token}`
export const confirmEmailPath = (token: string) => `/verify-email/${token}`
/** Where a resident claims an account an operator made: with a letter's link, or (without one) with the code of a printed receipt. */
export const CLAIM_PATH = '/claim'
export const claimPath = (token: string) => `${CLAIM_PATH}/${token}`

const SITE = '«Городские конкурсы» администрации города Кемерово'

export function passwordResetLetter(input: { to: string; fullName: string; link: string; hours: number; expiresAt: Date }): OutgoingMail {
  const text = [
    greeting(input.fullName),
    '',
    `Кто-то, надеемся, что вы, попросил восстановить пароль учётной записи ${input.to} на сайте ${SITE}.`,
    '',
    'Чтобы задать новый пароль, откройте ссылку:',
    input.link,
    '',
    `Ссылка действует ${countOf(input.hours, ['час', 'часа', 'часов'])}, до ${formatDateTime(input.expiresAt)} (время кемеровское), и только один раз.`,
    '',
    'Если вы не просили восстановить пароль, не обращайте внимания на это письмо: пароль останется прежним.',
  ].join('\n')
  return {
    to: input.to,
    kind: 'password_reset',
    subject: 'Восстановление пароля — Городские конкурсы',
    text,
    redactedText: withoutSecrets(text, [input.link]),
  }
}

/** The letter with the link and the code that confirm an address: the account's own, or the new one it is changing to. */
export function confirmEmailLetter(input: { to: string; fullName: string; link: string; code: string; expiresAt: Date; change: boolean }): OutgoingMail {
  const text = [
    greeting(input.fullName),
    '',
    input.change
      ? `Этот адрес указан как новый адрес вашей учётной записи на сайте ${SITE}. Он заменит прежний, когда вы его подтвердите.`
      : `Вы зарегистрировались на сайте ${SITE}. Подтвердите, что адрес ${input.to} — ваш.`,
    '',
    'Откройте ссылку:',
    input.link,
    '',
    `или введите код ${input.code} на странице «Учётная запись» на сайте.`,
    '',
    `Ссылка и код действуют до ${formatDateTime(input.expiresAt)} (время кемеровское).`,
    '',
    input.change
      ? 'Если вы не меняли адрес на сайте, не обращайте внимания на это письмо: адрес учётной записи останется прежним.'
      : 'Если вы не регистрировались на сайте, не обращайте внимания на это письмо.',
  ].join('\n')
  return {
    to: input.to,
    kind: 'email_confirmation',
    subject: 'Подтвердите адрес электронной почты — Городские конкурсы',
    text,
    redactedText: withoutSecrets(text, [input.link, input.code]),
  }
}

/** Sent to the address an account had, once a new one is confirmed: a stranger's change does not go unnoticed. */
export function emailChangedLetter(input: { to: string; fullName: string; newEmail: string }): OutgoingMail {
  return {
    to: input.to,
    kind: 'email_changed',
    subject: 'Адрес электронной почты изменён — Городские конкурсы',
    text: [
      greeting(input.fullName),
      '',
      `Адрес электронной почты вашей учётной записи на сайте ${SITE} изменён на ${input.newEmail}. Письма сайта теперь приходят туда.`,
      '',
      'Если это сделали не вы, сообщите об этом организаторам конкурсов.',
    ].join('\n'),
  }
}

/**
 * To a resident whose paper application an operator entered, with the address the paper gave: the
 * account exists without a password, and the link sets one.
 */
export function claimLetter(input: { to: string; fullName: string; link: string; expiresAt: Date; entry: string; contestTitle: string }): OutgoingMail {
  const text = [
    greeting(input.fullName),
    '',
    `В центре развития населения (ЦРН) приняли вашу бумажную заявку ${input.entry} на конкурс ${input.contestTitle} и внесли её на сайт ${SITE}.`,
    '',
    'Для вас создана учётная запись с этим адресом. Чтобы следить за заявкой и потом скачать диплом, задайте пароль по ссылке:',
    input.link,
    '',
    `Ссылка действует до ${formatDateTime(input.expiresAt)} (время кемеровское), и только один раз. Потом входите на сайт с этим адресом и паролем.`,
    '',
    'Если вы не подавали заявку, не обращайте внимания на это письмо.',
  ].join('\n')
  return {
    to: input.to,
    kind: 'account_claim',
    subject: 'Ваша заявка на сайте «Городские конкурсы»: задайте пароль',
    text,
    redactedText: withoutSecrets(text, [input.link]),
  }
}
