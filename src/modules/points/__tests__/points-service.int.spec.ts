import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { POINTS_MODULE } from ".."
import { PointsAccount, PointsEntry } from "../models"
import type PointsModuleService from "../service"

jest.setTimeout(60 * 1000)

moduleIntegrationTestRunner<PointsModuleService>({
  moduleName: POINTS_MODULE,
  moduleModels: [PointsAccount, PointsEntry],
  resolve: "./src/modules/points",
  testSuite: ({ service }) => {
    const post = (o: Partial<Parameters<PointsModuleService["post"]>[0]> & { delta: number; idempotency_key: string }) =>
      service.post({ customer_id: "cus_1", kind: "adjust", ...o })

    it("books a key once: a replay returns the first entry and changes nothing", async () => {
      const first = await post({ kind: "earn", delta: 88, idempotency_key: "earn:order_1", order_id: "order_1" })
      const again = await post({ kind: "earn", delta: 88, idempotency_key: "earn:order_1", order_id: "order_1" })
      expect(first.replayed).toBe(false)
      expect(again).toMatchObject({ replayed: true, entry: { id: first.entry.id } })
      expect(await service.getBalance("cus_1")).toBe(88)
    })

    it("refuses a debit beyond the balance, or clamps it to what is there and records the shortfall", async () => {
      await post({ delta: 50, idempotency_key: "a1" })
      await expect(post({ delta: -51, idempotency_key: "a2" })).rejects.toThrow("积分不足")
      expect(await service.getBalance("cus_1")).toBe(50)
      const clamped = await post({ kind: "reverse_earn", delta: -80, idempotency_key: "r1", mode: "clamp" })
      expect(clamped.entry).toMatchObject({ delta: -50, balance_after: 0, metadata: { intended: 80, shortfall: 30 } })
    })

    it("never gives back more than an order spent, nor reverses more than it earned", async () => {
      await post({ delta: 1000, idempotency_key: "g" })
      await post({ kind: "spend", delta: -600, order_id: "o", idempotency_key: "spend:o" })
      await post({ kind: "refund_spend", delta: 400, order_id: "o", idempotency_key: "rs:1", cap: "order_spent" })
      const rest = await post({ kind: "refund_spend", delta: 600, order_id: "o", idempotency_key: "cancel:o", cap: "order_spent" })
      expect(rest.entry.delta).toBe(200)
      await post({ kind: "earn", delta: 100, order_id: "o", idempotency_key: "earn:o" })
      await post({ kind: "reverse_earn", delta: -70, order_id: "o", idempotency_key: "re:1", cap: "order_earned", mode: "clamp" })
      const capped = await post({ kind: "reverse_earn", delta: -70, order_id: "o", idempotency_key: "re:2", cap: "order_earned", mode: "clamp" })
      expect(capped.entry.delta).toBe(-30)
      expect(await service.getBalance("cus_1")).toBe(1000)
    })

    it("50 concurrent debits on one account: exactly as many succeed as the balance covers, ledger sums to balance", async () => {
      await post({ delta: 100, idempotency_key: "seed" })
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => post({ kind: "spend", delta: -7, idempotency_key: `s${i}`, order_id: `o${i}` }))
      )
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(14)
      expect(await service.getBalance("cus_1")).toBe(2)
      const entries = await service.listPointsEntries({ customer_id: "cus_1" })
      expect(entries.reduce((s, e) => s + Number(e.delta), 0)).toBe(2)
    })
  },
})
