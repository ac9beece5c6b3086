/**
 * Shared validation-error shape for the merchant domain.
 *
 * Every failure carries both languages so that the API layer can pick one by
 * `Accept-Language` without a second lookup table, and a stable `code` so that
 * clients never have to pattern-match on human text.
 */
export type ValidationError = {
  /** Dotted path of the offending input, e.g. `business_hours.weekly.mon[1].open`. */
  field: string
  /** Stable, machine-readable reason (snake_case). */
  code: string
  /** zh-CN message shown to merchants by default. */
  message: string
  /** English message for logs, admin UI and non-Chinese clients. */
  message_en: string
}

/** Result of validators that only ever inspect one field. */
export type SingleFieldResult<T> = ({ ok: true } & T) | { ok: false; error: ValidationError }

/** Result of validators that look at several fields and report all problems at once. */
export type MultiFieldResult<T> = ({ ok: true } & T) | { ok: false; errors: ValidationError[] }

export function validationError(
  field: string,
  code: string,
  message: string,
  message_en: string
): ValidationError {
  return { field, code, message, message_en }
}

/**
 * Thrown by code paths that accept already-validated data (e.g. the opening-hours
 * evaluators) when they are handed something malformed anyway; carries the same
 * structured errors so the caller can still surface them.
 */
export class MerchantValidationException extends Error {
  readonly errors: ValidationError[]

  constructor(errors: ValidationError[]) {
    super(errors.map((e) => `${e.field}: ${e.message_en}`).join("; "))
    this.name = "MerchantValidationException"
    this.errors = errors
  }
}

/** Short printable description of an unknown input value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined"
  if (value === null) return "null"
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  if (Array.isArray(value)) return "array"
  return typeof value
}
