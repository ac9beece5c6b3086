import { errorHandler, type MedusaNextFunction, type MedusaRequest, type MedusaResponse, type MiddlewareRoute } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { checkRequestInput } from "../lib/input-guard"

/**
 * Refuses malformed input (control characters, malformed ids, out-of-range limit/offset) with 400 before
 * any route, ours or Medusa's, reads it. A middleware without `methods` lands in Medusa's "global" bucket,
 * which is registered ahead of every route-specific middleware and route, so Medusa's own list validators
 * never see a negative limit. It runs after Medusa's body parser, publishable-key and auth checks.
 */
function inputGuard(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const found = checkRequestInput(req)
  if (found) return next(new MedusaError(MedusaError.Types.INVALID_DATA, found.message))
  return next()
}

// Plain prefixes on purpose: `app.use("/store")` matches everything below without capturing a
// parameter, whereas "/store*" captures one that Express percent-decodes before any middleware runs,
// so a malformed escape such as `%E0%A4%A` would fail there with a 500 instead of reaching the guard.
export const inputGuardMiddlewares: MiddlewareRoute[] = ["/store", "/vendor", "/admin", "/hooks", "/auth"].map(
  (matcher) => ({ matcher, middlewares: [inputGuard] })
)

const medusaErrorHandler = errorHandler()

/**
 * Medusa's error handler, told about one error the guard cannot reach first: Medusa's own "/admin*"
 * middleware captures a path parameter, and when Express fails to percent-decode it (`%E0%A4%A`) it marks
 * the URIError as a 400 before any middleware of ours runs. Medusa's handler only honours statuses of
 * http-errors objects and would answer 500; everything else passes through untouched.
 */
export function inputGuardErrorHandler(err: unknown, req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (err instanceof URIError && (err as { status?: number }).status === 400) {
    err = new MedusaError(MedusaError.Types.INVALID_DATA, "路径编码无效 (malformed percent-encoding in the path)")
  } else if (isLockTimeout(err) || isTransactionConflict(err)) {
    // Two tabs (or a tab and a retry) changing one cart at once: Medusa's cart workflows wait for the
    // cart's lock and give up with a plain Error, which would be a 500. Nothing was written; the caller
    // only has to send it again, which is what 409 says.
    // Answered here: Medusa's handler replaces a CONFLICT's message with its own English text.
    res.status(409).json({
      type: MedusaError.Types.CONFLICT,
      code: "invalid_state_error",
      message: isLockTimeout(err)
        ? "购物车正在处理另一个请求，请稍后重试 (the cart is busy with another request; try again)"
        : "与另一个请求冲突，请重试 (conflicted with another request at the same moment; try again)",
    })
    return
  }
  return medusaErrorHandler(err as any, req, res, next)
}

/**
 * PostgreSQL aborted one of two transactions that waited on each other (deadlock 40P01) or could not
 * serialise them (40001), e.g. two reschedules swapping seats between the same two slots: the aborted
 * transaction was rolled back (and a workflow compensates its earlier steps), so it is a conflict to retry,
 * not a server fault.
 */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as { code?: string; name?: string; cause?: { code?: string } } | undefined
  const code = e?.code ?? e?.cause?.code
  return code === "40P01" || code === "40001" || e?.name === "DeadlockException"
}

/** The locking module's providers (in-memory, Redis, PostgreSQL) all give up with this message. */
export function isLockTimeout(err: unknown): boolean {
  return !MedusaError.isMedusaError(err) && /^Failed to acquire lock for key /.test(String((err as { message?: string })?.message ?? ""))
}
