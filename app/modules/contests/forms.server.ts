/** A rule a service found broken (a taken address, a frozen criterion): shown beside `field`, or above the form when null. */
export class FieldError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message)
  }
}
