import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedPlatform } from "../../src/scripts/seed/platform"
import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { adminHeaders, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer } from "../helpers/merchant"
import { eventually } from "../helpers/wait"

jest.setTimeout(180 * 1000)

const CENTER = { lat: 31.2304, lng: 121.4737 }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let pk: string
    let admin: { headers: Record<string, string> }
    const shops: Record<string, { merchant: any; token: string; product?: any }> = {}

    const search = (params: Record<string, string | number | boolean>) =>
      api.get(`/store/merchants/search?${new URLSearchParams(params as any)}`, storeHeaders(pk))

    const names = async (params: Record<string, any>) => (await search(params)).data.hits.map((h: any) => h.name)

    beforeAll(async () => {
      const seeded = await seedPlatform(getContainer(), { adminEmail: "ops@tongcheng.test", adminPassword: "ops-pass-1" })
      await seedMerchantCategories(getContainer())
      pk = seeded.publishable_key
      admin = await adminHeaders(api, "ops@tongcheng.test", "ops-pass-1")
      const specs: [string, string, number, number, string, string][] = [
        ["hotpot", "重庆老火锅", 31.2312, 121.4745, "food", "招牌毛血旺"],
        ["clean", "家庭保洁服务", 31.2331, 121.4801, "housekeeping", "深层保洁 3 小时"],
        ["nails", "宝姐美甲", 31.2255, 121.4702, "beauty", "日式美甲"],
        ["food", "美食广场", 31.2280, 121.4760, "food", "盖浇饭"],
        ["far", "嘉定美甲", 31.3833, 121.2500, "beauty", "美甲"],
      ]
      let seed = 100
      for (const [key, name, lat, lng, category, product] of specs) {
        const shop = await applyAsMerchant(api, `${key}@tongcheng.test`, seed++, { name, lat, lng, category })
        await api.post(`/admin/merchants/${shop.merchant.id}/approve`, {}, admin)
        const p = await api.post(
          "/vendor/products",
          { title: product, kind: "service", variants: [{ title: "标准", price: 99 }] },
          bearer(shop.token)
        )
        shops[key] = { ...shop, product: p.data.product }
      }
      await eventually(() => search({ ...CENTER, radius_m: 50000 }), (r: any) => r.data.count === 5)
    })

    it("lists nearby approved shops nearest first with distance, open flag and category facets", async () => {
      const res = await search({ ...CENTER, radius_m: 3000 })
      expect(res.status).toBe(200)
      expect(res.data.hits.map((h: any) => h.name)).toEqual(["重庆老火锅", "美食广场", "宝姐美甲", "家庭保洁服务"])
      const d = res.data.hits.map((h: any) => h.distance_m)
      expect(d).toEqual([...d].sort((a: number, b: number) => a - b))
      expect(res.data.hits[0]).toEqual(
        expect.objectContaining({ id: shops.hotpot.merchant.id, slug: expect.any(String), category: "food", rating: 0 })
      )
      expect(typeof res.data.hits[0].open_now).toBe("boolean")
      expect(res.data.facets.category).toEqual({ food: 2, beauty: 1, housekeeping: 1 })
      expect(res.data.count).toBe(4)
    })

    it("finds Chinese keywords: 火锅, 保洁, and 美甲 without 美食", async () => {
      expect(await names({ ...CENTER, q: "火锅" })).toEqual(["重庆老火锅"])
      expect(await names({ ...CENTER, q: "保洁" })).toEqual(["家庭保洁服务"])
      const nails = await names({ ...CENTER, q: "美甲" })
      expect(nails).toEqual(["宝姐美甲"])
      expect(nails).not.toContain("美食广场")
      const wide = await search({ ...CENTER, q: "美甲", radius_m: 50000 })
      expect(wide.data.hits.map((h: any) => h.name)).toEqual(["宝姐美甲", "嘉定美甲"])
      expect(wide.data.hits[0].products.map((p: any) => p.title)).toEqual(["日式美甲"])
    })

    it("converts WGS-84 and BD-09 centres to GCJ-02", async () => {
      // The same spot as CENTER, expressed in WGS-84: GCJ-02 shifts Shanghai by about 500 m.
      const res = await search({ lat: 31.2323, lng: 121.4692, coord_system: "wgs84", radius_m: 300 })
      expect(Math.abs(res.data.center.lat - 31.2304)).toBeLessThan(0.002)
      expect(Math.abs(res.data.center.lng - 121.4737)).toBeLessThan(0.002)
    })

    it("drops a suspended shop at once and brings it back when reinstated", async () => {
      await api.post(`/admin/merchants/${shops.hotpot.merchant.id}/suspend`, { reason: "卫生检查" }, admin)
      expect(await eventually(() => names({ ...CENTER, q: "火锅" }), (n) => n.length === 0)).toEqual([])
      await api.post(`/admin/merchants/${shops.hotpot.merchant.id}/reinstate`, {}, admin)
      expect(await eventually(() => names({ ...CENTER, q: "火锅" }), (n) => n.length === 1)).toEqual(["重庆老火锅"])
    })

    it("follows product edits: a renamed service changes what matches", async () => {
      expect(await names({ ...CENTER, q: "盖浇饭" })).toEqual(["美食广场"])
      await api.post(`/vendor/products/${shops.food.product.id}`, { title: "黄焖鸡米饭" }, bearer(shops.food.token))
      expect(await eventually(() => names({ ...CENTER, q: "黄焖鸡" }), (n) => n.length === 1)).toEqual(["美食广场"])
      expect(await names({ ...CENTER, q: "盖浇饭" })).toEqual([])
    })

    it("answers bad or missing parameters with a 400 naming the parameter", async () => {
      const bad: [Record<string, any>, string][] = [
        [{ lng: 121.4 }, "lat"],
        [{ lat: 95, lng: 121.4 }, "lat"],
        [{ lat: 31.2, lng: 190 }, "lng"],
        [{ ...CENTER, radius_m: 60000 }, "radius_m"],
        [{ ...CENTER, limit: 101 }, "limit"],
        [{ ...CENTER, sort: "cheapest" }, "sort"],
        [{ ...CENTER, coord_system: "utm" }, "coord_system"],
        [{ ...CENTER, min_rating: 6 }, "min_rating"],
        [{ ...CENTER, open_now: "maybe" }, "open_now"],
        [{ ...CENTER, category: "spaceships" }, "category"],
      ]
      for (const [params, field] of bad) {
        const res = await search(params).catch((e) => e.response)
        expect({ field, status: res.status }).toEqual({ field, status: 400 })
        expect(res.data.message).toContain(field)
      }
    })
  },
})
