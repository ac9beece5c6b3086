import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { Browser, Page } from "playwright-core"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { payAndComplete } from "../helpers/checkout"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"
import { serveByVouchers } from "../helpers/serve"
import { ensureAdminBuilt, startAdmin, type RunningAdmin } from "./admin-server"
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from "./storefront-server"

jest.setTimeout(300 * 1000)

/*
 * The operators' side of the extended Medusa admin, driven in Debian's Chromium: our routes (商家管理,
 * 评价审核, 优惠券 with creating a platform coupon and ending a shop's, 预约日历) and the widgets on
 * Medusa's order page, against a real backend with a shop, an order that used a coupon, and a review of it. Every page is checked for console errors.
 */

const OPERATOR = { email: "ops@admin-browser.test", password: "ops-pass-1" }
const SHOTS = path.join(ROOT, "test-results", "screenshots")
const DAY = 86_400_000

if (!fs.existsSync(CHROMIUM)) {
  console.warn(`skipped: chromium not installed (${CHROMIUM}; apt-get install -y chromium)`)
  describe("admin in a real browser", () => {
    it.skip("skipped: chromium not installed", () => {})
  })
} else {
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let browser: Browser
      let adminSite: RunningAdmin
      let page: Page
      const errors: string[] = []
      let adminAuth: { headers: Record<string, string> }
      let shop: { merchant: any; token: string }
      let applicant: { merchant: any; token: string }
      let orderId: string
      let reviewId: string
      let pk: string
      let shopCoupon: any
      const COUPON_TITLE = "浏览器测试券 立减10元"
      const REVIEW_TEXT = "师傅手艺很好，环境也干净，下次还来。"

      beforeAll(async () => {
        ensureAdminBuilt()
        const setup = await setupPlatform(api, getContainer(), OPERATOR)
        adminAuth = setup.admin
        pk = setup.pk
        const store = (token?: string) => storeHeaders(setup.pk, token ? { authorization: `Bearer ${token}` } : {})

        shop = await applyAsMerchant(api, "shop@admin-browser.test", 501, { name: "剪艺造型工作室", category: "beauty" })
        await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, adminAuth)
        applicant = await applyAsMerchant(api, "applicant@admin-browser.test", 502, { name: "待审核的小面馆", category: "food" })

        const { data: p } = await api.post(
          "/vendor/products",
          { title: "精剪造型", kind: "service", variants: [{ title: "标准", price: 128 }] },
          bearer(shop.token)
        )
        const variantId = p.product.variants[0].id
        await api.post("/vendor/booking/resources", { name: "造型师 Amy", kind: "staff", capacity: 1 }, bearer(shop.token))
        const { data: c } = await api.post(
          "/vendor/coupons",
          { title: COUPON_TITLE, kind: "fixed", value: 10, total: 50, starts_at: new Date(Date.now() - DAY), ends_at: new Date(Date.now() + 30 * DAY) },
          bearer(shop.token)
        )
        shopCoupon = c.coupon

        // A customer claims the coupon, pays with it, the shop serves the order, the customer reviews it.
        const token = await customerToken(api, setup.pk, "buyer@admin-browser.test")
        const { data: claimed } = await api.post(`/store/coupons/${c.coupon.id}/claim`, {}, store(token))
        const { data: cart } = await api.post("/store/carts", { region_id: setup.regionId }, store(token))
        const cartId = cart.cart.id
        await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variantId, quantity: 1 }, store(token))
        await api.post(`/store/carts/${cartId}/coupons`, { customer_coupon_id: claimed.customer_coupon.id }, store(token))
        const { data: done } = await payAndComplete(api, store(token), cartId)
        orderId = done.order.id
        await api.post(`/vendor/orders/${orderId}/accept`, {}, bearer(shop.token))
        // A service bought without a booking is served by redeeming its voucher; the order then completes.
        await serveByVouchers(api, getContainer(), orderId, shop.token)
        const { data: rev } = await api.post(
          "/store/reviews",
          { order_id: orderId, line_item_id: done.order.items[0].id, rating: 5, text: REVIEW_TEXT },
          store(token)
        )
        reviewId = rev.review.id

        adminSite = await startAdmin(api.defaults.baseURL as string)
        const { chromium } = await import("playwright-core")
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" })
        // Medusa's order list draws each order's country flag with react-country-flag, which loads the
        // SVG from cdn.jsdelivr.net. This machine has no internet, so the browser would log a failed
        // load; the test serves a plain flag-shaped SVG in its place and every other request stays real.
        await context.route(/^https:\/\/cdn\.jsdelivr\.net\/gh\/lipis\/flag-icons\//, (route) =>
          route.fulfill({
            contentType: "image/svg+xml",
            body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#de2910"/></svg>',
          })
        )
        page = await context.newPage()
        page.setDefaultTimeout(30_000)
        page.on("console", (m) => {
          // Medusa's own order page (its cost breakdown) nests a <div> in a <p>; React reports that in
          // the dashboard bundle. It is not ours to fix; every other console error fails the test.
          if (m.type() === "error" && !/^Warning: validateDOMNesting/.test(m.text())) errors.push(`${page.url()}: ${m.text()} ${m.location().url}`)
        })
        page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`))

        await page.goto(`${adminSite.url}/app/login`)
        await page.locator('input[name="email"]').fill(OPERATOR.email)
        await page.locator('input[name="password"]').fill(OPERATOR.password)
        await page.locator('button[type="submit"]').click()
        await page.waitForURL((u) => !u.pathname.includes("/login"))
        // The runner snapshots the database right after beforeAll and restores it before every later
        // test, terminating every connection to it: a dashboard page still loading then gets a 500.
        // So between tests the browser rests on a blank page with nothing in flight.
        await page.waitForLoadState("networkidle")
        await page.goto("about:blank")
        // The dashboard build (first run) and the shop, order and review set-up take minutes on a busy machine.
      }, 900 * 1000)

      afterAll(async () => {
        await browser?.close()
        await adminSite?.stop()
      })

      afterEach(async () => {
        await page?.goto("about:blank")
        // Every page an operator opened must be free of console errors.
        const seen = errors.splice(0)
        expect(seen).toEqual([])
      })

      async function shot(name: string) {
        fs.mkdirSync(SHOTS, { recursive: true })
        await page.screenshot({ path: path.join(SHOTS, `admin-${name}.png`), fullPage: true })
      }

      it("商家管理: an operator opens the pending application and approves it", async () => {
        await page.goto(`${adminSite.url}/app/merchants`)
        await page.getByRole("heading", { name: "商家管理" }).waitFor()
        await page.getByText(applicant.merchant.name).first().click()
        await page.getByRole("heading", { name: applicant.merchant.name }).waitFor()
        await shot("merchant-pending")
        await page.getByRole("button", { name: "通过", exact: true }).click()
        await page.getByRole("button", { name: "确认通过" }).click()
        await page.getByRole("button", { name: "暂停", exact: true }).waitFor()
        const { data } = await api.get(`/admin/merchants/${applicant.merchant.id}`, adminAuth)
        expect(data.merchant.status).toBe("approved")
      })

      it("the order page shows the shop, the coupon the customer used and the points earned", async () => {
        await page.goto(`${adminSite.url}/app/orders/${orderId}`)
        await page.getByText(shop.merchant.name).first().waitFor()
        await page.getByText(COUPON_TITLE).first().waitFor()
        // ¥128 less the ¥10 coupon was paid and the shop completed it: 118 points earned (1 per yuan).
        await page.getByRole("heading", { name: /会员积分/ }).waitFor()
        await page.getByText("118 积分").waitFor()
        await shot("order-widgets")
      })

      it("评价审核: hiding a review needs a reason and takes it off the shop's page", async () => {
        await page.goto(`${adminSite.url}/app/reviews`)
        await page.getByRole("heading", { name: "评价审核" }).waitFor()
        await page.getByText(REVIEW_TEXT).waitFor()
        await page.getByRole("button", { name: "隐藏", exact: true }).first().click()
        const drawer = page.getByRole("dialog")
        await drawer.locator("textarea").fill("含有与服务无关的内容")
        await drawer.getByRole("button", { name: "隐藏", exact: true }).click()
        await page.getByRole("button", { name: "恢复", exact: true }).first().waitFor()
        await shot("reviews-hidden")
        const { data } = await api.get(`/admin/reviews?status=hidden`, adminAuth)
        expect(data.reviews.map((r: any) => [r.id, r.hidden_reason])).toEqual([
          [reviewId, "含有与服务无关的内容"],
        ])
        const shopPage = await api.get(`/store/merchants/${shop.merchant.id}/reviews`, storeHeaders(pk))
        expect(shopPage.data.reviews.map((r: any) => r.id)).not.toContain(reviewId)
        expect(shopPage.data.summary.rating_count).toBe(0)
      })

      it("优惠券 lists the shop's coupon and 预约日历 opens on a shop's day", async () => {
        await page.goto(`${adminSite.url}/app/coupons`)
        await page.getByText(COUPON_TITLE).first().waitFor()
        await shot("coupons")
        await page.goto(`${adminSite.url}/app/bookings`)
        await page.getByRole("heading", { name: /预约日历/ }).waitFor()
        await page.getByLabel("搜索商家 Search shops").fill("剪艺")
        await page.getByRole("combobox").click()
        await page.getByRole("option", { name: shop.merchant.name }).click()
        await page.getByRole("heading", { name: "造型师 Amy" }).waitFor()
        expect(new URL(page.url()).searchParams.get("merchant_id")).toBe(shop.merchant.id)
        await shot("bookings")
      })

      it("creates a platform 满减 coupon from the page, showing the server's reason for a bad one first", async () => {
        await page.goto(`${adminSite.url}/app/coupons`)
        await page.getByText(COUPON_TITLE).first().waitFor()
        await page.getByRole("button", { name: "新建平台券" }).click()
        await page.getByLabel("名称 Title").fill("平台满减 满100减20")
        await page.getByRole("combobox", { name: "类型 Kind" }).click()
        await page.getByRole("option", { name: "满减 Tiered" }).click()
        await page.getByLabel("第1档门槛").fill("100")
        await page.getByLabel("第1档减免").fill("120")
        await page.getByRole("button", { name: "创建" }).click()
        // 减 120 on 满 100 is refused by the server, and its reason is shown as is.
        await page.getByRole("alert").filter({ hasText: "tiers" }).waitFor()
        // The browser logs that expected 400 as a failed resource; it is the only error allowed here.
        const refused = errors.findIndex((e) => e.includes("status of 400"))
        expect(refused).toBeGreaterThanOrEqual(0)
        errors.splice(refused, 1)
        await page.getByLabel("第1档减免").fill("20")
        await page.getByRole("button", { name: "添加一档" }).click()
        await page.getByLabel("第2档门槛").fill("200")
        await page.getByLabel("第2档减免").fill("50")
        await page.getByLabel("发行总量 Total").fill("300")
        await page.getByRole("button", { name: "创建" }).click()
        await page.getByRole("cell", { name: "平台满减 满100减20" }).waitFor()

        const { data } = await api.get("/admin/coupons?platform=true", adminAuth)
        expect(data.coupons).toEqual([
          expect.objectContaining({
            title: "平台满减 满100减20",
            scope: "platform",
            kind: "tiered",
            tiers: [{ min: 100, off: 20 }, { min: 200, off: 50 }],
            total: 300,
            status: "active",
          }),
        ])
      })

      it("ends a shop's coupon at once after confirming", async () => {
        await page.goto(`${adminSite.url}/app/coupons`)
        const row = page.getByRole("row").filter({ hasText: COUPON_TITLE })
        await row.getByRole("button", { name: "结束" }).click()
        await page.getByRole("button", { name: "立即结束" }).click()
        await row.getByText("已结束").waitFor()
        const { data } = await api.get(`/admin/coupons/${shopCoupon.id}`, adminAuth)
        expect(data.coupon.status).toBe("ended")
        expect(new Date(data.coupon.ends_at).getTime()).toBeLessThanOrEqual(Date.now())
      })
    },
  })
}
