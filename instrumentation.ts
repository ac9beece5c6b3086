import { logger } from "@medusajs/framework/logger"
import { installGracefulShutdown } from "./src/lib/graceful-shutdown"

/**
 * `medusa start` (also each `--cluster` process and the server `medusa develop` forks) calls register()
 * before it builds its HTTP server; it is the only hook Medusa runs in exactly the processes that serve
 * HTTP, and never in `medusa exec`, migrations or tests. Medusa names this file for OpenTelemetry (hence
 * its "OTEL registered" log line); to add tracing, call Medusa's registerOtel here as well.
 */
export function register() {
  installGracefulShutdown(logger)
}
