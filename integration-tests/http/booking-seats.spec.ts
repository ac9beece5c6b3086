import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { localDate, addDays } from "../../src/modules/booking/utils/slots"
import expireBookingHolds from "../../src/jobs/expire-booking-holds"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"

jest.setTimeout(300 * 1000)

const OPERATOR = { email: "ops@seats.test", password: "ops-pass-1" }
const TZ = "Asia/Shanghai"

/** A merchant-local wall time on a date, as an ISO instant (Shanghai has no DST). */
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString()

/*
 * The slot counter (issue 19): a full slot is refused by one conditional update before any other work,
 * while the locked check and the exclusion constraint stay the last word. These tests hold the counter
 * to the seats really in use through every way a seat is taken and given back.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    let shop: { merchant: any; token: string }
    let chairs: any // capacity 3
    let room: any // capacity 1
    let group: any // offering on `chairs`, parties of 1–3
    let vip: any // offering on `room`
    let day: string
    let buyer: string

    const store = (extra: Record<string, string> = {}) => storeHeaders(pk, extra)
    const booking = () => getContainer().resolve("booking") as any
    const fail = (p: Promise<any>) => p.then((r) => r, (e) => e.response)

    async function newCart(region = regionId, token?: string) {
      const headers = token ? store({ authorization: `Bearer ${token}` }) : store()
      const email = token ? "buyer@seats.test" : `guest-${Math.random().toString(36).slice(2)}@seats.test`
      const res = await fail(api.post("/store/carts", { region_id: region, email }, headers))
      if (res.status !== 200) throw new Error(`cart: ${res.status} ${JSON.stringify(res.data)}`)
      return res.data.cart.id as string
    }
    const hold = (cartId: string, body: Record<string, unknown>, token?: string) =>
      fail(api.post(`/store/carts/${cartId}/appointments`, body, token ? store({ authorization: `Bearer ${token}` }) : store()))

    /** Seats the slot counter says are taken (null: no request has needed the row yet). */
    async function taken(offeringId: string, startAt: string) {
      const [row] = await booking().listBookingSlotSeats({ offering_id: offeringId, start_at: new Date(startAt) })
      return row ? Number(row.taken) : null
    }
    /** Seats really in use at that start: what the counter must equal once every request has answered. */
    async function seated(offeringId: string, startAt: string) {
      const rows = await booking().listBookingAppointments({
        offering_id: offeringId,
        start_at: new Date(startAt),
        status: ["held", "confirmed", "checked_in"],
      })
      return rows.reduce((n: number, a: any) => n + a.seats, 0)
    }
    const openClaims = async () => (await booking().listBookingSeatClaims({})).length

    beforeAll(async () => {
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      day = addDays(localDate(Date.now(), TZ), 3)
      // The same hours every day, so no slot here depends on the weekday the suite runs on.
      const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "22:00" }]]))
      const s = await applyAsMerchant(api, "salon@seats.test", 51, { name: "抢座沙龙", business_hours: { weekly: hours } })
      await api.post(`/admin/merchants/${s.merchant.id}/approve`, {}, admin)
      shop = s
      const auth = bearer(shop.token)
      chairs = (await api.post("/vendor/booking/resources", { kind: "staff", name: "剪发椅", capacity: 3 }, auth)).data.resource
      room = (await api.post("/vendor/booking/resources", { kind: "room", name: "VIP 包间", capacity: 1 }, auth)).data.resource
      const product = async (title: string) =>
        (await api.post("/vendor/products", { title, kind: "service", variants: [{ title: "标准", price: 99 }] }, auth)).data.product
      const pGroup = await product("多人烫染")
      const pVip = await product("VIP 护理")
      const base = { duration_minutes: 60, slot_step_minutes: 30, min_notice_minutes: 60, horizon_days: 14 }
      group = (await api.post("/vendor/booking/offerings", { ...base, variant_id: pGroup.variants[0].id, resource_ids: [chairs.id], max_party: 3 }, auth)).data.offering
      vip = (await api.post("/vendor/booking/offerings", { ...base, variant_id: pVip.variants[0].id, resource_ids: [room.id] }, auth)).data.offering
      buyer = await customerToken(api, pk, "buyer@seats.test")
    })

    it("40 concurrent holds on a 3-seat slot: exactly 3 win, the rest hear 该时段已约满, and the counter says 3", async () => {
      const start = at(day, "10:00")
      const carts = await Promise.all(Array.from({ length: 40 }, () => newCart()))
      const results = await Promise.all(carts.map((c) => hold(c, { offering_id: group.id, start_at: start })))
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(3)
      expect(statuses.filter((s) => s === 409)).toHaveLength(37)
      for (const r of results.filter((r) => r.status === 409)) {
        expect(r.data.message).toContain("该时段已约满")
        expect(r.data.message).toContain("fully booked")
      }
      expect(await seated(group.id, start)).toBe(3)
      expect(await taken(group.id, start)).toBe(3)
      expect(await openClaims()).toBe(0)
    })

    it("parties count their seats: a party of 2 takes 2 of 3, a second party of 2 is refused, a party of 1 fits", async () => {
      const start = at(day, "11:00")
      const carts = await Promise.all(Array.from({ length: 6 }, () => newCart()))
      const pairs = await Promise.all(carts.map((c) => hold(c, { offering_id: group.id, start_at: start, party_size: 2 })))
      expect(pairs.filter((r) => r.status === 201)).toHaveLength(1)
      expect(pairs.filter((r) => r.status === 409)).toHaveLength(5)
      expect(await taken(group.id, start)).toBe(2)
      expect((await hold(await newCart(), { offering_id: group.id, start_at: start, party_size: 2 })).status).toBe(409)
      expect((await hold(await newCart(), { offering_id: group.id, start_at: start, party_size: 1 })).status).toBe(201)
      expect(await taken(group.id, start)).toBe(3)
      expect(await seated(group.id, start)).toBe(3)
      // A party above what the offering allows is told so (400), not that the slot is full.
      const big = await hold(await newCart(), { offering_id: group.id, start_at: at(day, "15:00"), party_size: 4 })
      expect([big.status, big.data.message.includes("party_size")]).toEqual([400, true])
    })

    it("a hold released by removing its line, one run out by the clock, and one expired by the job each free their seat for the next customer", async () => {
      const start = at(day, "12:00")
      const first = await newCart()
      const h = await hold(first, { offering_id: vip.id, start_at: start })
      expect(h.status).toBe(201)
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: start })).status).toBe(409)

      // Released: the customer removes the line.
      await api.delete(`/store/carts/${first}/line-items/${h.data.appointment.line_item_id}`, store())
      expect(await taken(vip.id, start)).toBe(0)
      const second = await hold(await newCart(), { offering_id: vip.id, start_at: start })
      expect(second.status).toBe(201)
      expect(await taken(vip.id, start)).toBe(1)

      // Run out by the clock, before the job: the next request finds it and takes the seat.
      await booking().updateBookingAppointments({ id: second.data.appointment.id, expires_at: new Date(Date.now() - 1000) })
      const third = await hold(await newCart(), { offering_id: vip.id, start_at: start })
      expect(third.status).toBe(201)
      expect((await booking().listBookingAppointments({ id: second.data.appointment.id }))[0].status).toBe("expired")
      expect(await taken(vip.id, start)).toBe(1)

      // Expired by the job.
      await booking().updateBookingAppointments({ id: third.data.appointment.id, expires_at: new Date(Date.now() - 1000) })
      await expireBookingHolds(getContainer())
      expect(await taken(vip.id, start)).toBe(0)
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: start })).status).toBe(201)
      expect(await taken(vip.id, start)).toBe(await seated(vip.id, start))
    })

    it("a cancelled appointment frees its seat, and a rescheduled one moves its seat to the new slot", async () => {
      const auth = store({ authorization: `Bearer ${buyer}` })
      const start = at(day, "13:00")
      const cartId = await newCart(regionId, buyer)
      const h = await hold(cartId, { offering_id: vip.id, start_at: start }, buyer)
      expect(h.status).toBe(201)
      await api.post(
        `/store/carts/${cartId}`,
        { shipping_address: { first_name: "小", last_name: "明", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000000" } },
        auth
      )
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, auth)
      await api.post(`/store/payment-collections/${pc.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, auth)
      expect((await api.post(`/store/carts/${cartId}/complete`, {}, auth)).data.type).toBe("order")
      const id = h.data.appointment.id
      expect((await booking().listBookingAppointments({ id }))[0].status).toBe("confirmed")
      expect(await taken(vip.id, start)).toBe(1)

      // Rescheduled: the seat leaves 13:00 and lands on 16:00.
      const later = at(day, "16:00")
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: later })).status).toBe(201)
      const rows = await booking().listBookingAppointments({ offering_id: vip.id, start_at: new Date(later), status: ["held"] })
      await booking().updateBookingAppointments({ id: rows[0].id, status: "cancelled" })
      expect(await taken(vip.id, later)).toBe(0)
      const moved = await api.post(`/store/appointments/${id}/reschedule`, { start_at: later }, auth)
      expect(new Date(moved.data.appointment.start_at).toISOString()).toBe(later)
      expect(await taken(vip.id, start)).toBe(0)
      expect(await taken(vip.id, later)).toBe(1)
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: later })).status).toBe(409)

      // Cancelled by the customer: the 16:00 seat is free again.
      const cancelled = await api.post(`/store/appointments/${id}/cancel`, { reason: "临时有事" }, auth)
      expect(cancelled.data.appointment.status).toBe("cancelled")
      expect(await taken(vip.id, later)).toBe(0)
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: later })).status).toBe(201)
      expect(await taken(vip.id, later)).toBe(1)
    })

    it("a cart step that fails after the seat was taken gives the seat back (compensation)", async () => {
      // A cart in a currency the service has no price in: the hold is written, then adding the line fails.
      const usd = (await api.post("/admin/regions", { name: "United States", currency_code: "usd" }, admin)).data.region
      const start = at(day, "14:00")
      const failed = await hold(await newCart(usd.id), { offering_id: vip.id, start_at: start })
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect(failed.status).toBeLessThan(500)
      const [rolledBack] = await booking().listBookingAppointments({ offering_id: vip.id, start_at: new Date(start) })
      expect(rolledBack).toMatchObject({ status: "cancelled", cancellation: { reason: "hold_rolled_back" } })
      expect(await taken(vip.id, start)).toBe(0)
      expect(await openClaims()).toBe(0)
      // The single seat is there for the next customer.
      expect((await hold(await newCart(), { offering_id: vip.id, start_at: start })).status).toBe(201)
      expect(await taken(vip.id, start)).toBe(1)
    })

    it("a counter that drifted too high (a request that died holding a claim) refuses until the minute job recounts it", async () => {
      const start = at(day, "17:00")
      expect((await hold(await newCart(), { offering_id: group.id, start_at: start })).status).toBe(201)
      // What a process killed between claim and answer leaves behind: two seats taken by a claim nobody will release.
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await pg.raw(
        `with s as (update booking_slot_seat set taken = taken + 2 where offering_id = ? and start_at = ? returning id)
         insert into booking_seat_claim (id, slot_seat_id, seats, created_at) select 'bscl_dead', id, 2, now() - interval '1 hour' from s`,
        [group.id, start]
      )
      expect(await taken(group.id, start)).toBe(3)
      expect((await hold(await newCart(), { offering_id: group.id, start_at: start })).status).toBe(409)
      await expireBookingHolds(getContainer())
      expect(await taken(group.id, start)).toBe(1)
      expect(await openClaims()).toBe(0)
      expect((await hold(await newCart(), { offering_id: group.id, start_at: start })).status).toBe(201)
      expect(await taken(group.id, start)).toBe(2)
    })
  },
})
