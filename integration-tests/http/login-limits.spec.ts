import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { AxiosInstance } from "axios"
import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { seedPlatform } from "../../src/scripts/seed/platform"
import { applyAsMerchant, customerToken } from "../helpers/merchant"
import { eventually } from "../helpers/wait"

// A short first lock so that the expiry can be watched; everything else keeps production's defaults
// (5 failures per account). The IP limit is lowered so that reaching it takes a dozen requests, not 50.
process.env.LOGIN_LOCK_SECONDS = "8"
process.env.LOGIN_IP_MAX_FAILURES = "12"

jest.setTimeout(240 * 1000)

const OPERATOR = { email: "operator@limits.test", password: "op-pass-同城-1" }
const LOCKED = /^登录失败次数过多，请 \d+ 分钟后再试 \(too many failed sign-ins; try again in \d+ minutes\)$/

// Medusa trusts one proxy hop, so X-Forwarded-For stands for the caller's address: each test signs in
// from an address of its own and the per-IP counts of one test do not leak into the next.
function signIn(api: AxiosInstance, actor: string, email: string, password: string, ip: string) {
  return api.post(`/auth/${actor}/emailpass`, { email, password }, { headers: { "x-forwarded-for": ip }, validateStatus: () => true })
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string

    // Seeded without signing in: the operator's account is locked by one of the tests, and in-memory
    // counts outlive the database reset between tests.
    beforeEach(async () => {
      pk = (await seedPlatform(getContainer(), { adminEmail: OPERATOR.email, adminPassword: OPERATOR.password })).publishable_key
      await seedMerchantCategories(getContainer())
    })

    async function account(actor: "user" | "merchant" | "customer", email: string, password: string) {
      if (actor === "user") return { email: OPERATOR.email, password: OPERATOR.password }
      if (actor === "merchant") {
        await applyAsMerchant(api, email, 7)
        return { email, password: "pass-同城-123" }
      }
      await customerToken(api, pk, email, password)
      return { email, password }
    }

    it.each([
      ["user", "10.0.1.1"],
      ["merchant", "10.0.1.2"],
      ["customer", "10.0.1.3"],
    ] as const)("locks a %s account after 5 wrong passwords and refuses even the right one", async (actor, ip) => {
      const { email, password } = await account(actor, `${actor}-locked@limits.test`, "cust-pass-1")
      const wrong: number[] = []
      for (let i = 0; i < 5; i++) wrong.push((await signIn(api, actor, email, `wrong-${i}`, ip)).status)
      expect(wrong).toEqual([401, 401, 401, 401, 401])

      const right = await signIn(api, actor, email, password, ip)
      expect(right.status).toBe(429)
      expect(right.data.message).toMatch(LOCKED)
      expect(Number(right.headers["retry-after"])).toBeGreaterThan(0)
      expect(Number(right.headers["retry-after"])).toBeLessThanOrEqual(8)
      expect(right.data.token).toBeUndefined()

      // The account is locked, not the address: from elsewhere it is refused too, and registering the
      // same e-mail cannot be used to go on guessing.
      expect((await signIn(api, actor, email, password, "10.0.1.99")).status).toBe(429)
      const register = await api.post(`/auth/${actor}/emailpass/register`, { email, password }, { headers: { "x-forwarded-for": ip }, validateStatus: () => true })
      expect(register.status).toBe(429)
    })

    it("starts counting afresh after a successful sign-in", async () => {
      const ip = "10.0.2.1"
      const { email, password } = await account("customer", "reset@limits.test", "cust-pass-1")
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) expect((await signIn(api, "customer", email, "wrong", ip)).status).toBe(401)
        const ok = await signIn(api, "customer", email, password, ip)
        expect(ok.status).toBe(200)
        expect(ok.data.token).toEqual(expect.any(String))
      }
    })

    it("lets other accounts sign in from an address until it reaches the IP limit, then refuses it", async () => {
      const ip = "10.0.3.1"
      const victims = ["v0", "v1", "v2"].map((v) => `${v}@limits.test`)
      const other = await account("customer", "bystander@limits.test", "cust-pass-1")
      // 4 wrong passwords on each of 3 accounts: no account reaches its own limit of 5.
      for (let i = 0; i < 8; i++) expect((await signIn(api, "customer", victims[i % 3], "guess", ip)).status).toBe(401)
      expect((await signIn(api, "customer", other.email, other.password, ip)).status).toBe(200)
      for (let i = 8; i < 12; i++) expect((await signIn(api, "customer", victims[i % 3], "guess", ip)).status).toBe(401)

      const refused = await signIn(api, "customer", other.email, other.password, ip)
      expect(refused.status).toBe(429)
      expect(refused.data.message).toMatch(LOCKED)
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0)
      // The same account from another address is not affected.
      expect((await signIn(api, "customer", other.email, other.password, "10.0.3.2")).status).toBe(200)
    })

    it("lets the account in again once the lock has run out, forgetting its past locks", async () => {
      const ip = "10.0.4.1"
      const { email, password } = await account("customer", "expiry@limits.test", "cust-pass-1")
      for (let i = 0; i < 5; i++) await signIn(api, "customer", email, "wrong", ip)
      expect((await signIn(api, "customer", email, password, ip)).status).toBe(429)

      // Waits for the state, not for a time: polls until the refusal stops.
      const after = await eventually(
        () => signIn(api, "customer", email, password, ip),
        (res) => res.status !== 429,
        120000
      )
      expect(after.status).toBe(200)

      // A success forgets the account's past locks; one more round of failures starts from the first lock.
      for (let i = 0; i < 5; i++) await signIn(api, "customer", email, "wrong", ip)
      const again = await signIn(api, "customer", email, password, ip)
      expect(again.status).toBe(429)
      expect(Number(again.headers["retry-after"])).toBeLessThanOrEqual(8)
    })

    it("limits password reset requests for one account", async () => {
      const ip = "10.0.5.1"
      const send = () =>
        api.post("/auth/customer/emailpass/reset-password", { identifier: "forgetful@limits.test" }, { headers: { "x-forwarded-for": ip }, validateStatus: () => true })
      for (let i = 0; i < 5; i++) expect((await send()).status).toBeLessThan(300)
      const res = await send()
      expect(res.status).toBe(429)
      expect(res.data.message).toMatch(/^重置密码请求过多.*\(too many password reset requests; .*\)$/)
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0)
    })
  },
})
