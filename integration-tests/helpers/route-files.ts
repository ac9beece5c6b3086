import fs from "node:fs"
import path from "node:path"

const API_ROOT = path.join(__dirname, "../../src/api")

/**
 * "METHOD /url" for every route file under src/api/<under> (all of src/api by default), read from the
 * files themselves so a route added later cannot be left out of a suite that walks them all.
 */
export function routeFiles(under = ""): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name === "route.ts") {
        const rel = path.relative(API_ROOT, dir).split(path.sep).map((seg) => seg.replace(/^\[(\w+)\]$/, ":$1"))
        const url = "/" + rel.join("/")
        for (const m of fs.readFileSync(p, "utf8").matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          out.push(`${m[1]} ${url}`)
        }
      }
    }
  }
  walk(path.join(API_ROOT, under))
  return out.sort()
}
