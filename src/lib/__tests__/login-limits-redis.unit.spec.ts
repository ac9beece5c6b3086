import Redis from "ioredis"
import { DEFAULT_LOGIN_LIMITS, redisLimiter, type Attempt } from "../login-limits"

const redisUrl = process.env.TEST_REDIS_URL || process.env.REDIS_URL

if (!redisUrl) {
  describe("login limits on Redis", () => {
    it.skip("skipped: REDIS_URL is not set, so the shared Redis counts are not tested", () => {})
  })
} else {
  describe("login limits on Redis", () => {
    // Two limiters on one Redis stand for two server instances behind a load balancer.
    // Connected first: before that, each would count in its own memory (the fallback for a Redis outage).
    const clients = [new Redis(redisUrl), new Redis(redisUrl)]
    const [a, b] = clients.map((c) => redisLimiter(DEFAULT_LOGIN_LIMITS, c))
    beforeAll(async () => {
      await Promise.all(clients.map((c) => (c.status === "ready" ? null : new Promise((r) => c.once("ready", r)))))
    })
    afterAll(async () => {
      await a.close()
      await b.close()
    })

    it("shares failures between server instances, so spreading guesses over them does not help", async () => {
      const account = `customer:spread-${Date.now()}@x.cn`
      const ip = `10.77.${Date.now() % 250}.1`
      for (let i = 0; i < 5; i++) {
        const server = i % 2 ? b : a
        await server.failed((await server.begin(account, ip)) as Attempt)
      }
      expect(await a.begin(account, ip)).toEqual({ retryAfterSeconds: expect.any(Number) })
      expect(await b.begin(account, "10.78.0.1")).toEqual({ retryAfterSeconds: expect.any(Number) })
    })
  })
}
