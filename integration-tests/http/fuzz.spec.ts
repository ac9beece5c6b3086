import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ApiLoader } from "@medusajs/framework/http"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { bearer, customerToken, shopWithServices } from "../helpers/merchant"
import { routeFiles } from "../helpers/route-files"

jest.setTimeout(240 * 1000)

const OPERATOR = { email: "fuzz-ops@tongcheng.test", password: "ops-pass-1" }
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const

/**
 * Every route the running app registers, caught through ApiLoader's own instrumentation hook (the one
 * tracing uses): Medusa calls it once per route and method while it builds the express app. It has to be
 * in place before the runner boots the app, hence module level.
 */
const registered: Array<{ method: string; route: string }> = []
;(ApiLoader as any).traceRoute = (handler: unknown, info: { route: string; method: string }) => {
  registered.push({ method: String(info.method).toUpperCase(), route: String(info.route) })
  return handler
}

/**
 * Field names our validators and Medusa's store routes read, so that a typed-garbage body reaches past
 * "missing field" into type and range checks. Read from our validator sources rather than listed.
 */
function bodyKeys(): string[] {
  const root = path.join(__dirname, "../../src/api")
  const keys = new Set(["email", "quantity", "variant_id", "region_id", "items", "metadata", "promo_codes", "customer_id", "provider_id", "option_id", "currency_code", "shipping_address", "code"])
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith(".ts")) for (const m of fs.readFileSync(p, "utf8").matchAll(/^\s+([a-z_]+)\??: z\./gm)) keys.add(m[1])
    }
  }
  walk(root)
  return [...keys].sort()
}

type Input = { label: string; path?: (p: string) => string; query?: string; body?: string; type?: string }

const SQL = "' OR '1'='1'; DROP TABLE merchant; --"
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth)

// Wrong-typed values a validator must refuse (or a column cannot hold); each garbage body gives every
// field one of them, rotating, so that across the bodies every field meets half of them.
const GARBAGE: unknown[] = [1e308, 2147483648, -1, SQL, [], { $ne: null }, true, 1.5, "", "长".repeat(300)]
const garbageBody = (keys: string[], round: number) =>
  JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, GARBAGE[(i + round * 2) % GARBAGE.length]])))

function inputsFor(method: string, hasParams: boolean, keys: string[]): Input[] {
  const out: Input[] = [{ label: "plain" }]
  if (hasParams) {
    out.push(
      { label: "NUL in id", path: (id) => `${id}%00x` },
      { label: "SQL id", path: () => encodeURIComponent(SQL) },
      { label: "long id", path: () => "x".repeat(3000) },
      { label: "bad %-encoding", path: () => "%E0%A4%A" }
    )
  }
  if (method === "GET") {
    out.push(
      { label: "negative paging", query: "limit=-1&offset=-1" },
      { label: "huge paging", query: "limit=99999999999999999999&offset=1e30" },
      { label: "NUL query", query: "q=%00&fields=%00" },
      { label: "SQL query", query: `q=${encodeURIComponent(SQL)}&order=${encodeURIComponent(SQL)}&status=${encodeURIComponent(SQL)}` },
      { label: "object query", query: "id[$gt]=x&limit[]=1&order[a]=b&q[]=1&date[x]=1" },
      { label: "long query", query: `q=${"汉".repeat(1500)}` },
      { label: "wrong-typed query", query: "lat=abc&lng=1e400&radius=-5&date=notadate&from=x&to=y&rating=NaN&category=x&merchant_id=1e308&sort=%27" }
    )
  } else {
    out.push(
      { label: "body []", body: "[]" },
      { label: "body {} (missing keys)", body: "{}" },
      { label: "text/plain", body: "hello", type: "text/plain" },
      { label: "form body", body: "a=1&limit=-1&b=%00", type: "application/x-www-form-urlencoded" },
      { label: "NUL string", body: JSON.stringify(Object.fromEntries(keys.map((k) => [k, "a\u0000b"]))) },
      { label: "long strings", body: JSON.stringify({ text: "x".repeat(50_000), content: "长".repeat(10_000) }) },
      { label: "deep nesting", body: `{"metadata":${nested(200)}}` },
      ...[0, 1, 2, 3, 4].map((round) => ({ label: `wrong types #${round}`, body: garbageBody(keys, round) }))
    )
  }
  return out
}

/** Params that name a kind rather than a record. */
const FIXED_PARAMS: Record<string, string> = { action: "approve", actor_type: "customer", auth_provider: "emailpass" }

/**
 * Requests that pass validation as they are, each sent again with one field replaced by each of a few
 * hostile values: this reaches the range and type checks that a body of garbage everywhere never gets to
 * (a strict validator refuses it for its unknown keys first).
 */
type Base = { who: "customer" | "merchant" | "admin"; method: "POST" | "GET"; url: string; body?: Record<string, any>; query?: Record<string, string>; fields: string[] }
const HOSTILE: unknown[] = [2147483648, 9007199254740993, 1e308, -1, 0.5, SQL, "长".repeat(5000), [], { $gt: "" }, null]

function mutate(base: Base): Array<{ label: string; url: string; body?: string }> {
  const out: Array<{ label: string; url: string; body?: string }> = []
  for (const field of base.fields) {
    for (const value of HOSTILE) {
      const label = `${field}=${JSON.stringify(value).slice(0, 20)}`
      if (base.method === "GET") {
        if (typeof value === "object") continue
        const q = new URLSearchParams({ ...base.query, [field]: String(value) })
        out.push({ label, url: `${base.url}?${q}` })
      } else {
        const body = structuredClone(base.body ?? {})
        const path = field.split(".")
        let at = body
        for (const p of path.slice(0, -1)) at = at[p]
        at[path[path.length - 1]] = value
        out.push({ label, url: base.url, body: JSON.stringify(body) })
      }
    }
  }
  return out
}

type Failure = { who: string; method: string; url: string; input: string; status: number; body: string }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let ids: Record<string, string>
    let customerId: string
    let regionId: string
    let headersFor: Record<"anonymous" | "customer" | "merchant" | "admin", Record<string, string>>

    beforeAll(async () => {
      const platform = await setupPlatform(api, getContainer(), OPERATOR)
      pk = platform.pk
      const { shop, variants, offering } = await shopWithServices(api, platform.admin, {
        email: "fuzz-shop@tongcheng.test",
        seed: 71,
        prices: { cut: 8800 },
        booked: { key: "cut", room: "一号间", capacity: 1 },
      })
      const customer = await customerToken(api, pk, "fuzz-customer@tongcheng.test")
      const me = await api.get("/store/customers/me", { headers: { authorization: `Bearer ${customer}`, "x-publishable-api-key": pk } })
      const cart = await api.post("/store/carts", { region_id: platform.regionId }, { headers: { authorization: `Bearer ${customer}`, "x-publishable-api-key": pk } })
      const product = await api.get(`/store/products?limit=1`, storeHeaders(pk))
      const resources = await api.get("/vendor/booking/resources", bearer(shop.token))
      ids = {
        merchants: shop.merchant.id,
        products: product.data.products[0]?.id,
        variants: variants.cut,
        offerings: offering.id,
        resources: resources.data.resources[0].id,
        regions: platform.regionId,
        carts: cart.data.cart.id,
        customers: me.data.customer.id,
        members: shop.member.id,
      }
      customerId = me.data.customer.id
      regionId = platform.regionId
      headersFor = {
        anonymous: { "x-publishable-api-key": pk },
        customer: { "x-publishable-api-key": pk, authorization: `Bearer ${customer}` },
        merchant: bearer(shop.token).headers,
        admin: platform.admin.headers,
      }
    })

    /** The registered routes this suite sends malformed input to: all of ours, Medusa's /store and /auth. */
    function targets() {
      const ours = new Set(routeFiles())
      const seen = new Set<string>()
      const list: Array<{ method: string; route: string; ours: boolean }> = []
      for (const r of registered) {
        const key = `${r.method} ${r.route}`
        if (seen.has(key) || !METHODS.includes(r.method as any)) continue
        seen.add(key)
        const isOurs = ours.has(key)
        if (isOurs || r.route.startsWith("/store/") || r.route.startsWith("/auth/")) list.push({ ...r, ours: isOurs })
      }
      return list
    }

    it("finds every route of ours and Medusa's store routes in the running app", () => {
      const files = routeFiles()
      const seen = new Set(registered.map((r) => `${r.method} ${r.route}`))
      expect(files.length).toBeGreaterThanOrEqual(100)
      expect(files.filter((f) => !seen.has(f))).toEqual([])
      const medusaStore = targets().filter((t) => !t.ours && t.route.startsWith("/store/"))
      expect(medusaStore.length).toBeGreaterThanOrEqual(40)
    })

    it("refuses the reported inputs with a bilingual 400 and unconfigured gateway hooks with 404", async () => {
      const nul = await api.get("/store/merchants/%00", storeHeaders(pk)).catch((e) => e.response)
      expect(nul.status).toBe(400)
      expect(nul.data).toMatchObject({ type: "invalid_data", message: expect.stringMatching(/^[^(]*[\u4e00-\u9fff].*\(.+\)$/) })

      for (const q of ["limit=-1", "offset=-1", "limit=2.5", "limit=100000", "offset=abc"]) {
        const res = await api.get(`/store/products?${q}`, storeHeaders(pk)).catch((e) => e.response)
        expect([q, res.status, res.data.type]).toEqual([q, 400, "invalid_data"])
      }
      const fine = await api.get("/store/products?limit=0&offset=0", storeHeaders(pk))
      expect(fine.status).toBe(200)

      const body = await api.post("/store/carts", { region_id: "reg\u0000x" }, storeHeaders(pk)).catch((e) => e.response)
      expect(body.status).toBe(400)
      expect(body.data.message).toMatch(/控制字符/)

      // Non-object JSON and broken JSON stop at Medusa's body parser, the same for every route.
      for (const raw of ['"x"', "null", '{"a":']) {
        const res = await fetch(`${api.defaults.baseURL}/store/carts`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-publishable-api-key": pk },
          body: raw,
        })
        expect([raw, res.status]).toEqual([raw, 400])
      }

      const wechat = await api.post("/hooks/wechatpay", {}).catch((e) => e.response)
      expect(wechat.status).toBe(404)
      expect(wechat.data.message).toMatch(/微信支付未启用/)
      const alipay = await api.post("/hooks/alipay", "a=1", { headers: { "content-type": "application/x-www-form-urlencoded" } }).catch((e) => e.response)
      expect(alipay.status).toBe(404)
    })

    it("answers no malformed input on any route with a 5xx, signed in or not", async () => {
      const baseURL = api.defaults.baseURL!
      const keys = bodyKeys()
      const failures: Failure[] = []
      // Per caller, how many answers were 2xx and how many 401: signed-in calls must get past auth, or
      // the suite would only be testing Medusa's authentication.
      const tally: Record<string, { ok: number; unauthorized: number; refused: number }> = {}
      const jobs: Array<() => Promise<void>> = []
      const cartJobs: Array<() => Promise<void>> = []

      const send = async (role: keyof typeof headersFor, method: string, url: string, input: string, body?: string, type?: string) => {
        const headers: Record<string, string> = { ...headersFor[role] }
        if (body !== undefined) headers["content-type"] = type ?? "application/json"
        const res = await fetch(baseURL + url, { method, headers, body })
        const text = await res.text()
        const count = (tally[role] ??= { ok: 0, unauthorized: 0, refused: 0 })
        if (res.status < 300) count.ok++
        else if (res.status === 401) count.unauthorized++
        else if (res.status < 500) count.refused++
        else failures.push({ who: role, method, url: url.slice(0, 160), input, status: res.status, body: text.slice(0, 300) })
      }

      // Real ids where the suite has one (so handlers run past "not found"), well-formed fakes elsewhere.
      const fill = (route: string, pick?: (p: string) => string, which?: "first" | "last") => {
        const params = [...route.matchAll(/:(\w+)/g)].map((m) => m.index!)
        const target = which === "first" ? params[0] : params[params.length - 1]
        return route.replace(/:(\w+)/g, (_m, name: string, offset: number) => {
          const segment = (route.slice(0, offset).split("/").filter(Boolean).pop() ?? "").replace(/[^a-z]/g, "")
          const real = FIXED_PARAMS[name] ?? (ids[segment] || `${segment.slice(0, 3) || "id"}_01JFUZZ0000000000000000000`)
          return pick && offset === target ? pick(real) : real
        })
      }

      for (const t of targets()) {
        const who: Array<keyof typeof headersFor> = t.route.startsWith("/store/")
          ? ["customer", "anonymous"]
          : t.route.startsWith("/vendor/")
            ? ["merchant"]
            : t.route.startsWith("/admin/")
              ? ["admin"]
              : ["anonymous"]
        const hasParams = t.route.includes(":")
        for (const role of who) {
          let inputs = inputsFor(t.method, hasParams, keys)
          // Anonymous callers of store routes meet the same validators; a sample keeps the run short.
          if (role === "anonymous" && t.route.startsWith("/store/"))
            inputs = inputs.filter((i) => ["plain", "NUL in id", "negative paging", "body {} (missing keys)"].includes(i.label))
          for (const input of inputs) {
            const urls = input.path && (t.route.match(/:/g)?.length ?? 0) > 1 ? ["first", "last"] as const : ["last"] as const
            for (const which of urls) {
              const url = fill(t.route, input.path, which) + (input.query ? `?${input.query}` : "")
              const queue = t.route.startsWith("/store/carts/:") ? cartJobs : jobs
              queue.push(() => send(role, t.method, url, input.label, input.body, input.type))
            }
          }
        }
      }

      const day = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10)
      const bases: Base[] = [
        { who: "admin", method: "POST", url: "/admin/merchant-categories", body: { slug: "fuzz-cat", name_zh: "测试类", name_en: "Fuzz", rank: 5 }, fields: ["rank", "slug", "name_zh"] },
        { who: "admin", method: "POST", url: `/admin/customers/${customerId}/points/adjust`, body: { delta: 10, reason: "fuzz" }, fields: ["delta", "reason"] },
        { who: "merchant", method: "POST", url: "/vendor/merchant", body: { name: "测试商家七十一号店", lat: 31.2286, lng: 121.4547, phone: "13800138000" }, fields: ["name", "lat", "lng", "phone"] },
        {
          who: "merchant",
          method: "POST",
          url: "/vendor/coupons",
          body: { title: "满100减10", kind: "fixed", value: 10, min_spend: 100, starts_at: new Date().toISOString(), ends_at: new Date(Date.now() + 7 * 86400_000).toISOString(), total: 100 },
          fields: ["value", "min_spend", "total", "starts_at", "ends_at", "title"],
        },
        { who: "merchant", method: "POST", url: "/vendor/products", body: { title: "到店服务 fuzz", kind: "service", variants: [{ title: "标准", price: 100 }] }, fields: ["title", "variants.0.price", "variants.0.title"] },
        { who: "merchant", method: "POST", url: "/vendor/booking/resources", body: { kind: "room", name: "二号间", capacity: 2 }, fields: ["capacity", "name", "kind"] },
        {
          who: "merchant",
          method: "POST",
          url: "/vendor/booking/offerings",
          body: { variant_id: ids.variants, resource_ids: [ids.resources], duration_minutes: 60, slot_step_minutes: 30, min_notice_minutes: 60, horizon_days: 14 },
          fields: ["duration_minutes", "slot_step_minutes", "min_notice_minutes", "horizon_days", "variant_id"],
        },
        { who: "customer", method: "POST", url: "/store/carts", body: { region_id: regionId }, fields: ["region_id", "email", "currency_code"] },
        { who: "customer", method: "POST", url: `/store/carts/${ids.carts}/line-items`, body: { variant_id: ids.variants, quantity: 1 }, fields: ["quantity", "variant_id"] },
        { who: "customer", method: "POST", url: `/store/carts/${ids.carts}/points`, body: { points: 1 }, fields: ["points"] },
        { who: "customer", method: "GET", url: "/store/merchants/search", query: { lat: "31.2286", lng: "121.4547" }, fields: ["lat", "radius_m", "q", "min_rating"] },
        { who: "customer", method: "GET", url: `/store/merchants/${ids.merchants}/availability`, query: { date: day }, fields: ["date", "party_size", "to"] },
        { who: "customer", method: "GET", url: "/store/products", query: { region_id: regionId }, fields: ["region_id", "q", "order"] },
      ]
      for (const base of bases) {
        for (const m of mutate(base)) {
          const queue = base.url.startsWith("/store/carts/") ? cartJobs : jobs
          queue.push(() => send(base.who, base.method, m.url, m.label, m.body))
        }
      }

      // A handful at a time: enough to finish quickly, few enough not to starve the shared machine. Calls
      // on one cart queue behind Medusa's cart lock, so they go through one lane of their own.
      const total = jobs.length + cartJobs.length
      const lanes = [cartJobs, jobs, jobs, jobs, jobs, jobs]
      await Promise.all(
        lanes.map(async (queue) => {
          for (let job = queue.shift(); job; job = queue.shift()) await job()
        })
      )

      const report = failures.map((f) => `${f.status} ${f.method} ${f.url} [${f.input}, ${f.who}] ${f.body}`).join("\n")
      if (process.env.FUZZ_STATS) fs.writeFileSync(process.env.FUZZ_STATS, JSON.stringify({ total, tally }, null, 2))
      expect(report).toBe("")
      expect(total).toBeGreaterThan(2000)
      // Observed 131 / 64 / 18 answers of 2xx: about half of that proves the tokens carried the calls past auth.
      const minimumOk = { customer: 60, merchant: 30, admin: 8 }
      for (const [role, min] of Object.entries(minimumOk)) {
        expect([role, tally[role].ok >= min, tally[role].unauthorized]).toEqual([role, true, 0])
      }
    })
  },
})
