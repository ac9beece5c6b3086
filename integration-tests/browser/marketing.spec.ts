import fs from "node:fs"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { setupPlatform, storeHeaders } from "../helpers/admin"
import { payAndComplete } from "../helpers/checkout"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"
import { serveByVouchers } from "../helpers/serve"
import { imagesWithoutAlt, openPage, PHONE, shot } from "./pages"
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, ensureInstalled, startStorefront, type RunningStorefront } from "./storefront-server"

jest.setTimeout(300 * 1000)

/*
 * Reviews, coupons and points in the storefront, in Debian's Chromium against a real backend: a shop's
 * reviews on its page (Chinese and English), claiming its coupon, the best coupon suggested and applied at
 * checkout, points spent, the totals moving by exactly those amounts.
 */

const OPERATOR = { email: "ops@marketing-browser.test", password: "ops-pass-1" }
const DAY = 86_400_000
const BUYER = { email: "buyer@marketing-browser.test", password: "cust-pass-1" }

if (!fs.existsSync(CHROMIUM)) {
  console.warn(`skipped: chromium not installed (${CHROMIUM}; apt-get install -y chromium)`)
  describe("storefront marketing in a real browser", () => {
    it.skip("skipped: chromium not installed", () => {})
  })
} else {
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let browser: Browser
      let shop: RunningStorefront
      let salon: { merchant: any; token: string }
      let variantId: string
      const opened: BrowserContext[] = []
      const COUPON = "满100减20 · 满200减50"
      let pk: string
      let regionId: string

      const newPage = (viewport = PHONE) => openPage(browser, opened, { viewport })

      const total = async (page: Page) => (await page.getByTestId("cart-total").textContent())!.replace(/\s/g, "")

      beforeAll(async () => {
        ensureInstalled()
        ensureBuilt()
        const setup = await setupPlatform(api, getContainer(), OPERATOR)
        const admin = setup.admin
        pk = setup.pk
        regionId = setup.regionId
        const store = (token?: string) => storeHeaders(pk, token ? { authorization: `Bearer ${token}` } : {})
        salon = await applyAsMerchant(api, "salon@marketing-browser.test", 601, { name: "丝语美发", category: "beauty" })
        await api.post(`/admin/merchants/${salon.merchant.id}/approve`, {}, admin)
        const { data: p } = await api.post(
          "/vendor/products",
          { title: "染发套餐", kind: "service", variants: [{ title: "标准", price: 150 }] },
          bearer(salon.token)
        )
        variantId = p.product.variants[0].id
        await api.post(
          "/vendor/coupons",
          { title: COUPON, kind: "tiered", tiers: [{ min: 100, off: 20 }, { min: 200, off: 50 }], total: 20, starts_at: new Date(Date.now() - DAY), ends_at: new Date(Date.now() + 30 * DAY) },
          bearer(salon.token)
        )

        // Two earlier customers bought, the shop redeemed their vouchers (completing the orders), and they reviewed it; the shop replied once.
        for (const [email, rating, text] of [
          ["a@marketing-browser.test", 5, "颜色很正，师傅很耐心。"],
          ["b@marketing-browser.test", 4, "效果不错，就是等了一会儿。"],
        ] as const) {
          const token = await customerToken(api, pk, email)
          const { data: cart } = await api.post("/store/carts", { region_id: regionId }, store(token))
          await api.post(`/store/carts/${cart.cart.id}/line-items`, { variant_id: variantId, quantity: 1 }, store(token))
          const { data: done } = await payAndComplete(api, store(token), cart.cart.id)
          await api.post(`/vendor/orders/${done.order.id}/accept`, {}, bearer(salon.token))
          await serveByVouchers(api, getContainer(), done.order.id, salon.token)
          const { data: rev } = await api.post(
            "/store/reviews",
            { order_id: done.order.id, line_item_id: done.order.items[0].id, rating, text },
            store(token)
          )
          if (rating === 4) await api.post(`/vendor/reviews/${rev.review.id}/reply`, { text: "抱歉久等，下次提前为您预留。" }, bearer(salon.token))
        }

        // The consumer of the scenario already has an account with 3 000 points (an operator's adjustment).
        await customerToken(api, pk, BUYER.email, BUYER.password)
        const { data: customers } = await api.get(`/admin/customers?q=${encodeURIComponent(BUYER.email)}`, admin)
        await api.post(`/admin/customers/${customers.customers[0].id}/points/adjust`, { delta: 3000, reason: "开业活动赠送" }, admin)

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

      it("shows a shop's reviews with the summary, the shop's reply and filters, in Chinese and English", async () => {
        const { page, checked } = await newPage()
        await page.goto(`${shop.url}/merchants/${salon.merchant.slug}`)
        const section = page.getByTestId("reviews")
        await section.waitFor()
        expect(await section.locator("h2").textContent()).toContain("(2)")
        expect(await section.textContent()).toContain("★ 4.5")
        const items = section.getByTestId("review")
        expect(await items.count()).toBe(2)
        // Newest first: the 4-star review with the shop's reply was written last.
        expect(await items.nth(0).textContent()).toMatch(/商家回复：\s*抱歉久等，下次提前为您预留。/)
        expect(await items.nth(1).textContent()).toContain("颜色很正，师傅很耐心。")
        // 有图: no review has photos, so the filtered list is empty.
        await section.getByRole("link", { name: /有图/ }).click()
        await page.waitForURL(/has_photos=1/)
        expect(await page.getByTestId("review").count()).toBe(0)
        expect(await imagesWithoutAlt(page)).toEqual([])
        await shot(page, "reviews-phone")

        await page.goto(`${shop.url}/en/merchants/${salon.merchant.slug}`)
        await page.getByTestId("reviews").waitFor()
        expect(await page.getByTestId("reviews").locator("h2").textContent()).toContain("Reviews")
        expect(await page.getByTestId("reviews").textContent()).toContain("Shop's reply:")
        expect(await checked()).toEqual([])
      })

      it("a buyer writes a review from 我的评价: a phone number is refused with the backend's message, then it is posted", async () => {
        const store = (token: string) => storeHeaders(pk, { authorization: `Bearer ${token}` })
        const email = "reviewer@marketing-browser.test"
        const token = await customerToken(api, pk, email, "cust-pass-1")
        const { data: cart } = await api.post("/store/carts", { region_id: regionId }, store(token))
        await api.post(`/store/carts/${cart.cart.id}/line-items`, { variant_id: variantId, quantity: 1 }, store(token))
        const { data: done } = await payAndComplete(api, store(token), cart.cart.id)
        await api.post(`/vendor/orders/${done.order.id}/accept`, {}, bearer(salon.token))
        await serveByVouchers(api, getContainer(), done.order.id, salon.token)

        const { page, checked } = await newPage()
        await page.goto(`${shop.url}/account`)
        await page.locator("#si-email").fill(email)
        await page.locator("#si-password").fill("cust-pass-1")
        await page.getByTestId("signin-form").getByRole("button").click()
        await page.getByTestId("welcome").waitFor()
        await page.goto(`${shop.url}/account/reviews`)
        const line = page.getByTestId("to-review-line").filter({ hasText: "染发套餐" })
        await line.getByTestId("write-review").click()
        const form = line.getByTestId("review-form")
        await form.getByTestId("rating-4").check()
        await form.getByTestId("sub-skill").selectOption("5")
        await form.getByTestId("review-text").fill("颜色不错，预约请打 13812345678")
        await form.getByTestId("review-submit").click()
        await form.getByRole("alert").waitFor()
        expect(await form.getByRole("alert").textContent()).toMatch(/电话|phone/)
        // The choices survive the refusal.
        expect(await form.getByTestId("rating-4").isChecked()).toBe(true)
        await form.getByTestId("review-text").fill("颜色不错，师傅手法专业。")
        await form.getByTestId("review-anonymous").check()
        await form.getByTestId("review-submit").click()
        await page.getByTestId("review-submitted").waitFor()
        expect(await page.getByTestId("to-review-line").count()).toBe(0)
        expect(await imagesWithoutAlt(page)).toEqual([])

        // The author still sees their own name; everyone else sees 匿名用户.
        const visitor = await newPage()
        await visitor.page.goto(`${shop.url}/merchants/${salon.merchant.slug}`)
        const newest = visitor.page.getByTestId("review").first()
        expect(await newest.textContent()).toContain("颜色不错，师傅手法专业。")
        expect(await newest.textContent()).toContain("匿名用户")
        expect(await newest.textContent()).toContain("技术 5")
        expect(await visitor.page.getByTestId("reviews").locator("h2").textContent()).toContain("(3)")
        expect([...(await checked()), ...(await visitor.checked())]).toEqual([])
      })

      it("a signed-in consumer claims the shop's 满减 coupon, checkout suggests and applies it, then points lower the total", async () => {
        const { page, checked } = await newPage({ width: 1280, height: 800 })
        // Signed out, the coupon is shown with a way to sign in.
        await page.goto(`${shop.url}/merchants/${salon.merchant.slug}`)
        const coupon = page.getByTestId("shop-coupon").filter({ hasText: COUPON })
        await coupon.getByRole("link", { name: "登录后领取" }).click()
        await page.locator("#si-email").fill(BUYER.email)
        await page.locator("#si-password").fill(BUYER.password)
        await page.getByTestId("signin-form").getByRole("button").click()
        await page.getByTestId("welcome").waitFor()

        await page.goto(`${shop.url}/merchants/${salon.merchant.slug}`)
        await page.getByTestId("shop-coupon").filter({ hasText: COUPON }).getByRole("button", { name: /领取/ }).click()
        await page.getByTestId("shop-coupon").filter({ hasText: COUPON }).getByText("已领取").first().waitFor()

        // ¥150 in the cart reaches 满100减20, not 满200减50.
        await page.getByRole("button", { name: /加入购物车：染发套餐/ }).click()
        await page.getByText("已加入购物车").waitFor()
        await page.goto(`${shop.url}/checkout`)
        const picker = page.getByTestId("cart-coupons")
        await picker.waitFor()
        const option = picker.locator("label").filter({ hasText: COUPON })
        expect(await option.textContent()).toContain("最划算")
        expect(await option.textContent()).toContain("−¥20")
        expect(await total(page)).toContain("¥150")
        await picker.getByTestId("apply-coupon").click()
        await page.getByTestId("discount-total").waitFor()
        expect(await page.getByTestId("discount-total").textContent()).toContain("¥20")
        await page.waitForFunction(() => document.querySelector('[data-testid="cart-total"]')?.textContent?.includes("¥130"))

        // 3 000 points may pay at most half of ¥130: 3 000 points = ¥30 off, leaving ¥100.
        const points = page.getByTestId("cart-points")
        expect(await points.textContent()).toContain("余额 3000 积分")
        await points.getByTestId("points-input").fill("3000")
        await points.getByTestId("apply-points").click()
        await page.getByTestId("points-total").waitFor()
        expect(await page.getByTestId("points-total").textContent()).toContain("¥30")
        await page.waitForFunction(() => document.querySelector('[data-testid="cart-total"]')?.textContent?.includes("¥100"))
        await shot(page, "checkout-coupon-points-desktop")

        // The wallet and the points page show the same state.
        await page.goto(`${shop.url}/account/coupons`)
        expect(await page.getByTestId("wallet").textContent()).toContain(COUPON)
        await page.goto(`${shop.url}/account/points`)
        expect(await page.getByTestId("points-balance").textContent()).toContain("3000")
        expect(await checked()).toEqual([])
      })
    },
  })
}
