import diagnostics_channel from "node:diagnostics_channel"
import type { IncomingMessage, Server, ServerResponse } from "node:http"

/**
 * Bounded draining of the HTTP server on SIGTERM / SIGINT, on top of what `medusa start` already does.
 *
 * Medusa's start command wraps its server in GracefulShutdownServer and, on a signal, closes the listener,
 * waits for every connection to end, runs its own shutdown of modules and the database, and exits 0.
 * Two gaps remain, and both cut checkouts off half-way (an order placed, its shop link and shop state not):
 * - no upper bound: it waits for ever, so the orchestrator's SIGKILL ends the drain wherever it is;
 * - a kept-alive connection (a proxy, the storefront's server) keeps carrying new requests after the
 *   signal, so under steady traffic new checkouts keep starting and the drain never ends.
 * This adds both, and leaves the closing of the listener, the reaping of idle connections and Medusa's
 * own shutdown to Medusa. Requests are observed through Node's `http.server.request.start` diagnostics
 * channel, which sees every request from its first byte, before Medusa's body parser, auth or routes run;
 * a route middleware would only see it after those, and Medusa offers no hook on its server object.
 */

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000
/** Once requests are done (or cut off), how long Medusa's own shutdown may take before the process exits anyway. */
export const FINAL_GRACE_MS = 10_000

type Logger = { info(msg: string): void; warn(msg: string): void; error(msg: string): void }

/** SHUTDOWN_TIMEOUT_MS as a number of milliseconds, or null when it is not a non-negative integer. */
export function parseShutdownTimeout(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return DEFAULT_SHUTDOWN_TIMEOUT_MS
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null
}

export type DrainOutcome = { outcome: "drained" } | { outcome: "timed-out"; still_running: string[] }

export class HttpDrain {
  private readonly inFlight = new Map<ServerResponse, string>()
  private readonly servers = new Set<Server>()
  private draining = false
  private finished: Promise<DrainOutcome> | null = null
  private settle: ((o: DrainOutcome) => void) | null = null
  private boundTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly opts: {
      timeoutMs: number
      logger: Logger
      /** Called FINAL_GRACE_MS after the drain ended if the process is still alive (Medusa's shutdown hung). */
      exit?: (code: number) => void
      finalGraceMs?: number
    }
  ) {}

  private readonly onRequestStart = (message: unknown) => {
    const { request, response, server } = message as { request: IncomingMessage; response: ServerResponse; server: Server }
    this.servers.add(server)
    this.inFlight.set(response, `${request.method} ${(request.url ?? "").split("?")[0]}`)
    response.once("close", () => {
      this.inFlight.delete(response)
      if (this.draining && this.inFlight.size === 0) this.done({ outcome: "drained" })
    })
    // Only requests the client had already sent on an open connection get here once draining: they are
    // served, and the connection then closes so the client's next request goes to a live instance.
    if (this.draining) response.shouldKeepAlive = false
  }

  attach(): () => void {
    diagnostics_channel.subscribe("http.server.request.start", this.onRequestStart)
    return () => diagnostics_channel.unsubscribe("http.server.request.start", this.onRequestStart)
  }

  get running(): number {
    return this.inFlight.size
  }

  /** Starts draining (idempotent); resolves once no request is in flight, or at the bound. */
  start(reason: string): Promise<DrainOutcome> {
    if (this.finished) return this.finished
    this.draining = true
    this.finished = new Promise((resolve) => (this.settle = resolve))
    for (const res of this.inFlight.keys()) if (!res.headersSent) res.shouldKeepAlive = false
    const { timeoutMs, logger } = this.opts
    logger.info(
      `[shutdown] ${reason}: taking no new connections; waiting for ${this.inFlight.size} request(s) in flight (at most ${timeoutMs / 1000} s, SHUTDOWN_TIMEOUT_MS)`
    )
    if (this.inFlight.size === 0) {
      this.done({ outcome: "drained" })
      return this.finished
    }
    this.boundTimer = setTimeout(() => {
      const still = [...this.inFlight.values()]
      logger.warn(
        `[shutdown] ${still.length} request(s) still running after ${timeoutMs / 1000} s, cut off now: ${still.join(", ")}. ` +
          "A checkout among them may leave an order without its shop link or state until the reconciliation job repairs it."
      )
      // Ending their connections is what lets Medusa's server.close() return and its shutdown run.
      for (const server of this.servers) server.closeAllConnections()
      this.done({ outcome: "timed-out", still_running: still })
    }, timeoutMs)
    this.boundTimer.unref()
    return this.finished
  }

  private done(outcome: DrainOutcome) {
    if (!this.settle) return
    if (this.boundTimer) clearTimeout(this.boundTimer)
    if (outcome.outcome === "drained") this.opts.logger.info("[shutdown] every request in flight has been answered")
    this.settle(outcome)
    this.settle = null
    // Medusa now closes its modules and the database and exits; should that hang (a pool waiting on a
    // query that was cut off), the process still ends.
    const graceMs = this.opts.finalGraceMs ?? FINAL_GRACE_MS
    setTimeout(() => {
      this.opts.logger.error(`[shutdown] Medusa's own shutdown did not finish within ${graceMs / 1000} s: exiting`)
      ;(this.opts.exit ?? process.exit)(1)
    }, graceMs).unref()
  }
}

let installed: HttpDrain | null = null

/**
 * Installs the drain for this process (once). Medusa registers its own SIGTERM/SIGINT handler only when
 * its server listens; a signal while it is still booting finds ours alone, and then stops the process
 * the way it would have without us.
 */
export function installGracefulShutdown(logger: Logger, env: NodeJS.ProcessEnv = process.env): HttpDrain {
  if (installed) return installed
  let timeoutMs = parseShutdownTimeout(env.SHUTDOWN_TIMEOUT_MS)
  if (timeoutMs === null) {
    logger.warn(`[shutdown] SHUTDOWN_TIMEOUT_MS="${env.SHUTDOWN_TIMEOUT_MS}" is not a number of milliseconds: using ${DEFAULT_SHUTDOWN_TIMEOUT_MS}`)
    timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS
  }
  const drain = new HttpDrain({ timeoutMs, logger })
  drain.attach()
  const handlers = new Map<NodeJS.Signals, () => void>()
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const handler = () => {
      if (process.listenerCount(signal) === 1) {
        for (const [s, h] of handlers) process.removeListener(s, h)
        process.kill(process.pid, signal)
        return
      }
      void drain.start(signal)
    }
    handlers.set(signal, handler)
    process.on(signal, handler)
  }
  installed = drain
  return drain
}
