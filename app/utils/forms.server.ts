/** Values longer than this are never echoed back into a refused form: the error beside the field is enough. */
const ECHO_LIMIT = 2000

/** Names of the fields whose values are too long to send back to the browser. */
export function oversizedFields(formData: FormData) {
  const names = new Set<string>()
  for (const [name, value] of formData) if (typeof value === 'string' && value.length > ECHO_LIMIT) names.add(name)
  return [...names]
}
