import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { localDate, addDays } from "../../src/modules/booking/utils/slots"
import expireBookingHolds from "../../src/jobs/expire-booking-holds"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"
import { eventually } from "../helpers/wait"

jest.setTimeout(300 * 1000)

const OPERATOR = { email: "ops@tongcheng.test", password: "ops-pass-1" }
const TZ = "Asia/Shanghai"
const HOUR = 3_600_000

/** A merchant-local wall time on a date, as an ISO instant (Shanghai has no DST). */
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    let shop: { merchant: any; token: string }
    let other: { merchant: any; token: string }
    let chairs: any // capacity 3
    let room: any // capacity 1
    let cut: any // offering on `chairs`
    let vip: any // offering on `room`
    let home: any // at-home offering
    let otherOffering: any
    let day: string // two days ahead, merchant-local
    let buyer: string // customer token

    const store = (extra: Record<string, string> = {}) => storeHeaders(pk, extra)
    const booking = () => getContainer().resolve("booking") as any
    const fail = (p: Promise<any>) => p.then((r) => r, (e) => e.response)

    async function approvedShop(email: string, seed: number, overrides = {}) {
      const s = await applyAsMerchant(api, email, seed, overrides)
      await api.post(`/admin/merchants/${s.merchant.id}/approve`, {}, admin)
      return s
    }

    async function addService(token: string, title: string, price = 100) {
      const res = await api.post("/vendor/products", { title, kind: "service", variants: [{ title: "标准", price }] }, bearer(token))
      return res.data.product
    }

    async function newCart(token?: string) {
      const headers = token ? store({ authorization: `Bearer ${token}` }) : store()
      // Guest carts get distinct e-mails: Medusa creates a guest customer per e-mail and races on it.
      const email = token ? "buyer@booking.test" : `guest-${Math.random().toString(36).slice(2)}@booking.test`
      const res = await fail(api.post("/store/carts", { region_id: regionId, email }, headers))
      if (res.status !== 200) throw new Error(`cart: ${res.status} ${JSON.stringify(res.data)}`)
      return res.data.cart.id as string
    }

    const hold = (cartId: string, body: Record<string, unknown>) =>
      api.post(`/store/carts/${cartId}/appointments`, body, store())

    async function pay(cartId: string) {
      await api.post(
        `/store/carts/${cartId}`,
        { shipping_address: { first_name: "小", last_name: "明", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000000" } },
        store()
      )
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, store())
      await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, store())
      return pc.payment_collection.id as string
    }
    const complete = (cartId: string) =>
      api.post(`/store/carts/${cartId}/complete`, {}, store()).catch((e) => {
        if (e.response) e.message = `${e.message}: ${JSON.stringify(e.response.data)}`
        throw e
      })

    /** Books, pays and completes one appointment for the buyer; returns the confirmed appointment. */
    async function bookAndPay(offeringId: string, startAt: string) {
      const cartId = await newCart(buyer)
      const h = await hold(cartId, { offering_id: offeringId, start_at: startAt })
      await pay(cartId)
      const done = await complete(cartId)
      expect(done.data.type).toBe("order")
      const mine = await api.get(`/store/appointments/${h.data.appointment.id}`, store({ authorization: `Bearer ${buyer}` }))
      return { appointment: mine.data.appointment, order: done.data.order, cartId }
    }

    /** A confirmed appointment written straight to the module, for states the clock would otherwise need. */
    async function seedConfirmed(offering: any, resourceId: string, start: Date, customerId: string | null, extra: any = {}) {
      const end = new Date(start.getTime() + offering.duration_minutes * 60_000)
      const [a] = await booking().createBookingAppointments([
        {
          merchant_id: offering.merchant_id,
          offering_id: offering.id,
          resource_id: resourceId,
          resource_capacity: resourceId === room.id ? 1 : 3,
          customer_id: customerId,
          status: "confirmed",
          party_size: 1,
          seats: 1,
          start_at: start,
          end_at: end,
          occupied_from: new Date(start.getTime() - offering.buffer_before_minutes * 60_000),
          occupied_to: new Date(end.getTime() + offering.buffer_after_minutes * 60_000),
          code: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
          confirmed_at: new Date(),
          ...extra,
        },
      ])
      return a
    }

    async function customerId(token: string) {
      const { data } = await api.get("/store/customers/me", store({ authorization: `Bearer ${token}` }))
      return data.customer.id as string
    }

    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      day = addDays(localDate(Date.now(), TZ), 2)

      shop = await approvedShop("salon@booking.test", 41, { name: "剪艺沙龙" })
      other = await approvedShop("other@booking.test", 42, { name: "隔壁美甲" })
      const auth = bearer(shop.token)
      chairs = (await api.post("/vendor/booking/resources", { kind: "staff", name: "剪发椅", capacity: 3 }, auth)).data.resource
      room = (await api.post("/vendor/booking/resources", { kind: "room", name: "VIP 包间", capacity: 1 }, auth)).data.resource
      const pCut = await addService(shop.token, "洗剪吹", 88)
      const pVip = await addService(shop.token, "VIP 护理", 388)
      const pHome = await addService(shop.token, "上门理发", 150)
      const base = { duration_minutes: 60, slot_step_minutes: 30, buffer_after_minutes: 15, min_notice_minutes: 120, horizon_days: 14 }
      cut = (await api.post("/vendor/booking/offerings", { ...base, variant_id: pCut.variants[0].id, resource_ids: [chairs.id], max_party: 2 }, auth)).data.offering
      vip = (await api.post("/vendor/booking/offerings", { ...base, variant_id: pVip.variants[0].id, resource_ids: [room.id], late_cancel_policy: "fee", late_cancel_fee: 50 }, auth)).data.offering
      home = (await api.post("/vendor/booking/offerings", { ...base, variant_id: pHome.variants[0].id, resource_ids: [chairs.id], location: "at_home", service_radius_km: 5 }, auth)).data.offering
      const otherChair = (await api.post("/vendor/booking/resources", { name: "美甲台", capacity: 2 }, bearer(other.token))).data.resource
      const pNail = await addService(other.token, "美甲", 120)
      otherOffering = (await api.post("/vendor/booking/offerings", { ...base, variant_id: pNail.variants[0].id, resource_ids: [otherChair.id] }, bearer(other.token))).data.offering
      buyer = await customerToken(api, pk, "buyer@booking.test")
    })

    it("books end to end: availability → hold → pay → confirmed with a code → QR check-in once → complete", async () => {
      const avail = await api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${cut.id}&date=${day}`, store())
      const ten = avail.data.slots.find((s: any) => s.start_at === at(day, "10:00"))
      expect(ten).toMatchObject({ remaining: 3, end_at: at(day, "11:00") })
      // The grid starts at opening and steps by 30 minutes; nothing ends after closing (22:00 or 02:00).
      expect(avail.data.slots[0].start_at).toBe(at(day, "10:00"))
      expect(avail.data.slots.some((s: any) => s.start_at === at(day, "10:15"))).toBe(false)

      const { appointment, order } = await bookAndPay(cut.id, at(day, "10:00"))
      expect(appointment.status).toBe("confirmed")
      expect(appointment.order_id).toBe(order.id)
      expect(appointment.code).toMatch(/^\d{8}$/)
      expect(appointment.qr_payload).toMatch(/^TCB1\.appt_/)
      const after = await api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${cut.id}&date=${day}`, store())
      expect(after.data.slots.find((s: any) => s.start_at === at(day, "10:00")).remaining).toBe(2)

      // The customer's list carries the code; the shop's calendar does not.
      const mine = await api.get("/store/appointments", store({ authorization: `Bearer ${buyer}` }))
      expect(mine.data.appointments.map((a: any) => a.id)).toEqual([appointment.id])
      const cal = await api.get(`/vendor/booking/calendar?date=${day}`, bearer(shop.token))
      const chairDay = cal.data.calendar.resources.find((r: any) => r.id === chairs.id)
      expect(chairDay.appointments.map((a: any) => a.id)).toEqual([appointment.id])
      expect(chairDay.appointments[0]).not.toHaveProperty("code")

      // Operators see the same day and the order's appointments.
      const adminCal = await api.get(`/admin/bookings/calendar?merchant_id=${shop.merchant.id}&date=${day}`, admin)
      expect(adminCal.data.calendar.resources.find((r: any) => r.id === chairs.id).appointments).toHaveLength(1)
      const byOrder = await api.get(`/admin/bookings/appointments?order_id=${order.id}`, admin)
      expect(byOrder.data.appointments.map((a: any) => [a.id, a.offering_name])).toEqual([[appointment.id, "洗剪吹"]])

      // Wrong code, a forged QR, another shop's clerk: refused and logged.
      const wrong = await fail(api.post("/vendor/booking/check-in", { code: "12345678" }, bearer(shop.token)))
      expect(wrong.status).toBe(400)
      const forged = appointment.qr_payload.slice(0, -3) + "AAA"
      expect((await fail(api.post("/vendor/booking/check-in", { qr: forged }, bearer(shop.token)))).status).toBe(400)
      expect((await fail(api.post("/vendor/booking/check-in", { code: appointment.code }, bearer(other.token)))).status).toBe(400)

      const ok = await api.post("/vendor/booking/check-in", { qr: appointment.qr_payload }, bearer(shop.token))
      expect(ok.data.appointment.status).toBe("checked_in")
      const reused = await fail(api.post("/vendor/booking/check-in", { code: appointment.code }, bearer(shop.token)))
      expect(reused.status).toBe(409)
      expect(reused.data.message).toContain("已")

      const log = await api.get("/vendor/booking/redemptions", bearer(shop.token))
      expect(log.data.attempts.map((a: any) => a.result).sort()).toEqual(["ok", "reused", "wrong", "wrong"])
      expect(JSON.stringify(log.data.attempts)).not.toContain(appointment.code)

      const done = await api.post(`/vendor/booking/appointments/${appointment.id}/complete`, {}, bearer(shop.token))
      expect(done.data.appointment.status).toBe("completed")
      // The service done in the shop earns the customer points on what was paid (1 per yuan), once.
      const points = async () => (await api.get("/store/customers/me/points", store({ authorization: `Bearer ${buyer}` }))).data
      const earned = await eventually(points, (p) => p.balance > 0)
      expect(earned.balance).toBe(Math.floor(Number(order.total)))
      expect(earned.entries.map((e: any) => [e.kind, e.order_id])).toEqual([["earn", order.id]])
      // Another shop cannot see or act on it.
      const foreign = await fail(api.post(`/vendor/booking/appointments/${appointment.id}/complete`, {}, bearer(other.token)))
      expect(foreign.status).toBe(404)
    })

    it("200 concurrent holds on one slot of a capacity-3 resource: exactly 3 win, 197 get 409 with a message", async () => {
      const carts: string[] = []
      for (let i = 0; i < 200; i += 25) {
        carts.push(...(await Promise.all(Array.from({ length: 25 }, () => newCart()))))
      }
      const start = at(day, "14:00")
      const results = await Promise.all(carts.map((c) => fail(hold(c, { offering_id: cut.id, start_at: start }))))
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(3)
      expect(statuses.filter((s) => s === 409)).toHaveLength(197)
      for (const r of results.filter((r) => r.status === 409)) expect(r.data.message).toContain("约满")

      const rows = await booking().listBookingAppointments({ resource_id: chairs.id, start_at: new Date(start), status: ["held"] })
      expect(rows).toHaveLength(3)
      // Losers' carts stay empty; winners' carts hold exactly the booked line.
      const winners = results.filter((r) => r.status === 201).map((r) => r.data.appointment)
      const { data: wc } = await api.get(`/store/carts/${winners[0].cart_id}`, store())
      expect(wc.cart.items.map((i: any) => i.metadata.appointment_id)).toEqual([winners[0].id])
      const loserCart = carts.find((c) => !winners.some((w: any) => w.cart_id === c))!
      expect((await api.get(`/store/carts/${loserCart}`, store())).data.cart.items).toEqual([])

      const avail = await api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${cut.id}&date=${day}`, store())
      expect(avail.data.slots.some((s: any) => s.start_at === start)).toBe(false)
    })

    it("reschedules colliding with new bookings never exceed capacity, and a losing reschedule keeps its old slot", async () => {
      const cust = await customerId(buyer)
      const target = at(day, "17:00")
      // Ten confirmed appointments spread over earlier slots (at most 3 per slot).
      const sources: any[] = []
      for (let i = 0; i < 10; i++) {
        const slot = ["10:30", "11:30", "12:30", "13:30"][i % 4]
        sources.push(await seedConfirmed(cut, chairs.id, new Date(at(day, slot)), cust))
      }
      const carts = await Promise.all(Array.from({ length: 20 }, () => newCart()))
      const auth = store({ authorization: `Bearer ${buyer}` })
      const calls = [
        ...sources.map((a) => fail(api.post(`/store/appointments/${a.id}/reschedule`, { start_at: target }, auth)).then((r) => ({ kind: "move", a, r }))),
        ...carts.map((c) => fail(hold(c, { offering_id: cut.id, start_at: target })).then((r) => ({ kind: "hold", a: null, r }))),
      ]
      const results = await Promise.all(calls)
      const winners = results.filter((x) => x.r.status === 200 || x.r.status === 201)
      expect(winners).toHaveLength(3)
      expect(results.filter((x) => x.r.status === 409)).toHaveLength(27)

      const live = await booking().listBookingAppointments({ resource_id: chairs.id, start_at: new Date(target), status: ["held", "confirmed"] })
      expect(live).toHaveLength(3)
      for (const x of results.filter((x) => x.kind === "move")) {
        const [now] = await booking().listBookingAppointments({ id: x.a.id })
        const moved = x.r.status === 200
        expect(new Date(now.start_at).toISOString()).toBe(moved ? target : new Date(x.a.start_at).toISOString())
        expect(now.status).toBe("confirmed")
        expect((now.reschedules ?? []).length).toBe(moved ? 1 : 0)
      }
    })

    it("a hold that expires before completion fails the checkout with a clear 409 and nothing is charged", async () => {
      const cartId = await newCart(buyer)
      const h = await hold(cartId, { offering_id: vip.id, start_at: at(day, "15:00") })
      const pcId = await pay(cartId)
      // The clock runs out, the job marks it, and someone else takes the single room.
      await booking().updateBookingAppointments({ id: h.data.appointment.id, expires_at: new Date(Date.now() - 1000) })
      expect(await expireBookingHolds(getContainer())).toBeGreaterThanOrEqual(1)
      const rival = await hold(await newCart(), { offering_id: vip.id, start_at: at(day, "15:00") })
      expect(rival.status).toBe(201)

      const res = await fail(complete(cartId))
      expect(res.status).toBe(409)
      expect(res.data.message).toContain("预约保留已过期")
      expect(res.data.message).toContain("nothing was charged")
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: carts } = await query.graph({ entity: "cart", fields: ["id", "completed_at"], filters: { id: cartId } })
      expect(carts[0].completed_at).toBeFalsy()
      const { data: pcs } = await query.graph({
        entity: "payment_collection",
        fields: ["id", "status", "payment_sessions.status", "payments.id"],
        filters: { id: pcId },
      })
      expect(pcs[0].payment_sessions.map((s: any) => s.status)).not.toContain("authorized")
      expect(pcs[0].payments ?? []).toHaveLength(0)

      // Opening a new payment session for a lost hold is refused too.
      const again = await fail(api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: "pp_system_default" }, store()))
      expect(again.status).toBe(409)
    })

    it("a hold expiring while its cart completes ends in exactly one consistent state", async () => {
      const cartId = await newCart(buyer)
      const h = await hold(cartId, { offering_id: vip.id, start_at: at(day, "19:00") })
      await pay(cartId)
      await booking().updateBookingAppointments({ id: h.data.appointment.id, expires_at: new Date(Date.now() + 150) })
      const [res] = await Promise.all([
        fail(complete(cartId)),
        new Promise((r) => setTimeout(r, 150)).then(() => expireBookingHolds(getContainer())),
      ])
      const [appt] = await booking().listBookingAppointments({ id: h.data.appointment.id })
      if (res.status === 200) {
        expect(res.data.type).toBe("order")
        expect(appt.status).toBe("confirmed")
        expect(appt.order_id).toBe(res.data.order.id)
      } else {
        expect(res.status).toBe(409)
        expect(["expired", "held"]).toContain(appt.status)
        expect(appt.order_id).toBeNull()
      }
      // Whichever won, the single room is taken at most once.
      const live = await booking().listBookingAppointments({ resource_id: room.id, status: ["confirmed"], start_at: new Date(at(day, "19:00")) })
      expect(live.length).toBeLessThanOrEqual(1)
    })

    it("removing the line releases the hold at once; a booked line's quantity cannot be raised", async () => {
      const cartId = await newCart()
      const h = await hold(cartId, { offering_id: vip.id, start_at: at(day, "11:00") })
      const lineId = h.data.appointment.line_item_id
      const bump = await fail(api.post(`/store/carts/${cartId}/line-items/${lineId}`, { quantity: 3 }, store()))
      expect(bump.status).toBe(400)
      expect(bump.data.message).toContain("quantity")
      // The room is single-seat: a second customer is refused while the hold lives…
      expect((await fail(hold(await newCart(), { offering_id: vip.id, start_at: at(day, "11:00") }))).status).toBe(409)
      await api.delete(`/store/carts/${cartId}/line-items/${lineId}`, store())
      const [released] = await booking().listBookingAppointments({ id: h.data.appointment.id })
      expect(released.status).toBe("cancelled")
      // …and takes it right after the removal.
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: at(day, "11:00") })).status).toBe(201)
    })

    it("bad input names the rule: off grid, past, notice, horizon, hours, closure, other shop, party size, radius", async () => {
      const cartId = await newCart()
      const soon = new Date(Date.now() + 30 * 60_000)
      soon.setUTCMinutes(soon.getUTCMinutes() < 30 ? 30 : 60, 0, 0)
      await api.post("/vendor/booking/closures", { starts_at: at(day, "19:00"), ends_at: at(day, "20:30"), reason: "员工培训" }, bearer(shop.token))
      const cases: Array<[string, Record<string, unknown>, number, string]> = [
        ["off grid", { offering_id: cut.id, start_at: at(day, "10:10") }, 400, "slot_off_grid"],
        ["past", { offering_id: cut.id, start_at: new Date(Date.now() - HOUR).toISOString() }, 400, "slot_in_past"],
        ["min notice", { offering_id: cut.id, start_at: soon.toISOString() }, 400, "before_min_notice"],
        ["horizon", { offering_id: cut.id, start_at: at(addDays(day, 30), "10:00") }, 400, "beyond_horizon"],
        ["before opening", { offering_id: cut.id, start_at: at(day, "08:00") }, 400, "outside_hours"],
        ["closure", { offering_id: cut.id, start_at: at(day, "19:30") }, 409, "closed"],
        ["party size", { offering_id: cut.id, start_at: at(day, "12:00"), party_size: 5 }, 400, "party_size"],
        ["radius", { offering_id: home.id, start_at: at(day, "12:00"), address: { lat: 31.0, lng: 121.0 } }, 400, "outside_radius"],
        ["garbage time", { offering_id: cut.id, start_at: "tomorrow-ish" }, 400, "start_at"],
      ]
      for (const [name, body, status, rule] of cases) {
        const res = await fail(hold(cartId, body))
        expect({ name, status: res.status, message: res.data.message }).toEqual({ name, status, message: expect.stringContaining(rule) })
      }
      // The at-home service inside the radius works.
      expect((await hold(cartId, { offering_id: home.id, start_at: at(day, "12:00"), address: { lat: 31.23, lng: 121.45 } })).status).toBe(201)
      // Another shop's offering in this shop's cart, and on this shop's availability.
      const mixed = await fail(hold(cartId, { offering_id: otherOffering.id, start_at: at(day, "12:00") }))
      expect([mixed.status, mixed.data.message.includes("offering_merchant")]).toEqual([400, true])
      const foreign = await fail(api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${otherOffering.id}&date=${day}`, store()))
      expect([foreign.status, foreign.data.message.includes("offering_merchant")]).toEqual([400, true])
      const wide = await fail(api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${cut.id}&date=${day}&to=${addDays(day, 20)}`, store()))
      expect(wide.status).toBe(400)
      // Availability honours the closure as well.
      const avail = await api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${cut.id}&date=${day}`, store())
      expect(avail.data.slots.some((s: any) => s.start_at === at(day, "18:30"))).toBe(false) // would run into it
      expect(avail.data.slots.some((s: any) => s.start_at === at(day, "20:00"))).toBe(false)
      expect(avail.data.slots.some((s: any) => s.start_at === at(day, "20:30"))).toBe(true)
      // A vendor cannot point an offering at another shop's variant or resource.
      const pNail = (await api.get("/vendor/products", bearer(other.token))).data.products[0]
      const steal = await fail(api.post("/vendor/booking/offerings", { duration_minutes: 30, variant_id: pNail.variants[0].id, resource_ids: [chairs.id] }, bearer(shop.token)))
      expect([steal.status, steal.data.message.includes("variant_id")]).toEqual([400, true])
      const foreignRes = await fail(api.post(`/vendor/booking/resources/${chairs.id}`, { capacity: 9 }, bearer(other.token)))
      expect(foreignRes.status).toBe(404)
    })

    it("cancelling a captured booking refunds it through Medusa's refund flow, minus the late fee", async () => {
      const auth = store({ authorization: `Bearer ${buyer}` })
      const { appointment, order } = await bookAndPay(vip.id, at(day, "15:00"))
      const container = getContainer()
      const query: any = container.resolve("query")
      const paymentOf = async (): Promise<any> =>
        (
          await query.graph({
            entity: "order",
            fields: ["payment_collections.payments.id", "payment_collections.payments.refunds.amount"],
            filters: { id: order.id },
          })
        ).data[0].payment_collections[0].payments[0]
      const payment = await paymentOf()
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const res = await api.post(`/store/appointments/${appointment.id}/cancel`, {}, auth)
      expect(res.data.appointment.cancellation).toMatchObject({ refund_status: "refunded", refunded_amount: 388 })
      const after = await paymentOf()
      expect(after.refunds.map((r: any) => Number(r.amount))).toEqual([388])
      // Cancelling again is refused and refunds nothing more.
      const again = await fail(api.post(`/store/appointments/${appointment.id}/cancel`, {}, auth))
      expect(again.status).toBe(400)
      expect((await paymentOf()).refunds).toHaveLength(1)
    })

    it("customer cancel is free inside the window and charged by policy after it; no-show only after the start", async () => {
      const cust = await customerId(buyer)
      const auth = store({ authorization: `Bearer ${buyer}` })
      const { appointment } = await bookAndPay(vip.id, at(day, "13:00"))
      const freeCancel = await api.post(`/store/appointments/${appointment.id}/cancel`, { reason: "临时有事" }, auth)
      expect(freeCancel.data.appointment.status).toBe("cancelled")
      expect(freeCancel.data.appointment.cancellation).toMatchObject({ free: true, paid: 388, fee: 0, refund_amount: 388 })
      // Medusa's system provider only authorises: no money was taken, so none is sent back.
      expect(freeCancel.data.appointment.cancellation).toMatchObject({ refund_status: "not_captured", refunded_amount: 0 })
      // The slot is free again.
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: at(day, "13:00") })).status).toBe(201)

      // Starts in 90 minutes: inside the 120-minute window, so the 50 yuan fee applies.
      const late = await seedConfirmed(vip, room.id, new Date(Date.now() + 90 * 60_000), cust)
      const lateCancel = await api.post(`/store/appointments/${late.id}/cancel`, {}, auth)
      expect(lateCancel.data.appointment.cancellation).toMatchObject({ free: false, policy: "fee" })
      // Too late to reschedule, too.
      const late2 = await seedConfirmed(vip, room.id, new Date(Date.now() + 60 * 60_000), cust)
      const tooLate = await fail(api.post(`/store/appointments/${late2.id}/reschedule`, { start_at: at(day, "16:00") }, auth))
      expect([tooLate.status, tooLate.data.message.includes("free_cancel_window")]).toEqual([400, true])

      // Someone else's appointment is invisible to this customer.
      const stranger = await customerToken(api, pk, "stranger@booking.test")
      const peek = await fail(api.post(`/store/appointments/${late2.id}/cancel`, {}, store({ authorization: `Bearer ${stranger}` })))
      expect(peek.status).toBe(404)

      const future = await seedConfirmed(vip, room.id, new Date(at(day, "09:00")), cust)
      const early = await fail(api.post(`/vendor/booking/appointments/${future.id}/no-show`, {}, bearer(shop.token)))
      expect(early.status).toBe(400)
      const past = await seedConfirmed(vip, room.id, new Date(Date.now() - 2 * HOUR), cust)
      const noShow = await api.post(`/vendor/booking/appointments/${past.id}/no-show`, {}, bearer(shop.token))
      expect(noShow.data.appointment.status).toBe("no_show")
    })

    it("the database refuses an overlapping live booking of a single-seat resource even without the lock", async () => {
      const start = new Date(at(day, "18:00"))
      await seedConfirmed(vip, room.id, start, null)
      await expect(seedConfirmed(vip, room.id, new Date(start.getTime() + 30 * 60_000), null)).rejects.toThrow()
      // A cancelled one does not block.
      const [c] = await booking().listBookingAppointments({ resource_id: room.id, start_at: start })
      await booking().updateBookingAppointments({ id: c.id, status: "cancelled" })
      await expect(seedConfirmed(vip, room.id, new Date(start.getTime() + 30 * 60_000), null)).resolves.toBeTruthy()
    })
  },
})
