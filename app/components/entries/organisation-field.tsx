import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useFetcher } from '@remix-run/react'
import { Field } from '~/components/ui/field'
import { LIMITS, ORGANISATION_CODE, ORGANISATION_MIN_QUERY } from '~/modules/entries/validation'

/**
 * A committee or organisation among the city's thousands, typed rather than picked from a list the page
 * would carry: with JavaScript the field suggests a few names as one types (each ending in its code), and
 * without it the server finds the typed name or says which fit (entries/organisation-choice.server.ts).
 */
export function OrganisationField({ field, slug, label, hint }: { field: FieldMetadata<string | undefined>; slug: string; label: string; hint: string }) {
  const suggestions = useFetcher<{ options: string[] }>()
  const listId = `${field.id}-suggestions`
  const ask = (text: string) => {
    if (text.trim().length < ORGANISATION_MIN_QUERY || ORGANISATION_CODE.test(text)) return
    suggestions.load(`/resources/contests/${slug}/organisations?q=${encodeURIComponent(text.trim())}`)
  }
  return (
    <>
      <Field
        label={label}
        hint={hint}
        errors={field.errors}
        inputProps={{ ...getInputProps(field, { type: 'text' }), maxLength: LIMITS.organisation, list: listId, autoComplete: 'off', onInput: (e) => ask(e.currentTarget.value) }}
      />
      <datalist id={listId}>
        {(suggestions.data?.options ?? []).map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </>
  )
}
