import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"

jest.setTimeout(120 * 1000)

// scripts/test.js hands REDIS_URL over as TEST_REDIS_URL so that only this suite boots on Redis.
const redisUrl = process.env.TEST_REDIS_URL || process.env.REDIS_URL

if (!redisUrl) {
  describe("Redis modules", () => {
    it.skip("skipped: REDIS_URL is not set, so the Redis event bus/workflow engine/locking/caching are not tested", () => {})
    // eslint-disable-next-line no-console
    console.log("skipped: REDIS_URL is not set; the Redis modules suite did not run")
  })
} else {
  // medusa-config.ts reads REDIS_URL when the runner loads it, which happens after this line.
  process.env.REDIS_URL = redisUrl

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      afterAll(() => {
        delete process.env.REDIS_URL
      })

      it("boots on Medusa's Redis event bus, workflow engine, locking and caching modules", async () => {
        const container = getContainer()
        expect((await api.get("/health")).status).toBe(200)
        expect(container.resolve(Modules.EVENT_BUS).constructor.name).toBe("RedisEventBusService")
        const engine = container.resolve(Modules.WORKFLOW_ENGINE) as any
        expect(engine.constructor.name).toMatch(/WorkflowsModuleService/)
        // Both engines share a class name; only the Redis one publishes through an ioredis client,
        // and it must be connected to the server REDIS_URL names.
        const publisher = engine.workflowOrchestratorService_?.redisPublisher
        expect(publisher?.status).toBe("ready")
        expect(String(publisher?.options?.port)).toBe(new URL(redisUrl!).port || "6379")

        const locking = container.resolve(Modules.LOCKING) as any
        const value = await locking.execute("tc-redis-test", async () => "locked-work-done", {
          provider: "locking-redis",
        })
        expect(value).toBe("locked-work-done")

        const caching = container.resolve(Modules.CACHING) as any
        await caching.set({ key: "tc-redis-test", data: { ok: "同城" }, providers: ["caching-redis"] })
        expect(await caching.get({ key: "tc-redis-test", providers: ["caching-redis"] })).toEqual({ ok: "同城" })
      })

      it("delivers an event emitted by a workflow to a subscriber through Redis", async () => {
        const container = getContainer()
        const eventBus = container.resolve(Modules.EVENT_BUS)
        const received: any[] = []
        eventBus.subscribe("customer.created", async (event: any) => {
          received.push(event)
        })

        const { result } = await createCustomersWorkflow(container).run({
          input: { customersData: [{ email: "redis-subscriber@tongcheng.test", first_name: "小红" }] },
        })

        const deadline = Date.now() + 15000
        while (!received.length && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100))
        }
        expect(received.map((e) => e.data.id)).toContain(result[0].id)
      })
    },
  })
}
