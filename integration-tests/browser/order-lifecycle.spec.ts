import fs from "node:fs"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { Browser, BrowserContext, Locator, Page } from "playwright-core"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { payAndComplete } from "../helpers/checkout"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"
import { openPage, shot } from "./pages"
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, ensureInstalled, startStorefront, type RunningStorefront } from "./storefront-server"

jest.setTimeout(300 * 1000)

/*
 * One order lifecycle as the customer and the shop see it in the storefront (Debian's Chromium against a
 * real backend): the customer's order page shows the backend's status, shop, discount breakdown,
 * vouchers and only the actions the backend offers; the 商家中心 offers only the order's and each
 * booking's allowed actions; after a 拒单 the customer reads the reason and what happened to the money.
 */

const OPERATOR = { email: "ops@lifecycle-browser.test", password: "ops-pass-1" }
const SHOP = { email: "hotpot@lifecycle-browser.test", password: "pass-同城-123" }
const DAY = 86_400_000
const TZ = "Asia/Shanghai"
/** The 上海 calendar date `days` from `from` (YYYY-MM-DD). */
const shanghaiDate = (days: number, from = Date.now()) => new Intl.DateTimeFormat("en-CA", { timeZone: TZ }).format(new Date(from + days * DAY))
const grouped = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ")

if (!fs.existsSync(CHROMIUM)) {
  // Said plainly and counted as skipped, never as passed.
  console.warn(`skipped: chromium not installed (${CHROMIUM}; apt-get install -y chromium)`)
  describe("order lifecycle in a real browser", () => {
    it.skip("skipped: chromium not installed", () => {})
  })
} else {
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let browser: Browser
      let shop: RunningStorefront
      let hotpot: { merchant: any; token: string }
      let pk: string
      let regionId: string
      let packageVariant: string
      let offeringId: string
      let couponId: string
      const opened: BrowserContext[] = []
      const store = (token?: string) => storeHeaders(pk, token ? { authorization: `Bearer ${token}` } : {})
      const refused = (p: Promise<any>) =>
        p.then(
          (r) => {
            throw new Error(`expected a refusal, got ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`)
          },
          (e) => e.response
        )
      /** The names of the buttons inside `scope`, in page order. */
      const buttons = async (scope: Locator) => (await scope.getByRole("button").allTextContents()).map((s) => s.trim())
      /** A <dl>'s rows as [term, value]. */
      const facts = (dl: Locator) =>
        dl.evaluate((el) => Array.from(el.querySelectorAll("dt")).map((dt) => [dt.textContent!.trim(), (dt.nextElementSibling?.textContent ?? "").trim()]))

      async function customerSignsIn(email: string, password: string) {
        const opened_ = await openPage(browser, opened)
        await opened_.page.goto(`${shop.url}/account`)
        await opened_.page.locator("#si-email").fill(email)
        await opened_.page.locator("#si-password").fill(password)
        await opened_.page.getByTestId("signin-form").getByRole("button").click()
        await opened_.page.getByTestId("welcome").waitFor()
        return opened_
      }

      async function shopSignsIn() {
        const opened_ = await openPage(browser, opened)
        await opened_.page.goto(`${shop.url}/merchant-center`)
        const form = opened_.page.getByTestId("merchant-signin")
        await form.locator("#mc-email").fill(SHOP.email)
        await form.locator("#mc-password").fill(SHOP.password)
        await form.getByRole("button").click()
        await opened_.page.getByTestId("merchant-summary").waitFor()
        return opened_
      }

      beforeAll(async () => {
        ensureInstalled()
        ensureBuilt()
        const setup = await setupPlatform(api, getContainer(), OPERATOR)
        pk = setup.pk
        regionId = setup.regionId
        hotpot = await applyAsMerchant(api, SHOP.email, 701, { name: "蜀香火锅", category: "food" })
        await api.post(`/admin/merchants/${hotpot.merchant.id}/approve`, {}, setup.admin)
        const auth = bearer(hotpot.token)
        // A package without booking: every unit bought is a voucher (团购券) with its own code.
        const pkg = (await api.post("/vendor/products", { title: "双人火锅套餐", kind: "service", variants: [{ title: "标准", price: 178 }] }, auth)).data.product
        packageVariant = pkg.variants[0].id
        // A bookable private room: the appointment is the unit.
        const room = (await api.post("/vendor/products", { title: "包间预订", kind: "service", variants: [{ title: "标准", price: 50 }] }, auth)).data.product
        const resource = (await api.post("/vendor/booking/resources", { kind: "room", name: "大包间", capacity: 1 }, auth)).data.resource
        offeringId = (
          await api.post(
            "/vendor/booking/offerings",
            { variant_id: room.variants[0].id, resource_ids: [resource.id], duration_minutes: 60, slot_step_minutes: 60, min_notice_minutes: 0, horizon_days: 14 },
            auth
          )
        ).data.offering.id
        couponId = (
          await api.post(
            "/vendor/coupons",
            {
              title: "立减10元",
              kind: "fixed",
              value: 10,
              total: 100,
              starts_at: new Date(Date.now() - DAY).toISOString(),
              ends_at: new Date(Date.now() + 30 * DAY).toISOString(),
            },
            auth
          )
        ).data.coupon.id

        shop = await startStorefront(String(api.defaults.baseURL), pk)
        const { chromium } = await import("playwright-core")
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      })

      afterEach(async () => {
        await Promise.all(opened.splice(0).map((c) => c.close()))
      })

      afterAll(async () => {
        await browser?.close()
        await shop?.stop()
      })

      it("a package bought with a coupon: the order page shows 待接单, the shop, the breakdown, two vouchers with code and QR, 退款 and 取消订单; the 商家中心 offers only 接单/拒单; after the 拒单 the customer reads the reason and that the payment was released", async () => {
        // The customer claims the shop's ¥10 coupon and buys the package ×2 with it (system provider: authorized, not captured).
        const email = "diner@lifecycle-browser.test"
        const token = await customerToken(api, pk, email)
        const claimed = (await api.post(`/store/coupons/${couponId}/claim`, {}, store(token))).data.customer_coupon
        const { data: cart } = await api.post("/store/carts", { region_id: regionId }, store(token))
        await api.post(`/store/carts/${cart.cart.id}/line-items`, { variant_id: packageVariant, quantity: 2 }, store(token))
        await api.post(`/store/carts/${cart.cart.id}/coupons`, { customer_coupon_id: claimed.id }, store(token))
        const { data: done } = await payAndComplete(api, store(token), cart.cart.id)
        expect(done.type).toBe("order")
        const orderId = done.order.id as string
        const { data: mine } = await api.get(`/store/customers/me/vouchers?order_id=${orderId}`, store(token))
        const issued = mine.vouchers as any[]
        expect(issued).toHaveLength(2)

        const customer = await customerSignsIn(email, "cust-pass-1")
        const page = customer.page
        await page.goto(`${shop.url}/orders/${orderId}`)
        await page.getByTestId("order-confirmation").waitFor()
        expect(await page.getByTestId("order-status").textContent()).toBe("待接单")
        expect(await page.getByText("感谢您的购买！").count()).toBe(1)
        // The shop, linked to its page, with its phone (kept as +86…) and address (merchantApplication(701): 上海静安区南京西路 801 号).
        const shopFacts = page.getByTestId("order-shop")
        expect(await shopFacts.getByRole("link", { name: "蜀香火锅" }).getAttribute("href")).toBe(`/merchants/${hotpot.merchant.slug}`)
        expect(await shopFacts.getByRole("link", { name: "+8613800138000" }).getAttribute("href")).toBe("tel:+8613800138000")
        expect(await shopFacts.textContent()).toContain("上海静安区南京西路 801 号")
        // The line and the breakdown: ¥178 × 2 = ¥356, the coupon's ¥10 off, ¥346 paid.
        expect(await page.getByTestId("order-line").textContent()).toBe("双人火锅套餐 × 2 · 标准 — 单价 ¥178 · 优惠 −¥10 · ¥346")
        expect(await facts(page.getByTestId("order-breakdown"))).toEqual([
          ["商品金额", "¥356"],
          ["优惠券", "−¥10"],
          ["实付", "¥346"],
        ])
        expect(await page.getByTestId("order-reason").count()).toBe(0)
        expect(await page.getByTestId("order-refunds").count()).toBe(0)

        // Two vouchers, each its own 12-digit code in groups of four and a QR of its signed payload; 退款 offered on each.
        const vouchers = page.getByTestId("order-voucher")
        expect(await vouchers.count()).toBe(2)
        expect((await vouchers.evaluateAll((els) => els.map((e) => e.getAttribute("data-voucher-id")))).sort()).toEqual(issued.map((v) => v.id).sort())
        for (const v of issued) {
          const card = page.locator(`[data-testid="order-voucher"][data-voucher-id="${v.id}"]`)
          expect(await card.getByTestId("voucher-code").textContent()).toBe(grouped(v.code))
          expect(await card.getByTestId("voucher-code").textContent()).toMatch(/^\d{4} \d{4} \d{4}$/)
          expect(await card.getByTestId("voucher-status").textContent()).toBe("未使用")
          const qr = card.getByTestId("voucher-qr")
          expect(await qr.getAttribute("data-qr-text")).toBe(v.qr_payload)
          expect(await qr.getAttribute("alt")).toContain(v.code)
          expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
          expect(await card.getByTestId("voucher-expiry").count()).toBe(1)
          expect(await buttons(card)).toEqual(["退款"])
        }
        expect(await buttons(page.getByTestId("cancel-order"))).toEqual(["取消订单"])
        await shot(page, "order-lifecycle-new-phone")

        // The shop's orders: this order offers 接单 and 拒单 only (a package has nothing to make ready or hand over).
        const clerk = await shopSignsIn()
        await clerk.page.goto(`${shop.url}/merchant-center/orders`)
        const row = clerk.page.locator(`[data-testid="merchant-order"][data-order-id="${orderId}"]`)
        await row.waitFor()
        expect(await buttons(row)).toEqual(["接单", "拒单"])
        expect(await row.getByTestId("order-customer").textContent()).toBe("顾客：明小 · 13900000000")
        expect(await row.getByTestId("order-vouchers").textContent()).toBe("团购券已核销 0/2")
        // 拒单 with the reason the customer will read.
        await row.getByRole("button", { name: "拒单" }).click()
        await row.getByLabel("拒单原因（顾客可见）").fill("今日食材售罄，抱歉")
        await row.getByRole("button", { name: "确认拒单" }).click()
        await row.and(clerk.page.locator('[data-status="rejected"]')).waitFor()
        expect(await buttons(row)).toEqual([])
        expect(await row.textContent()).toContain("拒单原因：今日食材售罄，抱歉")
        await shot(clerk.page, "order-lifecycle-merchant-rejected-phone")

        // The customer's page now: 已拒单, the reason, nothing to do with the vouchers or the order, and the money.
        await page.reload()
        await page.getByTestId("order-status").and(page.locator('[data-status="rejected"]')).waitFor()
        expect(await page.getByTestId("order-status").textContent()).toBe("已拒单")
        expect(await page.getByText("感谢您的购买！").count()).toBe(0)
        expect(await page.locator("h1").textContent()).toBe("订单详情")
        expect(await page.getByTestId("order-reason").textContent()).toBe("商家已拒单，原因：今日食材售罄，抱歉")
        expect(await vouchers.count()).toBe(2)
        for (let i = 0; i < 2; i++) {
          const card = vouchers.nth(i)
          expect(await buttons(card)).toEqual([])
          expect(await card.getByTestId("voucher-status").textContent()).toBe("已退款")
          expect(await card.getByTestId("voucher-refund").textContent()).toBe("随订单一并退回")
          // A voucher that can no longer be redeemed shows no QR to scan.
          expect(await card.getByTestId("voucher-qr").count()).toBe(0)
        }
        expect(await page.getByTestId("cancel-order").count()).toBe(0)
        // The system provider only authorized ¥346: nothing was captured, so the page says it was released, not refunded.
        const money = page.getByTestId("order-refunds")
        expect(await money.getByTestId("order-refund").count()).toBe(0)
        expect(await money.getByTestId("order-released").textContent()).toBe("已释放未扣款的金额 ¥346 · 这笔钱没有被扣走，支付授权已撤销，无需退款")
        await shot(page, "order-lifecycle-rejected-phone")

        // The backend agrees, and refuses what the page no longer offers, with its reason.
        const { data: after } = await api.get(`/store/orders/${orderId}/lifecycle`, store(token))
        expect(after.order).toMatchObject({ status: "rejected", actions: [], amounts: { captured: "0.00", refunded: "0.00", released: "346.00" } })
        const cancel = await refused(api.post(`/store/orders/${orderId}/cancel`, {}, store(token)))
        expect(cancel.status).toBe(400)
        expect(cancel.data.message).toContain("已拒单")
        const refund = await refused(api.post(`/store/vouchers/${issued[0].id}/refund`, {}, store(token)))
        expect(refund.status).toBeGreaterThanOrEqual(400)
        expect(refund.status).toBeLessThan(500)
        const accept = await refused(api.post(`/vendor/orders/${orderId}/accept`, {}, bearer(hotpot.token)))
        expect(accept.status).toBe(400)
        expect(accept.data.message).toContain("已拒单")
        expect([...(await customer.checked()), ...(await clerk.checked())]).toEqual([])
      })

      it("a booking in the 商家中心 calendar: only 核销 before the slot; once it has begun 核销 and 未到店; after 核销 only 完成服务; the customer's page offers 取消预约 while it is still to come", async () => {
        const email = "booker@lifecycle-browser.test"
        const token = await customerToken(api, pk, email)
        const day = shanghaiDate(1)
        const { data: avail } = await api.get(`/store/merchants/${hotpot.merchant.id}/availability?offering=${offeringId}&date=${day}`, store())
        const { data: cart } = await api.post("/store/carts", { region_id: regionId }, store(token))
        await api.post(`/store/carts/${cart.cart.id}/appointments`, { offering_id: offeringId, start_at: avail.slots[0].start_at }, store(token))
        const { data: done } = await payAndComplete(api, store(token), cart.cart.id)
        const orderId = done.order.id as string
        const { data: lifecycle } = await api.get(`/store/orders/${orderId}/lifecycle`, store(token))
        const appt = lifecycle.order.appointments[0]
        expect(appt.code).toMatch(/^\d{8}$/)

        // The customer's page: the code and QR, 取消预约 offered on the appointment and 取消订单 on the order.
        const customer = await customerSignsIn(email, "cust-pass-1")
        await customer.page.goto(`${shop.url}/orders/${orderId}`)
        const card = customer.page.getByTestId("order-appointment")
        expect(await card.getByTestId("redemption-code").textContent()).toBe(grouped(appt.code))
        expect(await card.getByRole("button").allTextContents()).toEqual(["取消预约"])
        expect(await buttons(customer.page.getByTestId("cancel-order"))).toEqual(["取消订单"])

        // Tomorrow: the booking is only to be redeemed (核销 is offered ahead; the backend asks for a reason outside its window).
        const clerk = await shopSignsIn()
        const page = clerk.page
        await page.goto(`${shop.url}/merchant-center/calendar?date=${day}`)
        const row = page.locator(`[data-testid="calendar-appointment"][data-appointment-id="${appt.id}"]`)
        await row.waitFor()
        expect(await row.getAttribute("data-status")).toBe("confirmed")
        expect(await buttons(row)).toEqual(["核销"])
        // 核销 needs the customer's code: the button takes the clerk to the code field.
        await row.getByRole("button", { name: "核销" }).click()
        await page.waitForFunction(() => document.activeElement?.id === "mc-code")
        expect(await row.getByRole("status").textContent()).toBe("请在上方输入顾客出示的核销码")

        // Once the slot has begun (moved to 5 minutes ago: the clock cannot be waited for), 未到店 joins 核销.
        const booking = getContainer().resolve("booking") as any
        const current = await booking.retrieveBookingAppointment(appt.id)
        const shift = Date.now() - 5 * 60_000 - new Date(current.start_at).getTime()
        const moved = (v: string | Date) => new Date(new Date(v).getTime() + shift)
        await booking.updateBookingAppointments({
          id: appt.id,
          start_at: moved(current.start_at),
          end_at: moved(current.end_at),
          occupied_from: moved(current.occupied_from),
          occupied_to: moved(current.occupied_to),
        })
        await page.goto(`${shop.url}/merchant-center/calendar?date=${shanghaiDate(0, moved(current.start_at).getTime())}`)
        await row.waitFor()
        expect(await buttons(row)).toEqual(["核销", "标记未到店"])
        await shot(page, "order-lifecycle-calendar-started-phone")

        // 核销 with the customer's code: now only 完成服务 is offered.
        const redeem = page.getByTestId("redeem-form")
        await redeem.locator("#mc-code").fill(appt.code)
        await redeem.getByRole("button", { name: "核销", exact: true }).click()
        await row.and(page.locator('[data-status="checked_in"]')).waitFor()
        expect(await redeem.getByTestId("redeem-result").textContent()).toBe("核销成功，顾客已到店")
        expect(await buttons(row)).toEqual(["完成服务"])
        // The customer can no longer call off a booking the shop has redeemed.
        await customer.page.reload()
        await customer.page.getByTestId("order-appointment").and(customer.page.locator('[data-status="checked_in"]')).waitFor()
        expect(await customer.page.getByTestId("order-appointment").getByRole("button").count()).toBe(0)
        expect(await customer.page.getByTestId("cancel-order").count()).toBe(0)
        const lateCancel = await refused(api.post(`/store/orders/${orderId}/cancel`, {}, store(token)))
        expect(lateCancel.status).toBe(400)

        // 完成服务: nothing left to do with it, and the order completes with it.
        await row.getByRole("button", { name: "完成服务" }).click()
        await row.and(page.locator('[data-status="completed"]')).waitFor()
        expect(await buttons(row)).toEqual([])
        await page.goto(`${shop.url}/merchant-center/orders`)
        const orderRow = page.locator(`[data-testid="merchant-order"][data-order-id="${orderId}"]`)
        await orderRow.and(page.locator('[data-status="completed"]')).waitFor()
        expect(await buttons(orderRow)).toEqual([])
        expect(await orderRow.getByTestId("order-appointment-time").count()).toBe(1)
        expect(await orderRow.getByTestId("order-appointment-time").textContent()).toContain("已完成")
        expect([...(await customer.checked()), ...(await clerk.checked())]).toEqual([])
      })
    },
  })
}
