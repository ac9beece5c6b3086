import {
  accountKey,
  DEFAULT_LOGIN_LIMITS,
  lockedMessage,
  lockSecondsFor,
  loginLimitSettingsFromEnv,
  memoryLimiter,
  type Attempt,
} from "../login-limits"

const settings = { ...DEFAULT_LOGIN_LIMITS, ipMaxFailures: 12 }

async function failOnce(l: ReturnType<typeof memoryLimiter>, account: string, ip = "10.0.0.1") {
  const a = await l.begin(account, ip)
  if ("retryAfterSeconds" in a) return a.retryAfterSeconds
  await l.failed(a)
  return null
}

describe("login limits", () => {
  it("locks an account after 5 wrong passwords in a row for the first lock's length", async () => {
    const l = memoryLimiter(settings)
    for (let i = 0; i < 5; i++) expect(await failOnce(l, "user:a@x.cn")).toBeNull()
    const refused = await l.begin("user:a@x.cn", "10.0.0.1")
    expect(refused).toEqual({ retryAfterSeconds: expect.any(Number) })
    const wait = (refused as { retryAfterSeconds: number }).retryAfterSeconds
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(60)
    // The same e-mail as another actor is another account.
    expect(await l.begin("customer:a@x.cn", "10.0.0.1")).toMatchObject({ account: "customer:a@x.cn" })
  })

  it("starts the count afresh after a successful sign-in", async () => {
    const l = memoryLimiter(settings)
    for (let i = 0; i < 4; i++) await failOnce(l, "user:b@x.cn")
    await l.succeeded((await l.begin("user:b@x.cn", "10.0.0.1")) as Attempt)
    for (let i = 0; i < 4; i++) expect(await failOnce(l, "user:b@x.cn")).toBeNull()
    expect(await l.begin("user:b@x.cn", "10.0.0.1")).toMatchObject({ account: "user:b@x.cn" })
  })

  it("makes each further lock longer: 1, 4, 16 minutes, then at most an hour", async () => {
    expect([1, 2, 3, 4, 5].map((n) => lockSecondsFor(DEFAULT_LOGIN_LIMITS, n))).toEqual([60, 240, 960, 3600, 3600])
    const l = memoryLimiter(settings)
    for (let i = 0; i < 5; i++) await failOnce(l, "user:c@x.cn")
    // What the first lock's expiry does to the store, without waiting a minute.
    await (l as any).accountFailures.delete("user:c@x.cn")
    for (let i = 0; i < 5; i++) expect(await failOnce(l, "user:c@x.cn")).toBeNull()
    const second = (await l.begin("user:c@x.cn", "10.0.0.1")) as { retryAfterSeconds: number }
    expect(second.retryAfterSeconds).toBeGreaterThan(60)
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(240)
  })

  it("does not let a burst of parallel guesses past the count", async () => {
    const l = memoryLimiter(settings)
    const begun = await Promise.all(Array.from({ length: 10 }, () => l.begin("user:d@x.cn", "10.0.0.2")))
    expect(begun.filter((b) => !("retryAfterSeconds" in b))).toHaveLength(5)
  })

  it("locks an IP that fails on many accounts, leaving the accounts and other IPs alone", async () => {
    const l = memoryLimiter(settings)
    for (let i = 0; i < 12; i++) expect(await failOnce(l, `customer:victim${i % 4}@x.cn`, "10.9.9.9")).toBeNull()
    expect(await l.begin("customer:someone@x.cn", "10.9.9.9")).toEqual({ retryAfterSeconds: expect.any(Number) })
    expect(await l.begin("customer:victim0@x.cn", "10.1.1.1")).toMatchObject({ account: "customer:victim0@x.cn" })
  })

  it("gives the reservation back for answers that are neither right nor wrong", async () => {
    const l = memoryLimiter(settings)
    for (let i = 0; i < 20; i++) await l.undecided((await l.begin("user:e@x.cn", "10.0.0.3")) as Attempt)
    expect(await l.begin("user:e@x.cn", "10.0.0.3")).toMatchObject({ accountCount: 1, ipCount: 1 })
  })

  it("limits password reset requests per account", async () => {
    const l = memoryLimiter(settings)
    for (let i = 0; i < 5; i++) expect(await l.resetRequest("customer:f@x.cn", "10.0.0.4")).toBeNull()
    expect(await l.resetRequest("customer:f@x.cn", "10.0.0.4")).toBeGreaterThan(0)
  })

  it("normalises e-mails into account keys and words the refusal in Chinese, then English", () => {
    expect(accountKey("merchant", "  Boss@Shop.CN ")).toBe("merchant:boss@shop.cn")
    expect(accountKey("user", 42)).toBeNull()
    expect(lockedMessage(61)).toBe("登录失败次数过多，请 2 分钟后再试 (too many failed sign-ins; try again in 2 minutes)")
  })

  it("refuses a setting that would switch a limit off", () => {
    expect(() => loginLimitSettingsFromEnv({ LOGIN_MAX_FAILURES: "0" })).toThrow(/LOGIN_MAX_FAILURES/)
    expect(() => loginLimitSettingsFromEnv({ LOGIN_LOCK_SECONDS: "abc" })).toThrow(/LOGIN_LOCK_SECONDS/)
    expect(loginLimitSettingsFromEnv({ LOGIN_LOCK_SECONDS: "8" }).lockSeconds).toBe(8)
  })
})
