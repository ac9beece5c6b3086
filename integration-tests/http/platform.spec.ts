import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { seedPlatform, PLATFORM } from "../../src/scripts/seed/platform"
import { adminHeaders, storeHeaders } from "../helpers/admin"

jest.setTimeout(120 * 1000)

const ADMIN = { email: "operator@tongcheng.test", password: "s3cret-测试" }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let seeded: Awaited<ReturnType<typeof seedPlatform>>

    beforeAll(async () => {
      seeded = await seedPlatform(getContainer(), { adminEmail: ADMIN.email, adminPassword: ADMIN.password })
    })

    it("answers /health", async () => {
      const res = await api.get("/health")
      expect(res.status).toBe(200)
    })

    it("lists region 中国 in CNY to a storefront holding the seeded publishable key", async () => {
      const res = await api.get("/store/regions", storeHeaders(seeded.publishable_key))
      expect(res.status).toBe(200)
      expect(res.data.regions).toHaveLength(1)
      expect(res.data.regions[0]).toMatchObject({ name: "中国", currency_code: "cny" })
      expect(res.data.regions[0].countries.map((c: any) => c.iso_2)).toEqual(["cn"])
    })

    it("refuses a store call without a publishable key, and with an unknown one", async () => {
      const missing = await api.get("/store/regions").catch((e) => e.response)
      expect(missing.status).toBe(400)
      expect(missing.data.message).toMatch(/x-publishable-api-key/)

      const unknown = await api
        .get("/store/regions", storeHeaders("pk_does_not_exist"))
        .catch((e) => e.response)
      expect(unknown.status).toBe(400)
    })

    it("lets the seeded operator log in and read the store 同城 with CNY", async () => {
      const auth = await adminHeaders(api, ADMIN.email, ADMIN.password)
      const res = await api.get("/admin/stores", auth)
      expect(res.status).toBe(200)
      const store = res.data.stores[0]
      expect(store.name).toBe("同城")
      expect(store.supported_currencies).toEqual(
        expect.arrayContaining([expect.objectContaining({ currency_code: "cny", is_default: true })])
      )
    })

    it("refuses a wrong admin password and an anonymous admin call", async () => {
      const bad = await api
        .post("/auth/user/emailpass", { email: ADMIN.email, password: "wrong" })
        .catch((e) => e.response)
      expect(bad.status).toBe(401)
      const anon = await api.get("/admin/stores").catch((e) => e.response)
      expect(anon.status).toBe(401)
    })

    it("seeds tax-inclusive CNY prices, a 6% VAT region, Shanghai stock and pickup/delivery options", async () => {
      const container = getContainer()
      const [taxRegion] = await container.resolve(Modules.TAX).listTaxRegions(
        { country_code: "cn" },
        { relations: ["tax_rates"] }
      )
      expect(taxRegion.provider_id).toBe("tp_system")
      expect((taxRegion as any).tax_rates.find((r: any) => r.is_default)?.rate).toBe(PLATFORM.vatRate)

      const prefs = await container
        .resolve(Modules.PRICING)
        .listPricePreferences({ attribute: "region_id", value: [seeded.region_id] })
      expect(prefs[0]?.is_tax_inclusive).toBe(true)

      const [location] = await container
        .resolve(Modules.STOCK_LOCATION)
        .listStockLocations({ id: seeded.stock_location_id }, { relations: ["address"] })
      expect(location.address?.city).toBe("上海")

      const options = await container.resolve(Modules.FULFILLMENT).listShippingOptions({}, { relations: ["type"] })
      expect(options.map((o: any) => o.type.code).sort()).toEqual(["delivery", "pickup"])
    })

    it("is idempotent: seeding again creates nothing new", async () => {
      const container = getContainer()
      const again = await seedPlatform(container, { adminEmail: ADMIN.email, adminPassword: ADMIN.password })
      expect(again).toEqual(seeded)
      expect(await container.resolve(Modules.REGION).listRegions({})).toHaveLength(1)
      expect(await container.resolve(Modules.API_KEY).listApiKeys({ type: "publishable" })).toHaveLength(1)
      expect(await container.resolve(Modules.USER).listUsers({ email: ADMIN.email })).toHaveLength(1)
      expect(await container.resolve(Modules.FULFILLMENT).listShippingOptions({})).toHaveLength(2)
    })
  },
})
