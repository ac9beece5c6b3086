import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { localDate, addDays } from "../../src/modules/booking/utils/slots"
import expireBookingHolds from "../../src/jobs/expire-booking-holds"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken, merchantApplication } from "../helpers/merchant"
import { eventually } from "../helpers/wait"
import { shiftAppointment } from "../helpers/serve"

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
    let day: string // two to four days ahead, merchant-local, never right after an overnight evening
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

    /** Each cart's headers: a customer's cart is used with their token (issue 18), a guest cart without. */
    const cartHeaders = new Map<string, ReturnType<typeof store>>()
    const forCart = (cartId: string) => cartHeaders.get(cartId) ?? store()

    async function newCart(token?: string) {
      const headers = token ? store({ authorization: `Bearer ${token}` }) : store()
      // Guest carts get distinct e-mails: Medusa creates a guest customer per e-mail and races on it.
      const email = token ? "buyer@booking.test" : `guest-${Math.random().toString(36).slice(2)}@booking.test`
      const res = await fail(api.post("/store/carts", { region_id: regionId, email }, headers))
      if (res.status !== 200) throw new Error(`cart: ${res.status} ${JSON.stringify(res.data)}`)
      cartHeaders.set(res.data.cart.id, headers)
      return res.data.cart.id as string
    }

    const hold = (cartId: string, body: Record<string, unknown>) =>
      api.post(`/store/carts/${cartId}/appointments`, body, forCart(cartId))

    async function pay(cartId: string) {
      await api.post(
        `/store/carts/${cartId}`,
        { shipping_address: { first_name: "小", last_name: "明", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000000" } },
        forCart(cartId)
      )
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, forCart(cartId))
      await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, forCart(cartId))
      return pc.payment_collection.id as string
    }
    const complete = (cartId: string) =>
      api.post(`/store/carts/${cartId}/complete`, {}, forCart(cartId)).catch((e) => {
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

    /** Moves a booking in time, keeping its length and buffers: the 核销 window follows the real clock. */
    const shiftTo = (appointmentId: string, start: Date) => shiftAppointment(getContainer(), appointmentId, start)

    async function customerId(token: string) {
      const { data } = await api.get("/store/customers/me", store({ authorization: `Bearer ${token}` }))
      return data.customer.id as string
    }

    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      // Where the test shop's evening runs past midnight (02:00 on Fridays and Saturdays), the next day's grid
      // starts with that spill (unit-tested in slots.unit.spec); the 10:00 opening asserted here needs a day
      // whose evening before closes by midnight.
      const weekly = (merchantApplication(41) as any).business_hours.weekly as Record<string, { open: string; close: string }[]>
      const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
      const followsOvernight = (d: string) =>
        (weekly[WEEKDAYS[(new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7]] ?? []).some((h) => h.close <= h.open)
      day = addDays(localDate(Date.now(), TZ), 2)
      while (followsOvernight(day)) day = addDays(day, 1)

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
      // Whom to call: the name and mobile given at checkout, and the order number the customer sees.
      expect(chairDay.appointments[0]).toMatchObject({ order_display_id: order.display_id, contact: { name: "明小", phone: "13900000000" } })

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

      // The customer turns up: the slot has begun (核销 is only open around it, see the window test).
      await shiftTo(appointment.id, new Date(Date.now() - 5 * 60_000))
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

    it("核销 only inside the offering's window: too early and too late are refused in shop time and logged; 仍要核销 needs a reason and is logged with it; 完成 only after the start", async () => {
      const auth = bearer(shop.token)
      const MIN = 60_000
      const product = await addService(shop.token, "头皮护理", 168)
      const created = await fail(
        api.post(
          "/vendor/booking/offerings",
          { variant_id: product.variants[0].id, duration_minutes: 60, resource_ids: [chairs.id], redeem_before_minutes: 20, redeem_grace_minutes: 10 },
          auth
        )
      )
      expect(created.status).toBe(201)
      const care = created.data.offering
      expect(care).toMatchObject({ redeem_before_minutes: 20, redeem_grace_minutes: 10 })
      // Defaults for an offering that does not say, and the bounds (0..1440) name the field.
      expect(cut).toMatchObject({ redeem_before_minutes: 30, redeem_grace_minutes: 60 })
      for (const body of [{ redeem_before_minutes: 1441 }, { redeem_grace_minutes: -1 }, { redeem_before_minutes: 2.5 }]) {
        const r = await fail(api.post(`/vendor/booking/offerings/${care.id}`, body, auth))
        expect({ body, status: r.status, named: String(r.data.message).includes(Object.keys(body)[0]) }).toEqual({ body, status: 400, named: true })
      }
      const edited = await api.post(`/vendor/booking/offerings/${care.id}`, { redeem_grace_minutes: 15 }, auth)
      expect(edited.data.offering).toMatchObject({ redeem_before_minutes: 20, redeem_grace_minutes: 15 })
      // The storefront's list of services carries the window too.
      const listed = (await api.get(`/store/merchants/${shop.merchant.id}/offerings`, store())).data.offerings.find((o: any) => o.id === care.id)
      expect(listed).toMatchObject({ redeem_before_minutes: 20, redeem_grace_minutes: 15 })

      const cust = await customerId(buyer)
      const hm = (ms: number) => new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(ms))
      const checkIn = (body: Record<string, unknown>) => fail(api.post("/vendor/booking/check-in", body, auth))
      const attemptsOf = async (id: string) =>
        (await api.get("/vendor/booking/redemptions", auth)).data.attempts.filter((a: any) => a.appointment_id === id)
      const statusOf = async (id: string) => (await booking().listBookingAppointments({ id }))[0].status

      // An hour ahead: the window opens 20 minutes before the start.
      const early = await seedConfirmed(care, chairs.id, new Date(Date.now() + 60 * MIN), cust)
      const start = new Date(early.start_at).getTime()
      const tooEarly = await checkIn({ code: early.code })
      expect(tooEarly.status).toBe(400)
      expect(tooEarly.data.message).toMatch(/^核销时间未到：可于 /)
      expect(tooEarly.data.message).toContain(`${hm(start - 20 * MIN)} 起核销（预约 `)
      expect(tooEarly.data.message).toContain(`${hm(start)}–`)
      expect(tooEarly.data.message).toContain(`(redeem_too_early: too early to redeem, allowed from `)
      expect(await statusOf(early.id)).toBe("confirmed")
      const [refusedLog] = await attemptsOf(early.id)
      expect(refusedLog).toMatchObject({ result: "outside_window", message: tooEarly.data.message, override_reason: null })
      expect(refusedLog.member_id).toBeTruthy()

      // 仍要核销 without a (real) reason is a 400 that says so, and changes nothing.
      for (const body of [{ code: early.code, force: true }, { code: early.code, force: true, reason: " 嗯 " }, { code: early.code, force: true, reason: "x".repeat(201) }]) {
        const r = await checkIn(body)
        expect({ status: r.status, message: r.data.message }).toEqual({ status: 400, message: expect.stringContaining("强制核销须填写原因") })
      }
      expect(await statusOf(early.id)).toBe("confirmed")
      const forced = await checkIn({ code: early.code, force: true, reason: "顾客提前到店，师傅正好有空" })
      expect(forced.status).toBe(200)
      expect(forced.data.appointment.status).toBe("checked_in")
      const [forcedLog] = await attemptsOf(early.id)
      expect(forcedLog).toMatchObject({ result: "forced", override_reason: "顾客提前到店，师傅正好有空", member_id: refusedLog.member_id })
      expect(forcedLog.message).toContain("核销时间未到")
      // Redeemed early, but the service itself cannot be done before its slot begins.
      const notYet = await fail(api.post(`/vendor/booking/appointments/${early.id}/complete`, {}, auth))
      expect([notYet.status, notYet.data.message]).toEqual([400, "服务尚未开始，不能完成 (the service has not started yet)"])
      expect(await statusOf(early.id)).toBe("checked_in")

      // Inside the window (starts in 10 minutes): accepted, logged plainly; completion waits for the start.
      const soon = await seedConfirmed(care, chairs.id, new Date(Date.now() + 10 * MIN), cust)
      const inside = await checkIn({ code: soon.code })
      expect([inside.status, inside.data.appointment?.status]).toEqual([200, "checked_in"])
      expect(await attemptsOf(soon.id)).toEqual([expect.objectContaining({ result: "ok", override_reason: null })])
      expect((await fail(api.post(`/vendor/booking/appointments/${soon.id}/complete`, {}, auth))).status).toBe(400)
      // Started 5 minutes ago: redeemed and completed.
      const begun = await seedConfirmed(care, chairs.id, new Date(Date.now() - 5 * MIN), cust)
      expect((await checkIn({ qr: booking().qrPayload(begun) })).status).toBe(200)
      const completed = await fail(api.post(`/vendor/booking/appointments/${begun.id}/complete`, {}, auth))
      expect([completed.status, completed.data.appointment?.status]).toEqual([200, "completed"])

      // Ended 50 minutes ago, grace 15: too late, refused with the grace's end, logged; forcing still works.
      const past = await seedConfirmed(care, chairs.id, new Date(Date.now() - 110 * MIN), cust)
      const tooLate = await checkIn({ code: past.code })
      expect(tooLate.status).toBe(400)
      expect(tooLate.data.message).toMatch(/^已超过核销时间（预约 /)
      // Just after midnight the grace's end was yesterday, and the message names that date.
      const graceEnd = hm(new Date(past.end_at).getTime() + 15 * MIN)
      expect(tooLate.data.message).toMatch(new RegExp(`，宽限至 (\\d+月\\d+日 )?${graceEnd}） \\(redeem_too_late: too late to redeem`))
      expect(await statusOf(past.id)).toBe("confirmed")
      expect(await attemptsOf(past.id)).toEqual([expect.objectContaining({ result: "outside_window", message: tooLate.data.message })])
      const lateForced = await checkIn({ code: past.code, force: true, reason: "顾客按时到店，忘了核销" })
      expect([lateForced.status, lateForced.data.appointment?.status]).toEqual([200, "checked_in"])
      expect((await attemptsOf(past.id)).map((a: any) => [a.result, a.override_reason])).toEqual([
        ["forced", "顾客按时到店，忘了核销"],
        ["outside_window", null],
      ])
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
      const again = await fail(api.post(`/store/payment-collections/${pcId}/payment-sessions`, { provider_id: "pp_system_default" }, forCart(cartId)))
      expect(again.status).toBe(409)
    })

    it("a hold about to run out when checkout starts is extended: the expiry job running mid-completion cannot take it", async () => {
      const cartId = await newCart(buyer)
      const h = await hold(cartId, { offering_id: vip.id, start_at: at(day, "19:00") })
      await pay(cartId)
      await booking().updateBookingAppointments({ id: h.data.appointment.id, expires_at: new Date(Date.now() + 60_000) })
      // The job runs right when the order exists and the holds are about to be confirmed.
      const svc = booking()
      const confirm = svc.confirmCartHolds.bind(svc)
      const seenInside: any[] = []
      const spy = jest.spyOn(svc, "confirmCartHolds").mockImplementation(async (...args: any[]) => {
        const [row] = await svc.listBookingAppointments({ id: h.data.appointment.id })
        seenInside.push({ expires_in_ms: new Date(row.expires_at).getTime() - Date.now(), expired_by_job: await expireBookingHolds(getContainer()) })
        return confirm(...args)
      })
      const res = await fail(complete(cartId)).finally(() => spy.mockRestore())
      expect(res.status).toBe(200)
      expect(res.data.type).toBe("order")
      // The payment grace (10 min) was added before the payment was authorised, so the job found nothing.
      expect(seenInside).toHaveLength(1)
      expect(seenInside[0].expires_in_ms).toBeGreaterThan(5 * 60_000)
      expect(seenInside[0].expired_by_job).toBe(0)
      const [appt] = await booking().listBookingAppointments({ id: h.data.appointment.id })
      expect([appt.status, appt.order_id]).toEqual(["confirmed", res.data.order.id])
    })

    it("a hold lost inside the completion workflow (after the pre-check) stops checkout with the clear 409 and leaves nothing behind", async () => {
      const cartId = await newCart(buyer)
      const h = await hold(cartId, { offering_id: vip.id, start_at: at(day, "16:00") })
      const pcId = await pay(cartId)
      // The route's pre-check passes; the hold is lost once the workflow has created the order and
      // authorised the payment, just before the holds are confirmed.
      const svc = booking()
      const confirm = svc.confirmCartHolds.bind(svc)
      let lostInside = 0
      const spy = jest.spyOn(svc, "confirmCartHolds").mockImplementation(async (...args: any[]) => {
        lostInside++
        await svc.updateBookingAppointments({ id: h.data.appointment.id, status: "expired", expires_at: new Date(Date.now() - 1000) })
        return confirm(...args)
      })
      const res = await fail(complete(cartId)).finally(() => spy.mockRestore())
      expect(lostInside).toBe(1)
      expect(res.status).toBe(409)
      expect(res.data.message).toContain("预约保留在下单过程中已过期")
      expect(res.data.message).toContain("nothing was charged")

      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: carts } = await query.graph({ entity: "cart", fields: ["id", "completed_at"], filters: { id: cartId } })
      expect(carts[0].completed_at).toBeFalsy()
      const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      expect(links).toEqual([])
      const { data: pcs } = await query.graph({
        entity: "payment_collection",
        fields: ["id", "payments.id", "payments.captured_at", "payments.canceled_at"],
        filters: { id: pcId },
      })
      // The authorisation Medusa made was cancelled by the compensation; nothing was captured.
      const payments = ((pcs[0] as any).payments ?? []) as any[]
      expect(payments.map((p) => [p.captured_at, !!p.canceled_at])).toEqual([[null, true]])
      const [appt] = await booking().listBookingAppointments({ id: h.data.appointment.id })
      expect(appt.status).not.toBe("confirmed")
      expect([appt.order_id, appt.code]).toEqual([null, null])
      const orders = await api.get("/vendor/orders", bearer(shop.token))
      expect(orders.data.orders).toEqual([])
    })

    it("availability ignores a hold the moment it runs out, before the job marks it", async () => {
      const slot = at(day, "20:00")
      const roomFree = async () => {
        const { data } = await api.get(`/store/merchants/${shop.merchant.id}/availability?offering=${vip.id}&date=${day}`, store())
        return data.slots.find((s: any) => s.start_at === slot)?.remaining ?? 0
      }
      expect(await roomFree()).toBe(1)
      const h = await hold(await newCart(), { offering_id: vip.id, start_at: slot })
      expect(await roomFree()).toBe(0)
      await booking().updateBookingAppointments({ id: h.data.appointment.id, expires_at: new Date(Date.now() - 1000) })
      const [row] = await booking().listBookingAppointments({ id: h.data.appointment.id })
      expect(row.status).toBe("held") // the job has not run
      expect(await roomFree()).toBe(1)
      // …and the single room can be held again at once.
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: slot })).status).toBe(201)
    })

    it("an emptied cart can book at another shop (the storefront keeps one cart id)", async () => {
      const cartId = await newCart()
      const first = await hold(cartId, { offering_id: otherOffering.id, start_at: at(day, "12:00") })
      expect(first.status).toBe(201)
      const mixed = await fail(hold(cartId, { offering_id: cut.id, start_at: at(day, "12:00") }))
      expect([mixed.status, mixed.data.message.includes("offering_merchant")]).toEqual([400, true])
      await api.delete(`/store/carts/${cartId}/line-items/${first.data.appointment.line_item_id}`, store())
      const second = await fail(hold(cartId, { offering_id: cut.id, start_at: at(day, "12:00") }))
      expect(second.status).toBe(201)
      const { data } = await api.get(`/store/carts/${cartId}`, store())
      expect(data.cart.items.map((i: any) => i.metadata.appointment_id)).toEqual([second.data.appointment.id])
    })

    it("the shop updates closures, offerings and resources; bad input names the field; capacity cannot drop below live bookings", async () => {
      const auth = bearer(shop.token)
      const edit = (url: string, body: any) => fail(api.post(url, body, auth))

      const closure = (await api.post("/vendor/booking/closures", { starts_at: at(day, "09:00"), ends_at: at(day, "10:00"), reason: "培训" }, auth)).data.closure
      const C = `/vendor/booking/closures/${closure.id}`
      const moved = await edit(C, { ends_at: at(day, "11:00"), reason: "设备检修", resource_id: room.id })
      expect(moved.status).toBe(200)
      expect(moved.data.closure).toMatchObject({ reason: "设备检修", resource_id: room.id })
      expect(new Date(moved.data.closure.ends_at).toISOString()).toBe(at(day, "11:00"))
      expect(new Date((await api.get(C, auth)).data.closure.starts_at).toISOString()).toBe(at(day, "09:00"))
      const closureBad: [any, string, number][] = [
        [{ ends_at: "soon" }, "ends_at", 400],
        [{ ends_at: at(day, "08:00") }, "ends_at", 400],
        [{ colour: "red" }, "colour", 400],
        [{ resource_id: "bres_nope" }, "bres_nope", 404],
      ]
      for (const [body, field, status] of closureBad) {
        const r = await edit(C, body)
        expect({ body, status: r.status, named: String(r.data.message).includes(field) }).toEqual({ body, status, named: true })
      }
      expect((await api.get(C, auth)).data.closure).toMatchObject({ reason: "设备检修", resource_id: room.id })
      expect((await fail(api.delete(C, auth))).status).toBe(200)
      expect((await fail(api.get(C, auth))).status).toBe(404)

      const F = `/vendor/booking/offerings/${cut.id}`
      const longer = await edit(F, { duration_minutes: 90, buffer_after_minutes: 0 })
      expect(longer.data.offering).toMatchObject({ duration_minutes: 90, buffer_after_minutes: 0, resource_ids: [chairs.id] })
      const otherChairId = otherOffering.resource_ids[0]
      const offeringBad: [any, string][] = [
        [{ duration_minutes: 2 }, "duration_minutes"],
        [{ resource_ids: [otherChairId] }, "resource_ids"],
        [{ min_party: 3 }, "max_party"],
        [{ location: "at_home", service_radius_km: null }, "service_radius_km"],
        [{ late_cancel_policy: "maybe" }, "late_cancel_policy"],
      ]
      for (const [body, field] of offeringBad) {
        const r = await edit(F, body)
        expect({ body, status: r.status, named: String(r.data.message).includes(field) }).toEqual({ body, status: 400, named: true })
      }
      expect((await api.get(F, auth)).data.offering).toMatchObject({ duration_minutes: 90, max_party: 2, location: "on_site" })

      const R = `/vendor/booking/resources/${chairs.id}`
      expect((await edit(R, { name: "1 号剪发椅" })).data.resource).toMatchObject({ name: "1 号剪发椅", capacity: 3 })
      // Own hours replace the saved ones (a day left out is no longer open), and can be cleared.
      await edit(R, { hours: { weekly: { mon: [{ open: "10:00", close: "14:00" }], tue: [{ open: "10:00", close: "14:00" }] } } })
      const narrowed = await edit(R, { hours: { weekly: { mon: [{ open: "11:00", close: "13:00" }] } } })
      expect(Object.keys(narrowed.data.resource.hours.weekly)).toEqual(["mon"])
      expect((await edit(R, { hours: null })).data.resource.hours).toBeNull()
      for (const [body, field] of [[{ capacity: 0 }, "capacity"], [{ kind: "spaceship" }, "kind"], [{ name: "" }, "name"]] as [any, string][]) {
        const r = await edit(R, body)
        expect({ body, status: r.status, named: String(r.data.message).includes(field) }).toEqual({ body, status: 400, named: true })
      }
      // Two confirmed bookings overlap tomorrow-after at 10:00; one in the past does not count.
      const cust = await customerId(buyer)
      await seedConfirmed(cut, chairs.id, new Date(at(day, "10:00")), cust)
      await seedConfirmed(cut, chairs.id, new Date(at(day, "10:30")), cust)
      await seedConfirmed(cut, chairs.id, new Date(Date.now() - 5 * HOUR), cust)
      await seedConfirmed(cut, chairs.id, new Date(Date.now() - 5 * HOUR), cust)
      await seedConfirmed(cut, chairs.id, new Date(Date.now() - 5 * HOUR), cust)
      const tooSmall = await edit(R, { capacity: 1 })
      expect(tooSmall.status).toBe(409)
      expect(tooSmall.data.message).toContain("capacity_below_bookings")
      expect((await api.get(R, auth)).data.resource.capacity).toBe(3)
      const two = await edit(R, { capacity: 2 })
      expect(two.data.resource.capacity).toBe(2)
      // The lower capacity holds at once: the 10:00 slot is now full.
      const full = await fail(hold(await newCart(), { offering_id: cut.id, start_at: at(day, "10:00") }))
      expect(full.status).toBe(409)
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
