import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import gcoord from "gcoord"
import nearbyRefreshJob from "../../src/jobs/nearby-refresh"
import { NEARBY_MODULE } from "../../src/modules/nearby"
import type NearbyModuleService from "../../src/modules/nearby/service"
import { reindexAllMerchants } from "../../src/workflows/nearby/reindex-all"
import { seedPlatform } from "../../src/scripts/seed/platform"
import { seedMerchantCategories } from "../../src/scripts/seed/categories"
import { adminHeaders, storeHeaders } from "../helpers/admin"
import { applyAsMerchant, bearer } from "../helpers/merchant"
import { eventually } from "../helpers/wait"

jest.setTimeout(180 * 1000)

const CENTER = { lat: 31.2304, lng: 121.4737 }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
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

      // Baidu's BD-09 is another ~700 m off: the converted centre lands back on CENTER, and the
      // results are those of the GCJ-02 search.
      const [bdLng, bdLat] = gcoord.transform([CENTER.lng, CENTER.lat], gcoord.GCJ02, gcoord.BD09)
      expect(Math.abs(bdLat - CENTER.lat) + Math.abs(bdLng - CENTER.lng)).toBeGreaterThan(0.005)
      const bd = await search({ lat: bdLat, lng: bdLng, coord_system: "bd09", radius_m: 3000 })
      expect(Math.abs(bd.data.center.lat - CENTER.lat)).toBeLessThan(0.00002)
      expect(Math.abs(bd.data.center.lng - CENTER.lng)).toBeLessThan(0.00002)
      expect(bd.data.center.coord_system).toBe("gcj02")
      const gcj = await search({ ...CENTER, radius_m: 3000 })
      expect(bd.data.hits.map((h: any) => h.id)).toEqual(gcj.data.hits.map((h: any) => h.id))
      bd.data.hits.forEach((h: any, i: number) => expect(Math.abs(h.distance_m - gcj.data.hits[i].distance_m)).toBeLessThan(3))
    })

    it("pages with offset: consecutive pages make up the full list, with the same count", async () => {
      const all = (await search({ ...CENTER, radius_m: 3000, limit: 4 })).data
      const first = (await search({ ...CENTER, radius_m: 3000, limit: 2 })).data
      const second = (await search({ ...CENTER, radius_m: 3000, limit: 2, offset: 2 })).data
      const beyond = (await search({ ...CENTER, radius_m: 3000, limit: 2, offset: 4 })).data
      expect([...first.hits, ...second.hits].map((h: any) => h.id)).toEqual(all.hits.map((h: any) => h.id))
      expect([first.count, second.count, beyond.count]).toEqual([4, 4, 4])
      expect(second.offset).toBe(2)
      expect(beyond.hits).toEqual([])
    })

    it("drops a suspended shop at once and brings it back when reinstated", async () => {
      await api.post(`/admin/merchants/${shops.hotpot.merchant.id}/suspend`, { reason: "卫生检查" }, admin)
      expect(await eventually(() => names({ ...CENTER, q: "火锅" }), (n) => n.length === 0)).toEqual([])
      await api.post(`/admin/merchants/${shops.hotpot.merchant.id}/reinstate`, {}, admin)
      expect(await eventually(() => names({ ...CENTER, q: "火锅" }), (n) => n.length === 1)).toEqual(["重庆老火锅"])
    })

    it("follows a shop's profile edit (merchant.updated): the new name is found, the old one is not", async () => {
      expect(await names({ ...CENTER, q: "宝姐" })).toEqual(["宝姐美甲"])
      const res = await api.post("/vendor/merchant", { name: "玲玲美甲工作室" }, bearer(shops.nails.token))
      expect(res.status).toBe(200)
      expect(await eventually(() => names({ ...CENTER, q: "玲玲" }), (n) => n.length === 1)).toEqual(["玲玲美甲工作室"])
      expect(await names({ ...CENTER, q: "宝姐" })).toEqual([])
    })

    it("follows a deleted product (product.deleted): the shop stays, the product no longer matches", async () => {
      const hit = (await search({ ...CENTER, q: "毛血旺" })).data.hits
      expect(hit.map((h: any) => [h.name, h.products.map((p: any) => p.title)])).toEqual([["重庆老火锅", ["招牌毛血旺"]]])
      await api.delete(`/vendor/products/${shops.hotpot.product.id}`, bearer(shops.hotpot.token))
      expect(await eventually(() => names({ ...CENTER, q: "毛血旺" }), (n) => n.length === 0)).toEqual([])
      expect(await names({ ...CENTER, q: "火锅" })).toEqual(["重庆老火锅"])
    })

    it("a full reindex counts and reports progress, and removes shops changed or deleted behind the subscribers' back", async () => {
      // Straight in the database: no event, so only the rebuild can notice.
      await dbConnection.raw(`update merchant set status = 'suspended' where id = ?`, [shops.clean.merchant.id])
      await dbConnection.raw(`update merchant set deleted_at = now() where id = ?`, [shops.far.merchant.id])
      expect((await search({ ...CENTER, radius_m: 50000 })).data.count).toBe(5)

      const progress: [number, number][] = []
      const result = await reindexAllMerchants(getContainer(), (done, total) => progress.push([done, total]))
      // Four shops are left in the database (the deleted one is not read); three of them approved.
      expect(result).toEqual({ indexed: 3, removed: 1, total: 4 })
      expect(progress).toEqual([[4, 4]])
      const left = await search({ ...CENTER, radius_m: 50000 })
      expect(left.data.hits.map((h: any) => h.name).sort()).toEqual(["宝姐美甲", "美食广场", "重庆老火锅"].sort())
      const nearby: NearbyModuleService = getContainer().resolve(NEARBY_MODULE)
      expect((await nearby.getState())?.document_count).toBe(3)
    })

    it("the refresh job fills an empty index, and leaves a fresh one alone", async () => {
      const nearby: NearbyModuleService = getContainer().resolve(NEARBY_MODULE)
      await nearby.clearIndex()
      expect((await search({ ...CENTER, radius_m: 50000 })).data.count).toBe(0)
      expect(await nearbyRefreshJob(getContainer())).toEqual({ rebuilt: true, indexed: 5, removed: 0 })
      expect((await search({ ...CENTER, radius_m: 50000 })).data.count).toBe(5)
      expect(await nearbyRefreshJob(getContainer())).toEqual({ rebuilt: false })
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
        // An empty value is not 0 (z.coerce would have searched around 0°N 0°E).
        [{ lat: "", lng: 121.4 }, "lat"],
        [{ lat: 31.2, lng: "" }, "lng"],
        [{ lat: " ", lng: 121.4 }, "lat"],
        [{ ...CENTER, radius_m: "" }, "radius_m"],
        [{ ...CENTER, radius_m: 1.5 }, "radius_m"],
        [{ ...CENTER, offset: "" }, "offset"],
        [{ ...CENTER, offset: -1 }, "offset"],
        [{ ...CENTER, offset: 5001 }, "offset"],
        [{ ...CENTER, min_rating: "" }, "min_rating"],
        [{ ...CENTER, lat: "north" }, "lat"],
        // Unknown parameters are refused, so a typo (radius= for radius_m=) is not silently a 5 km search.
        [{ ...CENTER, radius: 300 }, "radius"],
      ]
      for (const [params, field] of bad) {
        const res = await search(params).catch((e) => e.response)
        expect({ field, status: res.status }).toEqual({ field, status: 400 })
        expect(res.data.message).toContain(field)
      }
      const empty = await search({ lat: "", lng: 121.4 }).catch((e) => e.response)
      expect(empty.data.message).toContain("纬度必须是数字")
    })
  },
})
