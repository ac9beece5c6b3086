// Waiting for a state (a port that answers, a log line, a row), never for a time: the smokes run on
// shared 2-core machines where any fixed sleep is either too short or wasted.
const net = require("node:net")

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: "127.0.0.1" })
    sock.once("connect", () => {
      sock.destroy()
      resolve(true)
    })
    sock.once("error", () => resolve(false))
  })
}

/** Polls `fn` until it returns something truthy and returns that; throws naming `what` past the deadline. */
async function waitFor(what, fn, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

module.exports = { listening, waitFor }
