/** Values longer than this are never echoed back into a refused form: the error beside the field is enough. */
const ECHO_LIMIT = 2000
/** A field posted more often than any form of ours repeats one is an attack or a mistake: never echoed back. */
const MAX_REPEATS = 100

/** Names of the fields whose values are too long to send back to the browser. */
export function oversizedFields(formData: FormData) {
  const names = new Set<string>()
  for (const [name, value] of formData) if (typeof value === 'string' && value.length > ECHO_LIMIT) names.add(name)
  return [...names]
}

/** No form of ours has a list longer than this; conform would turn «x[100000000]» into an array of that length. */
const HUGE_INDEX = /\[\d{4,}\]/

/**
 * The posted form made safe to hand to conform: names with a huge list index are dropped, and the
 * fields too long or too repeated to echo are listed for `reply({ hideFields })`.
 */
export function cleanForm(formData: FormData, hide: string[] = []) {
  const clean = new FormData()
  const counts = new Map<string, number>()
  for (const [name, value] of formData) {
    if (HUGE_INDEX.test(name)) continue
    clean.append(name, value)
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  const repeated = [...counts].filter(([, n]) => n > MAX_REPEATS).map(([name]) => name)
  return { formData: clean, hideFields: [...hide, ...oversizedFields(clean), ...repeated] }
}
