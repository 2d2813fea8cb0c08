import { z } from 'zod'

/**
 * Shared by the server and the browser; every message is what the person sees beside the field.
 * Length checks abort the chain so that an oversized value never reaches a regular expression.
 */

/** The longest e-mail address there can be (RFC 5321). */
export const EMAIL_MAX = 254

export const EmailSchema = z
  .string({ error: 'Введите адрес электронной почты' })
  .trim()
  .min(1, 'Введите адрес электронной почты')
  .max(EMAIL_MAX, { message: 'Слишком длинный адрес электронной почты', abort: true })
  .email('Адрес электронной почты указан неверно, пример: ivanova@mail.ru')
  .transform((v) => v.toLowerCase())

const PASSWORD_MIN = 8

/** What a new password's field says under it: the rule of PasswordSchema below. */
export const PASSWORD_HINT = `Не короче ${PASSWORD_MIN} символов, буквы и цифры.`

export const PasswordSchema = z
  .string({ error: 'Придумайте пароль' })
  .min(1, 'Придумайте пароль')
  .min(PASSWORD_MIN, `Пароль должен быть не короче ${PASSWORD_MIN} символов`)
  .max(128, { message: 'Пароль должен быть не длиннее 128 символов', abort: true })
  .refine((v) => /\p{L}/u.test(v) && /\d/.test(v), 'Пароль должен содержать буквы и цифры')

/** The longest full name a form takes, wherever a person is named (registration, entries, invitations). */
export const FULL_NAME_MAX = 200

export const FullNameSchema = z
  .string({ error: 'Укажите фамилию, имя и отчество' })
  .trim()
  .min(1, 'Укажите фамилию, имя и отчество')
  .max(FULL_NAME_MAX, { message: `ФИО должно быть не длиннее ${FULL_NAME_MAX} символов`, abort: true })
  .refine((v) => /^[\p{L}\s.'-]+$/u.test(v), 'ФИО может содержать только буквы, пробелы, дефис и точку')

export const PhoneSchema = z
  .string()
  .trim()
  .max(32, { message: 'Номер телефона слишком длинный', abort: true })
  .optional()
  .transform((v) => (v ? v.replace(/[^\d+]/g, '') : undefined))
  .refine((v) => v === undefined || /^(\+7|8)\d{10}$/.test(v), 'Номер телефона в формате +7 900 123-45-67')
  .transform((v) => (v ? `+7${v.slice(-10)}` : undefined))

/** Where to go back to after signing in or registering; checked by safeRedirect before it is followed. */
const RedirectToSchema = z.string().max(2000).optional()

/** Registration without the box ticked: the service may not keep anyone's data without consent (152-ФЗ). */
export const CONSENT_REQUIRED = 'Без согласия на обработку персональных данных зарегистрироваться нельзя'

/** The box of consent to the processing of personal data, on every form that makes an account. */
export const ConsentSchema = z.boolean({ error: CONSENT_REQUIRED }).refine((v) => v, CONSENT_REQUIRED)

export const RegisterSchema = z.object({
  fullName: FullNameSchema,
  email: EmailSchema,
  phone: PhoneSchema,
  password: PasswordSchema,
  consent: ConsentSchema,
  redirectTo: RedirectToSchema,
})

/** Registration refused for an address that has an account: the page links «Войдите» and «восстановите пароль». */
export const EMAIL_TAKEN = 'Этот адрес уже зарегистрирован. Войдите или восстановите пароль.'

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const NewPasswordSchema = z.object({ password: PasswordSchema })

const CurrentPasswordSchema = z
  .string({ error: 'Введите нынешний пароль' })
  .min(1, 'Введите нынешний пароль')
  .max(128, { message: 'Неверный пароль', abort: true })

export const ProfileSchema = z.object({ fullName: FullNameSchema, phone: PhoneSchema })

export const EmailChangeSchema = z.object({ email: EmailSchema, password: CurrentPasswordSchema })

export const PasswordChangeSchema = z.object({ currentPassword: CurrentPasswordSchema, password: PasswordSchema })

/** Deleting the account: the password, and the box that says the person knows what goes and what stays. */
export const DeleteAccountSchema = z.object({
  password: CurrentPasswordSchema,
  confirm: z
    .boolean({ error: 'Отметьте, что понимаете: учётную запись нельзя будет восстановить' })
    .refine((v) => v, 'Отметьте, что понимаете: учётную запись нельзя будет восстановить'),
})

/** The code from a confirmation letter; spaces and dashes people type between the digits are ignored. */
export const ConfirmationCodeSchema = z.object({
  code: z
    .string({ error: 'Введите код из письма' })
    .max(32, { message: 'Код — 6 цифр из письма', abort: true })
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => v.length > 0, 'Введите код из письма')
    .refine((v) => v.length === 0 || /^\d{6}$/.test(v), 'Код — 6 цифр из письма'),
})

/** A session named on the account page by its handle (never by its id, the cookie's secret). */
export const SessionHandleSchema = z.object({ handle: z.string().regex(/^[0-9a-f]{32}$/, 'Такого сеанса нет') })

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: 'Введите пароль' }).min(1, 'Введите пароль').max(128, { message: 'Неверный пароль', abort: true }),
  redirectTo: RedirectToSchema,
})

export { ROLE_LABELS } from '../../../db/schema/enums'

const SITE = 'http://site.invalid'

/**
 * Only a path of this site, so that a crafted link cannot send someone elsewhere after signing in:
 * it starts with one «/», has no backslash and no control character (a browser drops a tab or a line
 * break inside a URL, so «/\t/evil.example» would become «//evil.example»; a line break in a Location
 * header would not even be sent), and it names this site once resolved. Anything else gives `fallback`.
 */
export function safeRedirect(to: string | null | undefined, fallback = '/cabinet') {
  if (!to || !to.startsWith('/') || to.startsWith('//') || /[\\\p{Cc}]/u.test(to)) return fallback
  try {
    if (new URL(to, SITE).origin !== SITE) return fallback
  } catch {
    return fallback
  }
  return to
}

/** The log-in or registration page that comes back to `redirectTo` afterwards (none: the cabinet). */
export function withRedirect(page: '/login' | '/register' | '/forgot-password', redirectTo: string | null | undefined) {
  const back = safeRedirect(redirectTo, '')
  return back ? `${page}?redirectTo=${encodeURIComponent(back)}` : page
}
