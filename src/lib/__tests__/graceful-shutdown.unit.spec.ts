import http from "node:http"
import type { AddressInfo } from "node:net"
import { GracefulShutdownServer } from "@medusajs/framework/utils"
import { HttpDrain, parseShutdownTimeout } from "../graceful-shutdown"

/**
 * The drain against a server built the way `medusa start` builds its own (GracefulShutdownServer, closed
 * on the signal). Requests are held open by the test and released when it chooses, so nothing depends on
 * how fast the machine is.
 */
function logger() {
  const lines: string[] = []
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  }
}

async function serve() {
  const gates = new Map<string, () => void>()
  const arrived: string[] = []
  const arrival: Array<() => void> = []
  const raw = http.createServer((req, res) => {
    arrived.push(req.url!)
    arrival.splice(0).forEach((f) => f())
    new Promise<void>((r) => gates.set(req.url!, r)).then(() => res.end(`done ${req.url}`))
  })
  const server = GracefulShutdownServer.create(raw.listen(0, "127.0.0.1"))
  await new Promise((r) => server.once("listening", r))
  const port = (server.address() as AddressInfo).port
  const waitArrived = async (n: number) => {
    while (arrived.length < n) await new Promise<void>((r) => arrival.push(r))
  }
  const release = (url: string) => gates.get(url)!()
  return { server, port, waitArrived, release, arrived }
}

type Answer = { status?: number; body?: string; connection?: string; error?: string }
function get(port: number, path: string, agent?: http.Agent): Promise<Answer> {
  return new Promise((resolve) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        let body = ""
        res.on("data", (d) => (body += d))
        res.on("end", () => resolve({ status: res.statusCode, body, connection: res.headers.connection }))
      })
      .on("error", (e: any) => resolve({ error: e.code ?? e.message }))
  })
}

describe("graceful shutdown drain", () => {
  let detach: (() => void) | undefined
  afterEach(() => detach?.())

  it("lets requests in flight finish, closes their connections after them, and refuses new connections", async () => {
    const log = logger()
    const exit = jest.fn()
    const drain = new HttpDrain({ timeoutMs: 60_000, logger: log, exit, finalGraceMs: 60_000 })
    detach = drain.attach()
    const { server, port, waitArrived, release } = await serve()
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 })
    const a = get(port, "/checkout-a", agent)
    const b = get(port, "/checkout-b", agent)
    await waitArrived(2)

    const drained = drain.start("SIGTERM")
    const closed = (server as any).shutdown() // what Medusa's own handler does on the same signal
    expect(drain.running).toBe(2)
    expect(await get(port, "/too-late")).toEqual({ error: "ECONNREFUSED" })

    release("/checkout-a")
    release("/checkout-b")
    expect(await a).toEqual({ status: 200, body: "done /checkout-a", connection: "close" })
    expect(await b).toEqual({ status: 200, body: "done /checkout-b", connection: "close" })
    expect(await drained).toEqual({ outcome: "drained" })
    await closed
    expect(log.lines.join("\n")).toMatch(/waiting for 2 request\(s\) in flight \(at most 60 s/)
    expect(log.lines.join("\n")).not.toMatch(/^warn/m)
    expect(exit).not.toHaveBeenCalled()
    agent.destroy()
  })

  it("takes no request queued behind one in flight on a kept-alive connection: that connection closes after its answer", async () => {
    const drain = new HttpDrain({ timeoutMs: 60_000, logger: logger(), exit: jest.fn(), finalGraceMs: 60_000 })
    detach = drain.attach()
    const { server, port, waitArrived, release } = await serve()
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const first = get(port, "/first", agent)
    await waitArrived(1)
    // Queued behind /first on the one connection (as a proxy's or the storefront's pool does): without the
    // drain, Medusa's server would take it on that connection and start its work after the signal.
    const second = get(port, "/second", agent)
    drain.start("SIGTERM")
    const closed = (server as any).shutdown()
    release("/first")
    expect(await first).toMatchObject({ status: 200, connection: "close" })
    // The client had to reconnect for /second, and the listener is gone.
    expect(await second).toEqual({ error: "ECONNREFUSED" })
    expect(await drain.start("SIGTERM")).toEqual({ outcome: "drained" })
    await closed
    agent.destroy()
  })

  it("at the bound, names the requests still running, cuts them off so Medusa's shutdown can go on, and exits if that hangs", async () => {
    const log = logger()
    let exited: (code: number) => void = () => {}
    const exitCode = new Promise<number>((r) => (exited = r))
    const drain = new HttpDrain({ timeoutMs: 50, logger: log, exit: (c) => exited(c), finalGraceMs: 50 })
    detach = drain.attach()
    const { server, port, waitArrived } = await serve()
    const stuck = get(port, "/store/carts/cart_1/complete?fields=id")
    await waitArrived(1)

    const closed = (server as any).shutdown()
    const outcome = await drain.start("SIGTERM")
    expect(outcome).toEqual({ outcome: "timed-out", still_running: ["GET /store/carts/cart_1/complete"] })
    expect(log.lines.find((l) => l.startsWith("warn"))).toMatch(/1 request\(s\) still running .*GET \/store\/carts\/cart_1\/complete.*reconciliation/)
    expect(await stuck).toEqual({ error: "ECONNRESET" })
    await closed // server.close() returned: Medusa's shutdown of modules runs next
    expect(await exitCode).toBe(1) // this process did not exit by itself within the grace
    expect(log.lines.some((l) => l.startsWith("error") && /did not finish/.test(l))).toBe(true)
  })

  it("reads SHUTDOWN_TIMEOUT_MS as whole milliseconds, 30 s when unset", () => {
    expect(parseShutdownTimeout(undefined)).toBe(30_000)
    expect(parseShutdownTimeout("")).toBe(30_000)
    expect(parseShutdownTimeout("45000")).toBe(45_000)
    expect(parseShutdownTimeout("0")).toBe(0)
    expect(parseShutdownTimeout("30s")).toBeNull()
    expect(parseShutdownTimeout("-1")).toBeNull()
  })
})
