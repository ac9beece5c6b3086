import fs from "node:fs"
import path from "node:path"
import {
  appointmentActions,
  derivedOrderStatus,
  invariantViolations,
  orderActions,
  TRANSITION_TABLE,
  type OrderFacts,
} from "../lifecycle"

const paid = { authorized_fen: 12800, captured_fen: 12800, refunded_fen: 0, canceled: false }
const inStore = { authorized_fen: 12800, captured_fen: 0, refunded_fen: 0, canceled: false }
const soon = new Date(Date.now() + 3600_000)
const later = new Date(Date.now() + 7200_000)
const facts = (over: Partial<OrderFacts>): OrderFacts => ({ status: "new", payment: paid, appointments: [], vouchers: [], ...over })
const appt = (status: any, start = soon) => ({ id: "appt_1", status, start_at: start, end_at: later })

describe("order lifecycle table", () => {
  it("the transition table in docs/order.md is the code's, row for row", () => {
    const doc = fs.readFileSync(path.join(__dirname, "../../../../docs/order.md"), "utf8")
    for (const r of TRANSITION_TABLE) {
      expect(doc).toContain(`| ${r.entity} | ${r.from} | ${r.action} | ${r.actor} | ${r.to} | ${r.guard ?? ""} |`)
    }
  })

  it("a shop can reject until something is served, and never after 核销, completion or a no-show", () => {
    expect(orderActions(facts({ appointments: [appt("confirmed")] }), "shop")).toEqual(["accept", "reject"])
    expect(orderActions(facts({ status: "accepted", appointments: [appt("confirmed")] }), "shop")).toEqual(["reject"])
    for (const s of ["checked_in", "completed", "no_show"]) {
      expect(orderActions(facts({ status: "accepted", appointments: [appt(s)] }), "shop")).not.toContain("reject")
    }
    expect(orderActions(facts({ status: "accepted", vouchers: [{ id: "v1", status: "redeemed" }, { id: "v2", status: "unused" }] }), "shop")).toEqual([])
  })

  it("only goods orders have 备好 and 完成; bookings and vouchers complete themselves", () => {
    expect(orderActions(facts({ status: "accepted" }), "shop")).toEqual(["reject", "ready", "complete"])
    expect(orderActions(facts({ status: "ready" }), "shop")).toEqual(["reject", "complete"])
    expect(orderActions(facts({ status: "accepted", vouchers: [{ id: "v1", status: "unused" }] }), "shop")).toEqual(["reject"])
    expect(orderActions(facts({ status: "completed" }), "shop")).toEqual([])
  })

  it("the order follows its units: accepted at the first 核销, completed when all are settled, cancelled when none was served", () => {
    expect(derivedOrderStatus(facts({ appointments: [appt("checked_in")] }))).toBe("accepted")
    expect(derivedOrderStatus(facts({ status: "accepted", appointments: [appt("completed")] }))).toBe("completed")
    expect(derivedOrderStatus(facts({ status: "accepted", appointments: [appt("no_show")] }))).toBe("completed")
    expect(derivedOrderStatus(facts({ vouchers: [{ id: "v1", status: "redeemed" }, { id: "v2", status: "refunded" }] }))).toBe("completed")
    // Everything cancelled and refunded: cancelled. A late-cancel fee kept: the order closed as done.
    const refunded = { ...paid, refunded_fen: 12800 }
    expect(derivedOrderStatus(facts({ payment: refunded, appointments: [appt("cancelled")] }))).toBe("cancelled")
    expect(derivedOrderStatus(facts({ appointments: [appt("cancelled")] }))).toBe("completed")
    expect(derivedOrderStatus(facts({ status: "rejected", appointments: [appt("cancelled")] }))).toBeNull()
    expect(derivedOrderStatus(facts({ appointments: [appt("confirmed")] }))).toBeNull()
    expect(derivedOrderStatus(facts({}))).toBeNull()
  })

  it("appointment buttons: 核销 while confirmed, 未到店 after the start, 完成服务 only once checked in and started", () => {
    const f = facts({ appointments: [appt("confirmed")] })
    expect(appointmentActions(f, appt("confirmed"), "shop")).toEqual(["redeem"])
    const started = appt("confirmed", new Date(Date.now() - 60_000))
    expect(appointmentActions(f, started, "shop")).toEqual(["redeem", "no_show"])
    expect(appointmentActions(f, appt("checked_in"), "shop")).toEqual([])
    expect(appointmentActions(f, appt("checked_in", new Date(Date.now() - 60_000)), "shop")).toEqual(["complete"])
    expect(appointmentActions(facts({ status: "rejected" }), appt("confirmed"), "shop")).toEqual([])
  })

  it("the operator can refund what is held, and review needs a completed order or a served appointment", () => {
    expect(orderActions(facts({ status: "completed" }), "operator")).toEqual(["refund"])
    expect(orderActions(facts({ status: "completed", payment: { ...paid, refunded_fen: 12800 } }), "operator")).toEqual([])
    expect(orderActions(facts({ payment: inStore }), "operator")).toEqual(["refund"])
    expect(orderActions(facts({ status: "completed" }), "customer")).toEqual(["review"])
    expect(orderActions(facts({ status: "completed", reviewed: true }), "customer")).toEqual([])
    expect(orderActions(facts({ status: "accepted", appointments: [appt("completed")] }), "customer")).toEqual(["review"])
    expect(orderActions(facts({ status: "rejected" }), "customer")).toEqual([])
    expect(orderActions(facts({}), "customer")).toEqual(["cancel"])
  })

  it("names every broken invariant", () => {
    expect(invariantViolations(facts({ status: "rejected" }))).toEqual(["rejected with 12800 fen captured and not refunded"])
    expect(invariantViolations(facts({ status: "cancelled", payment: inStore }))).toEqual(["cancelled with an open authorization"])
    expect(invariantViolations(facts({ status: "completed", payment: inStore }))).toEqual(["completed without a captured payment"])
    expect(invariantViolations(facts({ status: "rejected", payment: { ...paid, refunded_fen: 12800 }, appointments: [appt("checked_in")] }))).toEqual([
      "rejected with a live appointment",
      "rejected after a unit was served",
    ])
    expect(invariantViolations(facts({ status: "completed", payment: { ...paid, refunded_fen: 12800 } }))).toEqual([])
  })
})
