import { MedusaError } from "@medusajs/framework/utils"

/**
 * A 409 that keeps its message. Medusa's error handler replaces the text of every CONFLICT with a
 * generic idempotency notice, but passes through errors shaped like `http-errors` ones; a customer who
 * lost a slot must be told so.
 */
export function conflictError(message: string) {
  const e = new MedusaError(MedusaError.Types.CONFLICT, message) as MedusaError & {
    statusCode: number
    status: number
    expose: boolean
  }
  e.statusCode = 409
  e.status = 409
  e.expose = true
  return e
}

/**
 * Workflow errors come back serialized (plain objects), which loses the shape above; booking routes
 * pass their result through this so a 409 from a step still reaches the customer with its text.
 */
export async function keepConflictMessage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e: any) {
    if (e?.type === MedusaError.Types.CONFLICT && e?.message && !(e instanceof Error && (e as any).expose)) {
      throw conflictError(e.message)
    }
    throw e
  }
}
