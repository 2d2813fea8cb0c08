import { z } from 'zod'

/** The public check form: the number as typed from paper, in whatever alphabet and case (see diplomaKey). */
export const DiplomaCheckSchema = z.object({
  number: z
    .string({ error: 'Введите номер диплома' })
    .trim()
    .min(1, 'Введите номер диплома')
    .max(100, { message: 'Номер диплома — не длиннее 100 символов', abort: true }),
})
