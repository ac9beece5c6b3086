import fs from "node:fs"
import net from "node:net"
import path from "node:path"
import { spawn, spawnSync, type ChildProcess } from "node:child_process"

export const ROOT = path.resolve(__dirname, "../..")
export const STOREFRONT = path.join(ROOT, "storefront")
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
const NEXT_BIN = path.join(STOREFRONT, "node_modules", "next", "dist", "bin", "next")

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

export function newestMtime(p: string): number {
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let max = st.mtimeMs
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)))
  return max
}

/** The storefront's own install happens from the root normally; a fresh checkout without it is installed here once. */
export function ensureInstalled() {
  if (fs.existsSync(NEXT_BIN)) return
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", STOREFRONT], { stdio: "inherit", cwd: ROOT })
  if (r.status !== 0) throw new Error("npm ci --prefix storefront failed")
}

/**
 * Runs `fn` while holding a lock folder, so suites in parallel Jest workers do not build the same thing
 * into the same folder at once (the second waits, then finds the build fresh).
 */
export function withBuildLock<T>(name: string, fn: () => T): T {
  const lock = path.join(ROOT, ".data", `${name}.lock`)
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  const STALE_MS = 10 * 60_000
  const deadline = Date.now() + STALE_MS
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch (e: any) {
      if (e.code !== "EEXIST") throw e
      // A lock older than any build is one a killed run left behind.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > STALE_MS) fs.rmSync(lock, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`${name}: another run has held ${lock} for 10 minutes`)
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500)
    }
  }
  try {
    return fn()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

/** Reuses .next when no source is newer than it (a build takes ~25 s); otherwise builds. */
export function ensureBuilt() {
  return withBuildLock("storefront-build", buildIfStale)
}

function buildIfStale() {
  const buildId = path.join(STOREFRONT, ".next", "BUILD_ID")
  const sources = ["src", "messages", "next.config.ts", "package.json", "tsconfig.json"].map((p) => path.join(STOREFRONT, p))
  const newest = Math.max(...sources.filter((p) => fs.existsSync(p)).map(newestMtime))
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newest && process.env.STOREFRONT_REBUILD !== "true") return "reused"
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: STOREFRONT,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  })
  if (r.status !== 0) throw new Error(`storefront build failed:\n${r.stdout}\n${r.stderr}`)
  return "built"
}

export type RunningStorefront = { url: string; child: ChildProcess; logs: string[]; stop: () => Promise<void> }

/**
 * `next start` on a free port, pointed at the given backend; resolves once it answers. `env` adds settings
 * read at request time (e.g. NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY), so one build serves differently set-up shops.
 */
export async function startStorefront(backendUrl: string, publishableKey: string, env: Record<string, string> = {}): Promise<RunningStorefront> {
  const port = await freePort()
  const logs: string[] = []
  // No -H: with a host given, Next 16 rewrites i18n routes to "localhost" and the locale proxy loops.
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], {
    cwd: STOREFRONT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      MEDUSA_BACKEND_URL: backendUrl,
      NEXT_PUBLIC_MEDUSA_BACKEND_URL: backendUrl,
      NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: publishableKey,
      // Card payment only where a test asks for it, whatever the developer's own environment holds.
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  child.stdout!.on("data", (d) => logs.push(String(d)))
  child.stderr!.on("data", (d) => logs.push(String(d)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${logs.join("")}`)
    try {
      const res = await fetch(`${url}/robots.txt`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
      setTimeout(() => child.kill("SIGKILL"), 5000).unref()
    })
  return { url, child, logs, stop }
}
