import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { Field } from '~/components/ui/field'
import { DIPLOMA_NUMBER_MAX, DiplomaCheckSchema } from '~/modules/documents/validation'

/**
 * The check form, on its own page and in place of a diploma that was not found, so that a mistyped
 * number can be corrected where it was typed. A plain GET: it works before JavaScript runs.
 */
export function DiplomaCheck({ lastResult }: { lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DiplomaCheckSchema }),
  })
  return (
    <section className="narrow" aria-labelledby="check-title">
      <h1 id="check-title">Проверка диплома</h1>
      <p>Номер напечатан внизу диплома, рядом с QR-кодом. Можно также просто навести камеру телефона на QR-код.</p>
      <Form method="get" action="/diplomas" {...getFormProps(form)} noValidate className="stack">
        <Field
          label="Номер диплома"
          hint="Например: КДД-2027-000123-7KQ2M. Русские и латинские буквы, регистр, пробелы и дефисы не важны."
          errors={fields.number.errors}
          inputProps={{ ...getInputProps(fields.number, { type: 'text' }), maxLength: DIPLOMA_NUMBER_MAX, autoCapitalize: 'characters', spellCheck: false }}
        />
        <p>
          <button type="submit" className="button">
            Проверить
          </button>
        </p>
      </Form>
    </section>
  )
}
