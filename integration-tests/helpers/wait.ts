/**
 * Subscribers (search index, points, ratings) run after the workflow that emitted their event has
 * answered; tests wait for their effect the way a client would, polling until `ok` or the time is up,
 * and then assert on the last value seen.
 */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15000): Promise<T> {
  const end = Date.now() + ms
  let last = await fn()
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200))
    last = await fn()
  }
  return last
}
