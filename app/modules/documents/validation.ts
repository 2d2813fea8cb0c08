import { z } from 'zod'

/** The longest number the check form takes: far more than any diploma number, so a typo is never cut. */
export const DIPLOMA_NUMBER_MAX = 100

/** The public check form: the number as typed from paper, in whatever alphabet and case (see diplomaKey). */
export const DiplomaCheckSchema = z.object({
  number: z
    .string({ error: 'Введите номер диплома' })
    .trim()
    .min(1, 'Введите номер диплома')
    .max(DIPLOMA_NUMBER_MAX, { message: `Номер диплома — не длиннее ${DIPLOMA_NUMBER_MAX} символов`, abort: true }),
})
