import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { addDays, localDate } from "../../src/modules/booking/utils/slots"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { SHANGHAI_ADDRESS, payAndComplete } from "../helpers/checkout"
import { bearer, customerToken, shopWithServices } from "../helpers/merchant"

jest.setTimeout(300 * 1000)

const OPERATOR = { email: "ops-own@tongcheng.test", password: "ops-pass-1" }
const DAY = 24 * 3600 * 1000

type Caller = "owner" | "other" | "anonymous"
type Method = "get" | "post" | "delete"
/**
 * One store route on the owner's cart, payment collection or order: the owner's call and its status, and
 * what the other customer and an anonymous caller get for the very same call (404 unless said otherwise).
 */
type Row = {
  route: string
  method: Method
  path: () => string
  body?: () => Record<string, unknown>
  ok: number
  refused?: Partial<Record<Exclude<Caller, "owner">, number>>
  /** Whether a refused call could have changed the cart (then the cart must be exactly as before). */
  write?: boolean
}

/**
 * Issue 18: a cart that belongs to a signed-in customer is theirs alone; a guest cart is anyone's who
 * has its id; an order or payment outcome is shown to its customer's token, or for a guest to whoever
 * also gives its e-mail. Every store route that takes a cart, payment collection or order id is walked
 * in checkout order on one cart: the other customer and an anonymous caller first (refused, nothing
 * changed), then the owner (served).
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let regionId: string
    let admin: { headers: Record<string, string> }
    const variants: Record<string, string> = {}
    let offeringId: string
    let day: string
    const as: Record<Caller, { headers: Record<string, string> }> = {} as any
    const people: Record<"owner" | "other", { id: string; email: string }> = {} as any

    const send = (who: Caller, method: Method, path: string, body?: Record<string, unknown>) => {
      const req =
        method === "get"
          ? api.get(path, as[who])
          : method === "delete"
            ? api.delete(path, { ...as[who], data: body })
            : api.post(path, body ?? {}, as[who])
      return req.then(
        (r) => r,
        (e) => e.response ?? { status: `no answer: ${e.code ?? e.message}`, data: {} }
      )
    }

    beforeAll(async () => {
      let shopToken: string
      ;({ pk, regionId, admin } = await setupPlatform(api, getContainer(), OPERATOR))
      const made = await shopWithServices(api, admin, {
        email: "own-shop@tongcheng.test",
        seed: 51,
        prices: { p50: 50, p128: 128 },
        booked: { key: "p128", room: "包间", capacity: 20, step: 60 },
      })
      Object.assign(variants, made.variants)
      offeringId = made.offering.id
      shopToken = made.shop.token
      // Goods, so that the cart needs (and may be given) a shipping method.
      const goods = await api.post("/vendor/products", { title: "手工牛轧糖", kind: "goods", variants: [{ title: "250g", price: 38, stock: 50 }] }, bearer(shopToken))
      variants.goods = goods.data.product.variants[0].id
      coupon.batch = (
        await api.post(
          "/vendor/coupons",
          {
            title: "立减5元",
            kind: "fixed",
            value: 5,
            total: 10,
            starts_at: new Date(Date.now() - DAY).toISOString(),
            ends_at: new Date(Date.now() + 30 * DAY).toISOString(),
          },
          bearer(shopToken)
        )
      ).data.coupon.id
      as.anonymous = storeHeaders(pk)
      for (const who of ["owner", "other"] as const) {
        const email = `${who}@own.test`
        as[who] = storeHeaders(pk, { authorization: `Bearer ${await customerToken(api, pk, email)}` })
        people[who] = { id: (await api.get("/store/customers/me", as[who])).data.customer.id, email }
      }
      await api.post(
        "/admin/promotions",
        {
          code: "OWN5",
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: { type: "fixed", target_type: "order", allocation: "across", value: 5, currency_code: "cny" },
        },
        admin
      )
      await api.post(`/admin/customers/${people.owner.id}/points/adjust`, { delta: 1000, reason: "测试发放" }, admin)
      day = addDays(localDate(Date.now(), "Asia/Shanghai"), 2)
    })
    const coupon: { batch?: string; wallet?: string } = {}

    /** What a refused write could have touched on the cart, as its owner reads it. */
    const cartState = async (cartId: string) => {
      const { data } = await api.get(`/store/carts/${cartId}?fields=email,customer_id,metadata,*items,*shipping_methods,*promotions,*payment_collection`, as.owner)
      const c = data.cart
      return {
        email: c.email,
        customer_id: c.customer_id,
        metadata: c.metadata,
        items: (c.items ?? []).map((i: any) => [i.variant_id, i.quantity]).sort(),
        shipping: (c.shipping_methods ?? []).length,
        promotions: (c.promotions ?? []).map((p: any) => p.code).sort(),
        payment_collection: c.payment_collection?.id ?? null,
      }
    }

    it("every cart, payment collection and order route: the owner is served; the other customer and an anonymous caller are refused and change nothing", async () => {
      // The owner's cart: goods to ship and a service line to remove later.
      const created = await send("owner", "post", "/store/carts", { region_id: regionId })
      const cartId = created.data.cart.id as string
      expect(created.data.cart.customer_id).toBe(people.owner.id)
      await send("owner", "post", `/store/carts/${cartId}/line-items`, { variant_id: variants.goods, quantity: 1 })
      const { data: withItems } = await send("owner", "post", `/store/carts/${cartId}/line-items`, { variant_id: variants.p50, quantity: 1 })
      const line = (v: string) => withItems.cart.items.find((i: any) => i.variant_id === v).id as string
      await send("owner", "post", `/store/carts/${cartId}`, { shipping_address: SHANGHAI_ADDRESS })
      coupon.wallet = (await send("owner", "post", `/store/coupons/${coupon.batch}/claim`)).data.customer_coupon.id
      const ctx: { option?: string; pc?: string; order?: string } = {}

      const cart = (sub = "") => `/store/carts/${cartId}${sub}`
      const rows: Row[] = [
        { route: "GET /store/carts/:id", method: "get", path: () => cart(), ok: 200 },
        { route: "POST /store/carts/:id", method: "post", path: () => cart(), body: () => ({ metadata: { note: "改过" } }), ok: 200, write: true },
        {
          route: "POST /store/carts/:id/customer",
          method: "post",
          path: () => cart("/customer"),
          ok: 200,
          refused: { other: 403, anonymous: 401 },
          write: true,
        },
        { route: "POST /store/carts/:id/line-items", method: "post", path: () => cart("/line-items"), body: () => ({ variant_id: variants.p50, quantity: 1 }), ok: 200, write: true },
        { route: "POST /store/carts/:id/line-items/:line_id", method: "post", path: () => cart(`/line-items/${line(variants.goods)}`), body: () => ({ quantity: 2 }), ok: 200, write: true },
        { route: "DELETE /store/carts/:id/line-items/:line_id", method: "delete", path: () => cart(`/line-items/${line(variants.p50)}`), ok: 200, write: true },
        { route: "POST /store/carts/:id/promotions", method: "post", path: () => cart("/promotions"), body: () => ({ promo_codes: ["OWN5"] }), ok: 200, write: true },
        { route: "DELETE /store/carts/:id/promotions", method: "delete", path: () => cart("/promotions"), body: () => ({ promo_codes: ["OWN5"] }), ok: 200, write: true },
        { route: "POST /store/carts/:id/taxes", method: "post", path: () => cart("/taxes"), ok: 200, write: true },
        { route: "GET /store/shipping-options?cart_id", method: "get", path: () => `/store/shipping-options?cart_id=${cartId}`, ok: 200 },
        { route: "POST /store/carts/:id/shipping-methods", method: "post", path: () => cart("/shipping-methods"), body: () => ({ option_id: ctx.option }), ok: 200, write: true },
        { route: "GET /store/carts/:id/appointments", method: "get", path: () => cart("/appointments"), ok: 200 },
        {
          route: "POST /store/carts/:id/appointments",
          method: "post",
          path: () => cart("/appointments"),
          body: () => ({ offering_id: offeringId, start_at: new Date(`${day}T15:00:00+08:00`).toISOString() }),
          ok: 201,
          write: true,
        },
        { route: "GET /store/carts/:id/coupons", method: "get", path: () => cart("/coupons"), ok: 200 },
        { route: "POST /store/carts/:id/coupons", method: "post", path: () => cart("/coupons"), body: () => ({ customer_coupon_id: coupon.wallet }), ok: 200, write: true },
        { route: "DELETE /store/carts/:id/coupons", method: "delete", path: () => cart("/coupons"), ok: 200, write: true },
        { route: "GET /store/carts/:id/points", method: "get", path: () => cart("/points"), ok: 200 },
        { route: "POST /store/carts/:id/points", method: "post", path: () => cart("/points"), body: () => ({ points: 100 }), ok: 200, write: true },
        { route: "DELETE /store/carts/:id/points", method: "delete", path: () => cart("/points"), ok: 200, write: true },
        { route: "POST /store/payment-collections {cart_id}", method: "post", path: () => "/store/payment-collections", body: () => ({ cart_id: cartId }), ok: 200, write: true },
        {
          route: "POST /store/payment-collections/:id/payment-sessions",
          method: "post",
          path: () => `/store/payment-collections/${ctx.pc}/payment-sessions`,
          body: () => ({ provider_id: "pp_system_default" }),
          ok: 200,
          write: true,
        },
        { route: "GET /store/payment-collections/:id/payment-status", method: "get", path: () => `/store/payment-collections/${ctx.pc}/payment-status`, ok: 200 },
        // A customer's purchase needs the token: knowing the e-mail is not enough.
        {
          route: "GET /store/payment-collections/:id/payment-status?email",
          method: "get",
          path: () => `/store/payment-collections/${ctx.pc}/payment-status?email=${people.owner.email}`,
          ok: 200,
        },
        { route: "POST /store/carts/:id/complete", method: "post", path: () => cart("/complete"), ok: 200, write: true },
        { route: "GET /store/orders/:id", method: "get", path: () => `/store/orders/${ctx.order}`, ok: 200 },
        { route: "GET /store/orders/:id?email", method: "get", path: () => `/store/orders/${ctx.order}?email=${people.owner.email}`, ok: 200 },
        { route: "GET /store/orders/:id/lifecycle", method: "get", path: () => `/store/orders/${ctx.order}/lifecycle`, ok: 200 },
        { route: "POST /store/orders/:id/cancel", method: "post", path: () => `/store/orders/${ctx.order}/cancel`, body: () => ({ reason: "不想要了" }), ok: 200 },
      ]

      const seen: string[] = []
      for (const row of rows) {
        const before = row.write && !ctx.order ? await cartState(cartId) : null
        for (const who of ["other", "anonymous"] as const) {
          const res = await send(who, row.method, row.path(), row.body?.())
          const want = row.refused?.[who] ?? 404
          seen.push(`${row.route} as ${who}: ${res.status}`)
          expect(`${row.route} as ${who}: ${res.status}`).toBe(`${row.route} as ${who}: ${want}`)
          // Refusals say why in both languages, and never name the customer.
          if (want !== 401) expect(res.data.message).toMatch(/[\u4e00-\u9fff].*\(.+\)/)
          expect(JSON.stringify(res.data)).not.toContain(people.owner.id)
        }
        if (before) expect([row.route, await cartState(cartId)]).toEqual([row.route, before])
        const res = await send("owner", row.method, row.path(), row.body?.())
        expect(`${row.route} as owner: ${res.status} ${res.status === row.ok ? "" : JSON.stringify(res.data).slice(0, 300)}`).toBe(`${row.route} as owner: ${row.ok} `)
        if (row.route.startsWith("GET /store/shipping-options")) ctx.option = res.data.shipping_options.find((o: any) => o.name === "到店自取").id
        if (row.route.startsWith("POST /store/payment-collections {")) ctx.pc = res.data.payment_collection.id
        if (row.route === "POST /store/carts/:id/complete") {
          expect(res.data.type).toBe("order")
          ctx.order = res.data.order.id
        }
      }
      // The owner's cart stayed the owner's all along and became the owner's order.
      expect((await send("owner", "get", `/store/orders/${ctx.order}?fields=id,customer_id`)).data.order.customer_id).toBe(people.owner.id)

      // Medusa's own list is scoped to the caller: the other customer sees none of it, nobody sees it anonymously.
      const list = (who: Caller) => send(who, "get", "/store/orders")
      expect((await list("owner")).data.orders.map((o: any) => o.id)).toEqual([ctx.order])
      expect((await list("other")).data.orders).toEqual([])
      expect((await list("anonymous")).status).toBe(401)
    })

    it("a guest cart works for anyone with its id; its order and payment status need the order's e-mail; a signed-in customer may take a guest cart, not a customer's", async () => {
      const { data } = await send("anonymous", "post", "/store/carts", { region_id: regionId, email: "Guest@own.test" })
      const guestCart = data.cart.id as string
      // The cart id is the guest's only key, whoever holds it.
      for (const who of ["anonymous", "other", "owner"] as const) {
        const added = await send(who, "post", `/store/carts/${guestCart}/line-items`, { variant_id: variants.p50, quantity: 1 })
        expect([who, added.status]).toEqual([who, 200])
      }
      expect((await send("other", "get", `/store/carts/${guestCart}/appointments`)).status).toBe(200)

      const done = await payAndComplete(api, as.anonymous, guestCart)
      expect(done.data.type).toBe("order")
      const orderId = done.data.order.id as string
      const pcId = (await send("anonymous", "get", `/store/carts/${guestCart}?fields=*payment_collection`)).data.cart.payment_collection.id

      const order = (who: Caller, q = "") => send(who, "get", `/store/orders/${orderId}${q}`)
      expect((await order("anonymous")).status).toBe(404)
      expect((await order("owner")).status).toBe(404)
      expect((await order("anonymous", "?email=someone@own.test")).status).toBe(404)
      const shown = await order("anonymous", "?email=guest@own.test")
      // E-mails compare without regard to case: the guest typed it capitalised.
      expect([shown.status, shown.data.order?.id, shown.data.order?.email]).toEqual([200, orderId, "Guest@own.test"])

      const poll = (q = "") => send("anonymous", "get", `/store/payment-collections/${pcId}/payment-status${q}`)
      expect((await poll()).status).toBe(404)
      expect((await poll("?email=someone@own.test")).status).toBe(404)
      const polled = await poll("?email=guest@own.test")
      expect([polled.status, polled.data.payment_status?.order_id]).toEqual([200, orderId])

      // Sign-in after browsing: the guest cart goes to the customer who signs in, and is theirs from then on.
      const browsing = (await send("anonymous", "post", "/store/carts", { region_id: regionId })).data.cart.id as string
      await send("anonymous", "post", `/store/carts/${browsing}/line-items`, { variant_id: variants.p50, quantity: 1 })
      const taken = await send("owner", "post", `/store/carts/${browsing}/customer`)
      expect([taken.status, taken.data.cart?.customer_id]).toEqual([200, people.owner.id])
      expect((await send("anonymous", "get", `/store/carts/${browsing}`)).status).toBe(404)
      const stolen = await send("other", "post", `/store/carts/${browsing}/customer`)
      expect(stolen.status).toBe(403)
      expect(stolen.data.message).toBe("该购物车属于其他用户，不能转到你的账户 (this cart belongs to another customer)")
      expect((await send("owner", "get", `/store/carts/${browsing}`)).data.cart.customer_id).toBe(people.owner.id)

      // Ids that name nothing (or could name nothing) are answered like someone else's: 404.
      for (const path of ["/store/carts/cart_01NOSUCHCART", "/store/carts/cart_01NOSUCH/appointments", "/store/orders/order_01NOSUCH", "/store/payment-collections/pay_col_01NOSUCH/payment-status"]) {
        expect([path, (await send("owner", "get", path)).status]).toEqual([path, 404])
      }
    })
  },
})
