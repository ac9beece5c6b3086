// Small helpers to run the Medusa CLI of this project as a child process.
const { spawn } = require("node:child_process")
const path = require("node:path")
const http = require("node:http")

const ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA_BIN = path.join(ROOT, "node_modules", ".bin", "medusa")

function runMedusa(args, { env = process.env, cwd = ROOT, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(MEDUSA_BIN, args, {
      cwd,
      env,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    })
    let out = ""
    if (quiet) {
      child.stdout.on("data", (d) => (out += d))
      child.stderr.on("data", (d) => (out += d))
    }
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      if (code === 0) resolve(out)
      else {
        const err = new Error(`medusa ${args.join(" ")} failed (${signal || "exit " + code})`)
        err.output = out
        reject(err)
      }
    })
  })
}

function getOnce(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode)
    })
    req.on("error", () => resolve(0))
    req.on("timeout", () => {
      req.destroy()
      resolve(0)
    })
  })
}

async function waitForHealth(baseUrl, { timeoutMs = 180000, child } = {}) {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if (child && child.exitCode !== null) return false
    if ((await getOnce(`${baseUrl}/health`)) === 200) return true
    await new Promise((r) => setTimeout(r, 500))
  }
  return false
}

module.exports = { ROOT, MEDUSA_BIN, runMedusa, waitForHealth, getOnce }
