import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import zlib from "node:zlib"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { Browser, BrowserContext } from "playwright-core"
import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { seedPlatform } from "../../src/scripts/seed/platform"
import { adminHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer, customerToken } from "../helpers/merchant"
// Importing the gateway double configures WeChat Pay / Alipay against it before Medusa boots.
import { aliNotify, ALIPAY, GW_PORT, gw, server as gateway, WECHAT, wxCallback, wxTransaction } from "../helpers/pay-gateway"
import { DESKTOP, horizontalOverflow, imagesWithoutAlt, openPage, PHONE, shot } from "./pages"
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, ensureInstalled, STOREFRONT, startStorefront, type RunningStorefront } from "./storefront-server"

jest.setTimeout(240 * 1000)

/*
 * The consumer web shop (storefront/) driven in Debian's Chromium against a real backend: the runner
 * boots Medusa on a free port, the suite starts `next start` pointed at it, and every page is checked
 * for console errors and images without alt text on the way.
 */

// 人民广场 as a phone reports it (WGS-84); the storefront has the backend convert it to GCJ-02.
const PEOPLES_SQUARE_WGS84 = { latitude: 31.2323, longitude: 121.4692 }
const TZ = "Asia/Shanghai"
/** An appointment time as a zh-CN reader sees it on the storefront (shop time, 上海). */
const shownAt = (iso: string) =>
  new Intl.DateTimeFormat("zh-CN", { year: "numeric", month: "short", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: TZ }).format(new Date(iso))
/** The 上海 calendar date `days` from now (YYYY-MM-DD). */
const shanghaiDate = (days: number, from = Date.now()) => new Intl.DateTimeFormat("en-CA", { timeZone: TZ }).format(new Date(from + days * 86_400_000))

/**
 * Does this QR image (a PNG data URL, as the pay page renders it) carry exactly `text`? The image is read
 * pixel by pixel and compared, module by module, with the symbol the `qrcode` package builds for `text` at
 * each error-correction level. qrcode and pngjs come from the storefront's own install.
 */
function qrEncodes(dataUrl: string, text: string): boolean {
  const sfRequire = createRequire(path.join(STOREFRONT, "package.json"))
  const QRCode = sfRequire("qrcode")
  const { PNG } = createRequire(sfRequire.resolve("qrcode"))("pngjs")
  const img = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"))
  const dark = (x: number, y: number) => img.data[(y * img.width + x) * 4] < 128
  let [minX, minY, maxX, maxY] = [img.width, img.height, -1, -1]
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (dark(x, y)) [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)]
  if (maxX < 0) return false
  return ["L", "M", "Q", "H"].some((level) => {
    const modules = QRCode.create(text, { errorCorrectionLevel: level }).modules
    const n = modules.size
    const cellW = (maxX - minX + 1) / n
    const cellH = (maxY - minY + 1) / n
    if (cellW < 2 || Math.abs(cellW - cellH) > 0.5) return false
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        const on = dark(Math.floor(minX + (c + 0.5) * cellW), Math.floor(minY + (r + 0.5) * cellH))
        if (on !== Boolean(modules.get(r, c))) return false
      }
    return true
  })
}

/** A small solid-colour PNG, so shop pictures are real images without a file server. */
function png(r: number, g: number, b: number, size = 24) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, "ascii"), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())])
  const raw = Buffer.concat(Array.from({ length: size }, () => row))
  const file = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ])
  return `data:image/png;base64,${file.toString("base64")}`
}

if (!fs.existsSync(CHROMIUM)) {
  // Said plainly and counted as skipped, never as passed.
  console.warn(`skipped: chromium not installed (${CHROMIUM}; apt-get install -y chromium)`)
  describe("storefront in a real browser", () => {
    it.skip("skipped: chromium not installed", () => {})
  })
} else {
  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer }) => {
      let pk: string
      let regionId: string
      let offeringId: string
      let browser: Browser
      let shop: RunningStorefront
      let salon: { merchant: any; token: string }
      let hotpot: { merchant: any; token: string }
      const opened: BrowserContext[] = []

      const newPage = (opts: { viewport?: typeof PHONE; geolocation?: boolean } = {}) =>
        openPage(browser, opened, { viewport: opts.viewport, geolocation: opts.geolocation ? PEOPLES_SQUARE_WGS84 : undefined })

      beforeAll(async () => {
        ensureInstalled()
        ensureBuilt()
        const container = getContainer()
        const seeded = await seedPlatform(container, { adminEmail: "ops@browser.test", adminPassword: "ops-pass-1" })
        await seedMerchantCategories(container)
        pk = seeded.publishable_key
        const admin = await adminHeaders(api, "ops@browser.test", "ops-pass-1")
        // The seed offers only the system provider in 中国; the operator adds the configured gateways.
        await api.post(
          `/admin/regions/${seeded.region_id}`,
          { payment_providers: ["pp_system_default", "pp_wechatpay_wechatpay", "pp_alipay_alipay"] },
          admin
        )

        salon = await applyAsMerchant(api, "salon@browser.test", 301, {
          name: "剪艺沙龙",
          category: "beauty",
          description: "人民广场旁的美发沙龙，洗剪吹、染烫、头皮护理。",
          street: "南京西路 88 号",
          district: "黄浦区",
          lat: 31.2316,
          lng: 121.4761,
          logo: png(214, 51, 138),
          photos: [png(240, 180, 200), png(200, 120, 160)],
        })
        hotpot = await applyAsMerchant(api, "hotpot@browser.test", 302, {
          name: "重庆老火锅",
          category: "food",
          description: "正宗重庆牛油火锅",
          street: "西藏中路 20 号",
          district: "黄浦区",
          lat: 31.2291,
          lng: 121.4722,
          logo: png(229, 83, 61),
        })
        for (const s of [salon, hotpot]) await api.post(`/admin/merchants/${s.merchant.id}/approve`, {}, admin)

        const cut = (
          await api.post("/vendor/products", { title: "洗剪吹", kind: "service", variants: [{ title: "标准", price: 88 }] }, bearer(salon.token))
        ).data.product
        await api.post("/vendor/products", { title: "护发精油", kind: "goods", variants: [{ title: "50ml", price: 68, stock: 10 }] }, bearer(salon.token))
        await api.post("/vendor/products", { title: "招牌毛血旺", kind: "service", variants: [{ title: "标准", price: 58 }] }, bearer(hotpot.token))
        // One chair: every slot has exactly one place, so each is "the last one".
        const chair = (await api.post("/vendor/booking/resources", { kind: "staff", name: "王师傅", capacity: 1 }, bearer(salon.token))).data.resource
        const { data: offered } = await api.post(
          "/vendor/booking/offerings",
          { variant_id: cut.variants[0].id, duration_minutes: 60, slot_step_minutes: 60, min_notice_minutes: 0, horizon_days: 14, resource_ids: [chair.id] },
          bearer(salon.token)
        )
        offeringId = offered.offering.id
        regionId = seeded.region_id

        // The nearby index is filled by subscribers after the approvals; wait for it like a client would.
        const deadline = Date.now() + 15_000
        for (;;) {
          const { data } = await api.get("/store/merchants/search?lat=31.2304&lng=121.4737", { headers: { "x-publishable-api-key": pk } })
          if (data.count >= 2 || Date.now() > deadline) break
          await new Promise((r) => setTimeout(r, 200))
        }

        await new Promise<void>((r) => gateway.listen(GW_PORT, "127.0.0.1", () => r()))
        shop = await startStorefront(String(api.defaults.baseURL), pk)
        const { chromium } = await import("playwright-core")
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      })

      afterEach(async () => {
        await Promise.all(opened.splice(0).map((c) => c.close()))
      })

      afterAll(async () => {
        await new Promise((r) => gateway.close(r))
        await browser?.close()
        await shop?.stop()
      })

      it("a consumer at 人民广场 finds a salon nearby, books a free slot, signs up, pays and sees the redemption code", async () => {
        const { page, errors } = await newPage({ geolocation: true })
        await page.goto(`${shop.url}/`)
        expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN")
        await page.getByTestId("locate").click()
        await page.getByTestId("current-place").filter({ hasText: "我的位置" }).waitFor()
        const card = page.getByTestId("merchant-card").filter({ hasText: "剪艺沙龙" })
        await card.waitFor()
        expect(await card.getByTestId("distance").textContent()).toMatch(/距离 \d+(\.\d)?(米|公里)/)
        expect(await card.textContent()).toMatch(/营业中|休息中/)
        expect(await page.getByTestId("shortcut-beauty").textContent()).toContain("美容美发")
        expect(await imagesWithoutAlt(page)).toEqual([])
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
        await shot(page, "home-phone")

        await card.click()
        await page.waitForURL(/\/merchants\//)
        // A client-side navigation changes the URL before the new page's head is in: wait for the page itself.
        await page.getByTestId("merchant-page").waitFor()
        await page.waitForFunction(() => document.title.includes("剪艺沙龙"))
        expect(await page.title()).toContain("剪艺沙龙")
        expect(await page.locator('meta[name="description"]').getAttribute("content")).toContain("南京西路 88 号")
        const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!)
        expect(ld).toMatchObject({ "@type": "BeautySalon", name: "剪艺沙龙", address: { streetAddress: "南京西路 88 号" } })
        expect(ld.openingHoursSpecification.length).toBeGreaterThanOrEqual(7)
        expect(await page.locator(".gallery img").count()).toBe(2)
        expect(await page.getByTestId("merchant-distance").textContent()).toMatch(/距我的位置 \d+/)
        expect(await page.getByTestId("product").filter({ hasText: "洗剪吹" }).textContent()).toContain("¥88")
        expect(await imagesWithoutAlt(page)).toEqual([])
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)

        // Tomorrow always has room: the shop opens 10:00–22:00 and the chair is free.
        await page.locator(".days .day").nth(1).click()
        const slot = page.locator(".slot").first()
        expect(await slot.textContent()).toContain("余 1")
        const start = await slot.getAttribute("data-start")
        await slot.click()
        await shot(page, "merchant-phone")
        await page.getByTestId("confirm-slot").click()
        await page.waitForURL(/\/cart$/)
        expect(await page.getByTestId("cart-appointment").textContent()).toContain("预约时间")
        await shot(page, "cart-phone")

        await page.getByTestId("go-checkout").click()
        await page.waitForURL(/\/checkout$/)
        const signup = page.getByTestId("signup-form")
        await signup.locator("#su-last").fill("王")
        await signup.locator("#su-first").fill("小明")
        await signup.locator("#su-email").fill("xiaoming@browser.test")
        await signup.locator("#su-password").fill("password-123")
        await signup.getByRole("button").click()
        const form = page.getByTestId("checkout-form")
        await form.waitFor()
        await form.locator("#co-phone").fill("13800138000")
        await form.getByTestId("provider-pp_wechatpay_wechatpay").check()
        await shot(page, "checkout-phone")
        await form.getByTestId("pay").click()

        // WeChat Pay Native: the page shows the QR of the code_url the gateway issued for ¥88 (8 800 fen).
        await page.waitForURL(/\/checkout\/pay/)
        const qr = page.getByTestId("pay-qr")
        await qr.waitFor()
        const [outTradeNo, trade] = [...gw.wx.trades.entries()].at(-1)!
        expect(trade.body.amount.total).toBe(8800)
        expect(await qr.getAttribute("data-qr-text")).toBe(trade.code_url)
        // And the picture itself, read module by module, is that code_url (and not another one).
        const qrSrc = (await qr.getAttribute("src"))!
        expect(qrEncodes(qrSrc, trade.code_url!)).toBe(true)
        expect(qrEncodes(qrSrc, `${trade.code_url}0`)).toBe(false)
        expect(await qr.getAttribute("alt")).toMatch(/微信支付/)
        expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
        await shot(page, "pay-wechat-phone")
        await page.setViewportSize(DESKTOP)
        await shot(page, "pay-wechat-desktop")
        await page.setViewportSize(PHONE)
        // The customer scans and pays; WeChat sends its signed, encrypted notification to our callback.
        gw.pay(outTradeNo)
        const cb = wxCallback(wxTransaction(outTradeNo, 8800, trade.body.attach))
        const notified = await fetch(`${api.defaults.baseURL}/hooks/wechatpay`, { method: "POST", headers: cb.headers, body: cb.body })
        expect(notified.status).toBe(200)

        // The page, polling, moves on to the order by itself.
        await page.waitForURL(/\/orders\/order_/, { timeout: 30_000 })
        const code = (await page.getByTestId("redemption-code").textContent())!.replace(/\s/g, "")
        expect(code).toMatch(/^\d{8}$/)
        expect(await page.getByTestId("order-total").textContent()).toContain("¥88")
        expect(await page.getByTestId("redemption-qr").getAttribute("alt")).toContain(code)
        expect(await page.getByTestId("appointment-time").textContent()).toBe(shownAt(start!))
        // The code on screen is the one the shop will redeem, for the slot that was picked.
        const [appt] = await (getContainer().resolve("booking") as any).listBookingAppointments({ status: ["confirmed"] })
        expect(appt.code).toBe(code)
        expect(new Date(appt.start_at).toISOString()).toBe(start)
        expect(await imagesWithoutAlt(page)).toEqual([])
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
        await shot(page, "confirmation-phone")

        await page.goto(`${shop.url}/account/appointments`)
        expect(await page.getByTestId("appointment").first().textContent()).toContain(code)
        expect(errors).toEqual([])
      })

      it("a second consumer cannot take the same last slot", async () => {
        const a = await newPage()
        const b = await newPage()
        const merchantUrl = `${shop.url}/merchants/${salon.merchant.slug}`
        for (const { page } of [a, b]) {
          await page.goto(merchantUrl)
          await page.locator(".days .day").nth(1).click()
          await page.locator(".slot").first().click()
        }
        const start = await a.page.locator(".slot.active").getAttribute("data-start")
        expect(await b.page.locator(".slot.active").getAttribute("data-start")).toBe(start)

        await a.page.getByTestId("confirm-slot").click()
        await a.page.waitForURL(/\/cart$/)
        await b.page.getByTestId("confirm-slot").click()
        const alert = b.page.locator(".slot-picker [role=alert]")
        await alert.waitFor()
        expect(await alert.textContent()).toContain("约满")
        // The taken slot is gone from the second consumer's list once it refreshes.
        await b.page.waitForFunction((s) => !document.querySelector(`.slot[data-start="${s}"]`), start)
        await shot(b.page, "slot-taken-phone")
        const { data } = await api.get(`/store/carts/${(await b.page.context().cookies()).find((c) => c.name === "tc_cart")?.value}`, {
          headers: { "x-publishable-api-key": pk },
        })
        expect(data.cart.items).toEqual([])
        expect([...a.errors, ...b.errors]).toEqual([])
      })

      it("my appointments: the consumer reschedules to another free slot, then cancels inside the free window and is refunded", async () => {
        const { page, errors } = await newPage()
        // Each test starts from the state after beforeAll: this consumer books and pays with WeChat Pay first.
        const email = "xiaohong@browser.test"
        const token = await customerToken(api, pk, email, "password-123")
        const h = { headers: { "x-publishable-api-key": pk, authorization: `Bearer ${token}` } }
        const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 86_400_000))
        const { data: avail } = await api.get(`/store/merchants/${salon.merchant.id}/availability?offering=${offeringId}&date=${day}`, h)
        const { data: cart } = await api.post("/store/carts", { region_id: regionId }, h)
        await api.post(`/store/carts/${cart.cart.id}/appointments`, { offering_id: offeringId, start_at: avail.slots[0].start_at }, h)
        await api.post(
          `/store/carts/${cart.cart.id}`,
          { shipping_address: { first_name: "小", last_name: "红", address_1: "人民大道 1 号", city: "上海", country_code: "cn", phone: "13900000001" } },
          h
        )
        const { data: pc } = await api.post("/store/payment-collections", { cart_id: cart.cart.id }, h)
        const { data: withSession } = await api.post(
          `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
          { provider_id: "pp_wechatpay_wechatpay", data: { trade_type: "NATIVE" } },
          h
        )
        const session = withSession.payment_collection.payment_sessions.find((x: any) => x.provider_id === "pp_wechatpay_wechatpay")
        gw.pay(session.data.out_trade_no)
        const cb = wxCallback(wxTransaction(session.data.out_trade_no, 8800, session.id))
        expect((await fetch(`${api.defaults.baseURL}/hooks/wechatpay`, { method: "POST", headers: cb.headers, body: cb.body })).status).toBe(200)

        await page.goto(`${shop.url}/account`)
        await page.locator("#si-email").fill(email)
        await page.locator("#si-password").fill("password-123")
        await page.getByTestId("signin-form").getByRole("button").click()
        await page.getByTestId("welcome").waitFor()

        const booking = getContainer().resolve("booking") as any
        const [before] = await booking.listBookingAppointments({ status: ["confirmed"] })
        await page.goto(`${shop.url}/account/appointments`)
        const item = page.getByTestId("appointment").first()
        await item.getByRole("link", { name: "改约" }).click()
        await page.waitForURL(/reschedule=/)
        // Two days later, the first free hour.
        await page.locator(".days .day").nth(2).click()
        const slot = page.locator(".slot").first()
        const newStart = await slot.getAttribute("data-start")
        expect(newStart).not.toBe(new Date(before.start_at).toISOString())
        await slot.click()
        expect(await page.getByTestId("confirm-slot").textContent()).toContain("改约到")
        await page.getByTestId("confirm-slot").click()
        await page.waitForURL(/\/account\/appointments/)
        const [moved] = await booking.listBookingAppointments({ id: before.id })
        expect(new Date(moved.start_at).toISOString()).toBe(newStart)
        expect(moved.status).toBe("confirmed")
        const shown = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(newStart!))
        expect(await page.getByTestId("appointment").first().textContent()).toContain(shown)
        await shot(page, "appointments-rescheduled-phone")

        // Cancelling a paid booking inside the free window refunds it in full through WeChat Pay.
        const cancel = page.getByTestId("appointment").first().getByRole("button", { name: "取消预约" })
        await cancel.click()
        // The refreshed list drops the cancel button (and the message with it) once the booking is cancelled.
        await cancel.waitFor({ state: "detached", timeout: 30_000 })
        const [cancelled] = await booking.listBookingAppointments({ id: before.id })
        expect(cancelled.status).toBe("cancelled")
        expect(cancelled.cancellation.refund_status).toBe("refunded")
        expect([...gw.wx.refunds.values()].map((r) => r.refund)).toEqual([8800])
        expect(errors).toEqual([])
      })

      it("my appointments: a move to a slot someone took meanwhile shows the backend's 409 message and changes nothing; a cancellation shows what was refunded", async () => {
        const email = "xiaolan@browser.test"
        const token = await customerToken(api, pk, email, "password-123")
        const h = { headers: { "x-publishable-api-key": pk, authorization: `Bearer ${token}` } }
        const guest = { headers: { "x-publishable-api-key": pk } }
        const [d1, d2] = [shanghaiDate(1), shanghaiDate(2)]
        const { data: avail } = await api.get(`/store/merchants/${salon.merchant.id}/availability?offering=${offeringId}&date=${d1}&to=${d2}`, h)
        const onDay = (d: string) => avail.slots.map((x: any) => x.start_at as string).filter((x: string) => shanghaiDate(0, new Date(x).getTime()) === d)
        const [booked] = onDay(d1)
        const [, wanted] = onDay(d2)

        // Booked and paid earlier with WeChat Pay (store API + the gateway's signed callback).
        const { data: cart } = await api.post("/store/carts", { region_id: regionId }, h)
        const { data: held } = await api.post(`/store/carts/${cart.cart.id}/appointments`, { offering_id: offeringId, start_at: booked }, h)
        const { data: pc } = await api.post("/store/payment-collections", { cart_id: cart.cart.id }, h)
        const { data: withSession } = await api.post(
          `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
          { provider_id: WECHAT, data: { trade_type: "NATIVE" } },
          h
        )
        const session = withSession.payment_collection.payment_sessions.find((x: any) => x.provider_id === WECHAT)
        gw.pay(session.data.out_trade_no)
        const cb = wxCallback(wxTransaction(session.data.out_trade_no, 8800, session.id))
        expect((await fetch(`${api.defaults.baseURL}/hooks/wechatpay`, { method: "POST", headers: cb.headers, body: cb.body })).status).toBe(200)
        const id = held.appointment.id as string

        const { page, errors } = await newPage()
        await page.goto(`${shop.url}/account`)
        await page.locator("#si-email").fill(email)
        await page.locator("#si-password").fill("password-123")
        await page.getByTestId("signin-form").getByRole("button").click()
        await page.getByTestId("welcome").waitFor()
        await page.goto(`${shop.url}/account/appointments`)
        const row = page.locator(`[data-appointment-id="${id}"]`)
        expect(await row.textContent()).toContain(shownAt(booked))
        await row.getByRole("link", { name: "改约" }).click()
        await page.waitForURL(/reschedule=/)
        // The shop page says which appointment is being moved.
        expect(await page.getByTestId("rescheduling").textContent()).toBe(`正在为 ${shownAt(booked)} 的预约改约，请选择新的时间`)
        const picker = page.getByTestId(`slot-picker-${offeringId}`)
        await picker.locator(`.day[data-date="${d2}"]`).click()
        await picker.locator(`.slot[data-start="${wanted}"]`).click()
        // While the page still shows it free, another consumer holds the chair's only place at that time.
        const { data: other } = await api.post("/store/carts", { region_id: regionId, email: "other@browser.test" }, guest)
        expect((await api.post(`/store/carts/${other.cart.id}/appointments`, { offering_id: offeringId, start_at: wanted }, guest)).status).toBe(201)
        await picker.getByTestId("confirm-slot").click()
        const alert = picker.locator("[role=alert]")
        await alert.waitFor()
        expect(await alert.textContent()).toBe("新时段已约满，原预约保持不变 (the new slot is fully booked; the appointment is unchanged)")
        await page.waitForFunction((s) => !document.querySelector(`.slot[data-start="${s}"]`), wanted)
        expect(page.url()).toMatch(/reschedule=/)
        await shot(page, "reschedule-full-phone")
        const [still] = await (getContainer().resolve("booking") as any).listBookingAppointments({ id })
        expect([still.status, new Date(still.start_at).toISOString()]).toEqual(["confirmed", booked])

        // Back in the list, cancel (more than 2 hours ahead: free): the row says the ¥88 went back.
        await page.goto(`${shop.url}/account/appointments`)
        await row.getByRole("button", { name: "取消预约" }).click()
        await page.locator(`[data-appointment-id="${id}"][data-status="cancelled"]`).waitFor({ timeout: 30_000 })
        expect(await row.getByTestId("cancellation").textContent()).toBe("免费取消 · 已退款 ¥88")
        expect(await row.textContent()).toContain("已取消")
        expect([...gw.wx.refunds.values()].map((r) => r.refund)).toContain(8800)
        await shot(page, "appointment-cancelled-phone")
        expect(errors).toEqual([])
      })

      it("orders goods: adds to cart, checks out with city delivery and Alipay, the signed notify places the order and the page shows it", async () => {
        const { page, errors } = await newPage({ viewport: DESKTOP })
        await page.goto(`${shop.url}/merchants/${salon.merchant.slug}`)
        await page.getByRole("button", { name: "加入购物车：护发精油" }).click()
        await page.locator(".add [role=status]").waitFor()
        await page.getByTestId("nav-cart").click()
        await page.waitForURL(/\/cart$/)
        expect(await page.getByTestId("cart-lines").textContent()).toContain("护发精油")
        expect(await page.getByTestId("cart-total").textContent()).toContain("¥68")
        await page.getByTestId("go-checkout").click()
        await page.waitForURL(/\/checkout$/)
        const signup = page.getByTestId("signup-form")
        await signup.locator("#su-email").fill("lili@browser.test")
        await signup.locator("#su-password").fill("password-456")
        await signup.getByRole("button").click()
        const form = page.getByTestId("checkout-form")
        await form.waitFor()
        await form.locator("#co-name").fill("李丽")
        await form.locator("#co-phone").fill("13900139000")
        // Delivery in the city: ¥5 on top of the goods.
        await form.locator("label.radio", { hasText: "同城配送" }).locator("input").check()
        await form.locator("#co-street").fill("人民大道 200 号")
        await form.getByTestId(`provider-${ALIPAY}`).check()
        await shot(page, "checkout-goods-desktop")
        await form.getByTestId("pay").click()

        await page.waitForURL(/\/checkout\/pay/)
        const qr = page.getByTestId("pay-qr")
        await qr.waitFor()
        const trade = [...gw.ali.trades.values()].find((t) => t.biz.total_amount === "73.00" && t.status === "WAIT_BUYER_PAY")!
        expect(trade).toBeDefined()
        const qrSrc = (await qr.getAttribute("src"))!
        const { data: shown } = await api.get(`/store/carts/${(await page.context().cookies()).find((c) => c.name === "tc_cart")!.value}?fields=id,*payment_collection.payment_sessions`, {
          headers: { "x-publishable-api-key": pk },
        })
        const qrCode = shown.cart.payment_collection.payment_sessions.find((x: any) => x.provider_id === ALIPAY).data.qr_code
        expect(qrCode).toMatch(/^https:\/\/qr\.alipay\.com\//)
        expect(qrEncodes(qrSrc, qrCode)).toBe(true)
        expect(await qr.getAttribute("alt")).toMatch(/支付宝.*¥73/)
        await shot(page, "pay-alipay-desktop")

        // The test plays Alipay: the buyer pays, Alipay posts its signed notify and wants the literal "success".
        gw.pay(trade.biz.out_trade_no)
        const notify = await fetch(`${api.defaults.baseURL}/hooks/alipay`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(aliNotify(trade.biz.out_trade_no, "73.00")).toString(),
        })
        expect(await notify.text()).toBe("success")

        await page.waitForURL(/\/orders\/order_/, { timeout: 30_000 })
        expect(await page.getByTestId("order-total").textContent()).toContain("¥73")
        expect(await page.getByTestId("order-confirmation").textContent()).toContain("护发精油 × 1")
        expect(await page.getByTestId("order-appointment").count()).toBe(0)
        expect(await imagesWithoutAlt(page)).toEqual([])
        await shot(page, "order-goods-desktop")
        await page.goto(`${shop.url}/account/orders`)
        expect(await page.locator("main").textContent()).toContain("¥73")
        expect(errors).toEqual([])
      })

      it("searches with a Chinese keyword, switches to English, and serves sitemap.xml and robots.txt", async () => {
        const { page, errors } = await newPage({ viewport: DESKTOP })
        await page.goto(`${shop.url}/`)
        await shot(page, "home-desktop")
        await page.locator("#home-q").fill("火锅")
        await page.locator("#home-q").press("Enter")
        await page.waitForURL(/\/search\?q=/)
        const names = await page.getByTestId("search-results").locator(".card-title").allTextContents()
        expect(names).toEqual(["重庆老火锅"])
        await page.waitForFunction(() => document.title.includes("火锅"))
        expect(await page.title()).toContain("火锅")
        expect(await page.locator('meta[name="description"]').getAttribute("content")).toContain("火锅")
        await shot(page, "search-desktop")

        await page.getByTestId("lang-switch").click()
        await page.waitForURL(/\/en\/search\?q=/)
        expect(await page.locator("html").getAttribute("lang")).toBe("en")
        expect(await page.locator("h1").textContent()).toBe("“火锅” nearby")
        expect(await page.getByTestId("search-results").textContent()).toMatch(/Open now|Closed/)
        expect(await page.getByTestId("result-count").textContent()).toBe("1 shop")
        await shot(page, "search-en-desktop")

        await page.goto(`${shop.url}/en/merchants/${salon.merchant.slug}`)
        expect(await page.locator("h2", { hasText: "Opening hours" }).count()).toBe(1)
        expect(await page.locator("link[rel=alternate][hreflang=zh-CN]").count()).toBe(1)
        expect(await imagesWithoutAlt(page)).toEqual([])
        await shot(page, "merchant-en-desktop")
        await page.getByTestId("lang-switch").click()
        await page.waitForURL((u) => !u.pathname.startsWith("/en"))
        expect(await page.locator("h2", { hasText: "营业时间" }).count()).toBe(1)

        const sitemap = await (await fetch(`${shop.url}/sitemap.xml`)).text()
        expect(sitemap).toContain(`/merchants/${salon.merchant.slug}</loc>`)
        expect(sitemap).toContain(`/merchants/${hotpot.merchant.slug}</loc>`)
        const robots = await (await fetch(`${shop.url}/robots.txt`)).text()
        expect(robots).toContain(`Sitemap: ${shop.url}/sitemap.xml`)
        expect(errors).toEqual([])
      })
    },
  })
}
