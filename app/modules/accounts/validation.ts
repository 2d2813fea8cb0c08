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

export const PasswordSchema = z
  .string({ error: 'Придумайте пароль' })
  .min(1, 'Придумайте пароль')
  .min(8, 'Пароль должен быть не короче 8 символов')
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

export const RegisterSchema = z.object({
  fullName: FullNameSchema,
  email: EmailSchema,
  phone: PhoneSchema,
  password: PasswordSchema,
})

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: 'Введите пароль' }).min(1, 'Введите пароль').max(128, { message: 'Неверный пароль', abort: true }),
  redirectTo: z.string().optional(),
})

export const ROLE_LABELS = {
  resident: 'Участник',
  operator: 'Оператор ЦРН',
  juror: 'Член жюри',
  organiser: 'Организатор',
  admin: 'Администратор',
} as const

/** Only same-site paths, so a crafted link cannot send someone elsewhere after log in. */
export function safeRedirect(to: string | null | undefined, fallback = '/cabinet') {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
