import { revalidatePath } from "next/cache"
import { errorMessage, errorStatus } from "./medusa"

// Server actions answer { ok, error } rather than throwing: a thrown action error reaches the browser
// console, and the backend's "中文 (English)" message is what the visitor should read instead.
export type ActionResult<T = {}> = ({ ok: true } & T) | { ok: false; error: string; status?: number }

export const fail = (e: unknown): { ok: false; error: string; status?: number } => ({ ok: false, error: errorMessage(e), status: errorStatus(e) })

/**
 * A server action's backend write: on success every page's server data is refreshed and whatever `work`
 * returns is added to the answer; a refusal comes back as the backend's message.
 */
export async function settle<T extends object = {}>(work: () => Promise<T | void>): Promise<ActionResult<T>> {
  try {
    const extra = await work()
    revalidatePath("/", "layout")
    return { ok: true, ...(extra ?? {}) } as ActionResult<T>
  } catch (e) {
    return fail(e)
  }
}
