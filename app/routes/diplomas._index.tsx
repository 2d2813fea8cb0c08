import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { normaliseDiplomaNumber } from '~/modules/results/ranking'

export const meta: MetaFunction = () => [{ title: 'Проверка диплома — Городские конкурсы' }]

/** A plain GET form: the number typed from a paper diploma leads to its verification page. */
export function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get('number')
  if (raw === null) return { error: null }
  const number = normaliseDiplomaNumber(raw.slice(0, 100))
  if (!number) return { error: 'Введите номер диплома' }
  throw redirect(`/diplomas/${encodeURIComponent(number)}`)
}

export default function CheckDiploma() {
  const { error } = useLoaderData<typeof loader>()
  return (
    <section className="narrow" aria-labelledby="check-title">
      <h1 id="check-title">Проверка диплома</h1>
      <p>Номер напечатан внизу диплома, рядом с QR-кодом. Можно также просто навести камеру телефона на QR-код.</p>
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="number">Номер диплома</label>
          <p id="number-hint" className="field__hint">
            Например: КДД-2027-000123-7KQ2M
          </p>
          <input
            id="number"
            name="number"
            type="text"
            required
            maxLength={100}
            autoCapitalize="characters"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'number-hint number-error' : 'number-hint'}
          />
          {error ? (
            <p id="number-error" className="field__error">
              {error}
            </p>
          ) : null}
        </div>
        <p>
          <button type="submit" className="button">
            Проверить
          </button>
        </p>
      </Form>
    </section>
  )
}
