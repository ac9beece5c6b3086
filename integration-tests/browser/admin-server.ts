import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { spawnSync } from "node:child_process"
import { freePort, newestMtime, ROOT, withBuildLock } from "./storefront-server"

/** `medusa build --admin-only` writes the dashboard (with our routes and widgets) here. */
export const ADMIN_DIST = path.join(ROOT, ".medusa", "admin")

/**
 * Medusa's test runner always boots without the admin, so the suite builds the dashboard itself (about
 * 30 s, skipped while no file of src/admin or medusa-config.ts is newer than the last build).
 */
export function ensureAdminBuilt() {
  withBuildLock("admin-build", buildAdminIfStale)
}

function buildAdminIfStale() {
  const index = path.join(ADMIN_DIST, "index.html")
  const sources = Math.max(newestMtime(path.join(ROOT, "src", "admin")), newestMtime(path.join(ROOT, "medusa-config.ts")))
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) return
  // An empty backend URL makes the dashboard call the origin it is served from: the proxy below.
  const env = { ...process.env, MEDUSA_BACKEND_URL: "" }
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js"), "build", "--admin-only"], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  })
  if (r.status !== 0 || !fs.existsSync(index)) throw new Error("medusa build --admin-only failed")
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
}

export type RunningAdmin = { url: string; stop: () => Promise<void> }

/**
 * One origin for the built dashboard and the backend, as in production (`/app` next to `/admin`):
 * `/app/*` is served from the build (unknown paths fall back to index.html for the router), every
 * other path is passed through to the backend the test runner started.
 */
export async function startAdmin(backend: string): Promise<RunningAdmin> {
  const target = new URL(backend)
  const port = await freePort()
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x")
    if (url.pathname === "/app" || url.pathname.startsWith("/app/")) {
      const rel = decodeURIComponent(url.pathname.replace(/^\/app\/?/, ""))
      let file = path.join(ADMIN_DIST, rel)
      if (!file.startsWith(ADMIN_DIST) || !rel || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        file = path.join(ADMIN_DIST, "index.html")
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" })
      fs.createReadStream(file).pipe(res)
      return
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      }
    )
    upstream.on("error", (e) => {
      res.writeHead(502)
      res.end(String(e))
    })
    req.pipe(upstream)
  })
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r))
  return {
    url: `http://localhost:${port}`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  }
}
