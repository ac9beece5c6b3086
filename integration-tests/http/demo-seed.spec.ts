import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../src/modules/merchant"
import type MerchantModuleService from "../../src/modules/merchant/service"
import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { seedDemoMerchants, type DemoSeedResult } from "../../src/scripts/seed/demo-merchants"
import { seedDemoBookings } from "../../src/scripts/seed/demo-bookings"
import { seedDemoCoupons } from "../../src/scripts/seed/demo-coupons"
import { seedPlatform } from "../../src/scripts/seed/platform"
import { adminHeaders, storeHeaders } from "../helpers/admin"
import { bearer, customerToken } from "../helpers/merchant"

jest.setTimeout(240 * 1000)

const OPERATOR = { email: "ops@tongcheng.test", password: "ops-pass-1" }
// Generous box around 上海市 (崇明 to 金山, 青浦 to 浦东 coast).
const SHANGHAI = { minLat: 30.67, maxLat: 31.88, minLng: 120.85, maxLng: 122.2 }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let admin: { headers: Record<string, string> }
    let seeded: DemoSeedResult
    let logged: string[]
    let uploaded: string[] = []
    let bookable = 0

    beforeAll(async () => {
      const container = getContainer()
      const platform = await seedPlatform(container, { adminEmail: OPERATOR.email, adminPassword: OPERATOR.password })
      await seedMerchantCategories(container)
      pk = platform.publishable_key

      const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
      const spy = jest.spyOn(logger, "info")
      seeded = await seedDemoMerchants(container)
      bookable = await seedDemoBookings(container)
      logged = spy.mock.calls.map((c) => String(c[0]))
      spy.mockRestore()

      admin = await adminHeaders(api, OPERATOR.email, OPERATOR.password)

      const merchantService: MerchantModuleService = container.resolve(MERCHANT_MODULE)
      const shops = await merchantService.listMerchants({}, { take: 100 })
      const products = await container.resolve(Modules.PRODUCT).listProducts({}, { select: ["thumbnail"], take: 500 })
      uploaded = [
        ...shops.flatMap((m) => [m.logo, m.licence_image, ...((m.photos as string[] | null) ?? [])]),
        ...products.map((p) => p.thumbnail),
      ].filter((u): u is string => !!u)
    })

    // The local file provider writes into ./static; leave no pictures behind from a test run.
    afterAll(() => {
      for (const ref of uploaded) {
        // Public pictures are URLs under /static; private licence scans are file keys in private-uploads.
        if (/^https?:/.test(ref)) {
          const key = decodeURIComponent(new URL(ref).pathname).replace(/^\/static\//, "")
          fs.rmSync(path.join(process.cwd(), "static", key), { force: true })
        } else fs.rmSync(path.join(process.cwd(), "private-uploads", ref), { force: true })
      }
    })

    const store = () => storeHeaders(pk)

    async function listApproved() {
      const { data } = await api.get("/store/merchants?limit=100", store())
      return data as { merchants: any[]; count: number }
    }

    it("creates 30 approved shops in 上海 across the categories without failures", async () => {
      expect(seeded.skipped).toEqual([])
      expect(seeded.created).toBe(31)

      const { merchants, count } = await listApproved()
      expect(count).toBeGreaterThanOrEqual(30)
      expect(merchants.length).toBe(count)
      const categories = new Set(merchants.map((m) => m.category))
      expect(categories.size).toBeGreaterThanOrEqual(5)
      for (const slug of ["food", "takeout", "housekeeping", "beauty", "fitness", "pets", "repair"]) {
        expect(categories).toContain(slug)
      }

      for (const m of merchants) {
        expect(m.city).toBe("上海")
        expect(m.province).toBe("上海市")
        expect(m.district).toMatch(/区$/)
        expect(m.street).toMatch(/\d+ 号/)
        expect(m.lat).toBeGreaterThan(SHANGHAI.minLat)
        expect(m.lat).toBeLessThan(SHANGHAI.maxLat)
        expect(m.lng).toBeGreaterThan(SHANGHAI.minLng)
        expect(m.lng).toBeLessThan(SHANGHAI.maxLng)
        expect(m.phone).toMatch(/^\+86/)
        expect(m.logo).toMatch(/\.png$/)
        expect(m.photos.length).toBeGreaterThanOrEqual(2)
        expect(Object.keys(m.business_hours.weekly).length).toBeGreaterThanOrEqual(6)
      }
      // Shops in one neighbourhood are spread out, not stacked on one pin.
      expect(new Set(merchants.map((m) => `${m.lat},${m.lng}`)).size).toBe(merchants.length)

      // Names later search tests look for.
      const byName = new Map(merchants.map((m) => [m.name, m]))
      expect(byName.get("重庆老火锅")?.category).toBe("food")
      expect(byName.get("家庭保洁服务")?.category).toBe("housekeeping")
      const nail = merchants.filter((m) => m.name.includes("美甲"))
      expect(nail.map((m) => m.category)).toEqual(["beauty"])
      expect(merchants.filter((m) => m.name.includes("美食") && m.name.includes("美甲"))).toEqual([])

      // Housekeeping rests on Sunday; hotpot trades past midnight.
      expect(byName.get("家庭保洁服务")!.business_hours.weekly.sun).toBeUndefined()
      expect(byName.get("重庆老火锅")!.business_hours.weekly.fri).toContainEqual({ open: "17:00", close: "02:00" })
    })

    it("keeps the pending applicant out of the store but in the operators' review queue with a full application", async () => {
      const { merchants } = await listApproved()
      expect(merchants.map((m) => m.name)).not.toContain("阿芳家常菜")

      const { data } = await api.get("/admin/merchants?status=pending", admin)
      const pending = data.merchants.find((m: any) => m.name === "阿芳家常菜")
      expect(pending).toBeDefined()
      expect(pending.status).toBe("pending")
      for (const field of ["licence_code", "licence_image", "legal_name", "logo", "phone", "street", "district"]) {
        expect(pending[field]).toBeTruthy()
      }
      expect(pending.licence_code).toHaveLength(18)
      // The licence scan is private: not a /static URL anyone could open, but served to an operator.
      expect(pending.licence_image).not.toMatch(/^https?:|\/static\//)
      expect(fs.existsSync(path.join(process.cwd(), "static", pending.licence_image))).toBe(false)
      const scan = await api.get(`/admin/merchants/${pending.id}/licence-image`, { ...admin, responseType: "arraybuffer" })
      expect([scan.status, scan.headers["content-type"]]).toEqual([200, "image/png"])
      expect(Buffer.from(scan.data).subarray(1, 4).toString()).toBe("PNG")
      const refused = await api.get(`/admin/merchants/${pending.id}/licence-image`).catch((e) => e.response)
      expect(refused.status).toBe(401)

      const page = await api.get(`/store/merchants/${pending.id}`, store()).catch((e) => e.response)
      expect(page.status).toBe(404)
    })

    it("gives every shop 2–5 published products priced in CNY, goods for food and services for the rest", async () => {
      const { merchants } = await listApproved()
      const pages = await Promise.all(merchants.map((m) => api.get(`/store/merchants/${m.id}`, store())))
      for (const { data } of pages) {
        const { merchant } = data
        expect(merchant.products.length).toBeGreaterThanOrEqual(2)
        expect(merchant.products.length).toBeLessThanOrEqual(5)
        for (const p of merchant.products) {
          expect(p.thumbnail).toMatch(/\.png$/)
          for (const v of p.variants) {
            expect(v.currency_code).toBe("cny")
            expect(v.price).toBeGreaterThan(0)
          }
        }
        if (merchant.category === "housekeeping" || merchant.category === "beauty") {
          expect(merchant.products.every((p: any) => p.kind === "service")).toBe(true)
        }
      }

      const hotpot = pages.map((p) => p.data.merchant).find((m) => m.name === "重庆老火锅")
      const maoxuewang = hotpot.products.find((p: any) => p.title === "招牌毛血旺")
      expect(maoxuewang.kind).toBe("goods")
      expect(maoxuewang.variants[0].price).toBe(58)

      const cleaning = pages.map((p) => p.data.merchant).find((m) => m.name === "家庭保洁服务")
      const deep = cleaning.products.find((p: any) => p.title === "深层保洁 3 小时")
      expect(deep.kind).toBe("service")
      expect(deep.variants[0].price).toBe(299)

      // Goods are stocked at the shop's own location.
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: variants } = await query.graph({
        entity: "product_variant",
        fields: ["id", "inventory_items.inventory.location_levels.stocked_quantity"],
        filters: { id: maoxuewang.variants[0].id },
      })
      expect((variants[0] as any).inventory_items[0].inventory.location_levels[0].stocked_quantity).toBe(80)
    })

    it("prints a merchant login that signs in and shows its salon, with a dated holiday", async () => {
      expect(seeded.login).toEqual({ email: "demo-merchant@tongcheng.local", password: "tongcheng-merchant" })
      expect(logged.some((l) => l.includes("demo-merchant@tongcheng.local") && l.includes("tongcheng-merchant"))).toBe(
        true
      )

      const { data: auth } = await api.post("/auth/merchant/emailpass", seeded.login)
      const me = await api.get("/vendor/me", bearer(auth.token))
      expect(me.data.member.role).toBe("owner")
      expect(me.data.merchant.name).toContain("美甲")
      expect(me.data.merchant.status).toBe("approved")
      const today = new Date().toISOString().slice(0, 10)
      const exceptions = me.data.merchant.business_hours.exceptions
      expect(exceptions.length).toBeGreaterThanOrEqual(1)
      for (const ex of exceptions) expect(ex.date > today).toBe(true)

      // Every other owner uses the same password.
      const other = await api.post("/auth/merchant/emailpass", { email: "shop01@tongcheng.local", password: "tongcheng-merchant" })
      const hotpot = await api.get("/vendor/me", bearer(other.data.token))
      expect(hotpot.data.merchant.name).toBe("重庆老火锅")

      const wrong = await api
        .post("/auth/merchant/emailpass", { email: seeded.login.email, password: "wrong-password" })
        .catch((e) => e.response)
      expect(wrong.status).toBe(401)
    })

    it("makes the demo salons, cleaners, gyms and pet shops bookable, with free slots this week, once", async () => {
      expect(bookable).toBeGreaterThanOrEqual(10)
      const { data: auth } = await api.post("/auth/merchant/emailpass", seeded.login)
      const me = await api.get("/vendor/me", bearer(auth.token))
      const { data } = await api.get(`/store/merchants/${me.data.merchant.id}/offerings`, store())
      expect(data.offerings.length).toBeGreaterThan(0)
      let free = 0
      for (let d = 1; d <= 7 && !free; d++) {
        const date = new Date(Date.now() + d * 86400000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })
        const slots = await api.get(
          `/store/merchants/${me.data.merchant.id}/availability?offering=${data.offerings[0].id}&date=${date}`,
          store()
        )
        free += slots.data.slots.filter((s: any) => s.remaining > 0).length
      }
      expect(free).toBeGreaterThan(0)
      expect(await seedDemoBookings(getContainer())).toBe(0)
    })

    it("offers demo coupons a visitor can see and a signed-in customer can claim, seeded once", async () => {
      expect(await seedDemoCoupons(getContainer())).toBe(4)
      const { merchants } = await listApproved()
      const hotpot = merchants.find((m) => m.name === "重庆老火锅")
      // Signed out: the shop's 满减 and the platform coupon are shown, nothing about a wallet.
      const { data } = await api.get(`/store/coupons?merchant_id=${hotpot.id}`, store())
      const titles = data.coupons.map((c: any) => c.title).sort()
      expect(titles).toEqual(["同城平台券 满50减5", "火锅满减 满100减20 / 满200减50"])
      const tiered = data.coupons.find((c: any) => c.kind === "tiered")
      expect(tiered.tiers.map((t: any) => [t.min, t.off])).toEqual([[100, 20], [200, 50]])
      expect(tiered.claimed_by_me).toBe(0)
      // Claiming needs a customer.
      const anon = await api.post(`/store/coupons/${tiered.id}/claim`, {}, store()).catch((e) => e.response)
      expect(anon.status).toBe(401)
      const token = await customerToken(api, pk, "coupon-demo@tongcheng.test")
      const claimed = await api.post(`/store/coupons/${tiered.id}/claim`, {}, storeHeaders(pk, { authorization: `Bearer ${token}` }))
      expect(claimed.status).toBe(201)
      const mine = await api.get(`/store/coupons?merchant_id=${hotpot.id}`, storeHeaders(pk, { authorization: `Bearer ${token}` }))
      expect(mine.data.coupons.find((c: any) => c.id === tiered.id).claimed_by_me).toBe(1)
      expect(await seedDemoCoupons(getContainer())).toBe(0)
    })

    it("serves the seeded logo and photos as PNG images from the file module", async () => {
      const { merchants } = await listApproved()
      const salon = merchants.find((m) => m.name.includes("美甲"))
      for (const url of [salon.logo, salon.photos[0]]) {
        const res = await api.get(new URL(url).pathname, { responseType: "arraybuffer" })
        expect(res.status).toBe(200)
        expect(res.headers["content-type"]).toMatch(/^image\/png/)
        const body = Buffer.from(res.data)
        expect(body.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a")
        expect(body.length).toBeLessThan(50_000)
      }
    })

    it("adds nothing when run again", async () => {
      const container = getContainer()
      const merchantService: MerchantModuleService = container.resolve(MERCHANT_MODULE)
      const productModule = container.resolve(Modules.PRODUCT)
      const authModule = container.resolve(Modules.AUTH)
      const stockLocations = container.resolve(Modules.STOCK_LOCATION)
      const counts = async () => ({
        merchants: (await merchantService.listAndCountMerchants({}, { take: 1 }))[1],
        members: (await merchantService.listAndCountMerchantMembers({}, { take: 1 }))[1],
        products: (await productModule.listAndCountProducts({}, { take: 1 }))[1],
        identities: (await authModule.listAndCountAuthIdentities({}, { take: 1 }))[1],
        locations: (await stockLocations.listAndCountStockLocations({}, { take: 1 }))[1],
      })
      const before = await counts()
      expect(before.merchants).toBe(31)

      const again = await seedDemoMerchants(container)
      expect(again.created).toBe(0)
      expect(again.skipped).toEqual([])
      expect(again.existing).toBe(31)
      expect(await counts()).toEqual(before)
    })
  },
})
