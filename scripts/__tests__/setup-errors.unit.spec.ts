import { spawn } from "node:child_process"
import net from "node:net"
import path from "node:path"

const ROOT = path.resolve(__dirname, "..", "..")

function run(script: string, env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", script)], {
      cwd: ROOT,
      env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    })
    let out = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (out += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), 60000)
    child.on("exit", (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.listen(0, "0.0.0.0", () => {
      const { port } = srv.address() as net.AddressInfo
      resolve({ port, close: () => new Promise((r) => srv.close(() => r())) })
    })
  })
}

function closedPort(): Promise<number> {
  return holdPort().then(async ({ port, close }) => {
    await close()
    return port
  })
}

// A stack trace means the user has to read Medusa's internals to learn what they did wrong.
// Both shapes V8 prints: "at fn (file:1:2)" and "at file:1:2".
const STACK_LINE = /^\s+at (.+\(.+:\d+:\d+\)|\S+:\d+:\d+)$/m

describe("bad set-up is explained, not dumped", () => {
  it("npm run dev with DATABASE_URL on a closed port names the address and exits non-zero", async () => {
    const port = await closedPort()
    const { code, out } = await run("dev.js", {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/tongcheng`,
      PORT: String(await closedPort()),
      // The storefront's port is checked first; whatever holds 8000 on this machine must not matter.
      STOREFRONT_PORT: String(await closedPort()),
    })
    expect(code).not.toBe(0)
    expect(out).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${port}/tongcheng`)
    expect(out).toContain("connection refused")
    expect(out).not.toMatch(STACK_LINE)
  })

  it("npm run dev on a port already in use says which port and how to choose another", async () => {
    const held = await holdPort()
    try {
      const { code, out } = await run("dev.js", { PORT: String(held.port), STOREFRONT_PORT: String(await closedPort()), DATABASE_URL: undefined })
      expect(code).not.toBe(0)
      expect(out).toContain(`Port ${held.port} is already in use`)
      expect(out).toContain("PORT=")
      expect(out).not.toMatch(STACK_LINE)
    } finally {
      await held.close()
    }
  })

  it("npm start refuses a malformed DATABASE_URL, missing production secrets and a worker without Redis", async () => {
    const base = { NODE_ENV: "production", JWT_SECRET: "x", COOKIE_SECRET: "y", REDIS_URL: undefined }
    const badUrl = await run("start.js", { ...base, DATABASE_URL: "mysql://root@localhost/x" })
    expect(badUrl.code).not.toBe(0)
    expect(badUrl.out).toContain("DATABASE_URL is not a PostgreSQL URL")
    expect(badUrl.out).not.toMatch(STACK_LINE)

    const noSecrets = await run("start.js", {
      ...base,
      JWT_SECRET: "",
      COOKIE_SECRET: "",
      DATABASE_URL: "postgres://postgres@localhost/x",
    })
    expect(noSecrets.code).not.toBe(0)
    expect(noSecrets.out).toContain("JWT_SECRET and COOKIE_SECRET must be set in production")

    const worker = await run("start.js", {
      ...base,
      MEDUSA_WORKER_MODE: "worker",
      DATABASE_URL: "postgres://postgres@localhost/x",
    })
    expect(worker.code).not.toBe(0)
    expect(worker.out).toContain("MEDUSA_WORKER_MODE=worker splits work across processes, which needs REDIS_URL")

    const bound = await run("start.js", { ...base, SHUTDOWN_TIMEOUT_MS: "30s", DATABASE_URL: "postgres://postgres@localhost/x" })
    expect(bound.code).not.toBe(0)
    expect(bound.out).toContain('SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds, got "30s"')
    expect(bound.out).not.toMatch(STACK_LINE)
  })

  it("npm run dev rejects a PORT that is not a port number", async () => {
    const { code, out } = await run("dev.js", { PORT: "nine-thousand" })
    expect(code).not.toBe(0)
    expect(out).toContain('PORT must be a number between 1 and 65535, got "nine-thousand"')
  })
})
