import { abuseReason, normalizePhotos, normalizeSubScores, normalizeText, ratingSummary, summaryFromTotals } from "../utils/rules"

const FOOD = [
  { key: "taste", name_zh: "口味", name_en: "Taste" },
  { key: "environment", name_zh: "环境", name_en: "Environment" },
  { key: "service", name_zh: "服务", name_en: "Service" },
]

describe("review rules", () => {
  it("averages to two decimals from integer totals", () => {
    expect(ratingSummary([])).toEqual({ rating_avg: 0, rating_count: 0 })
    expect(ratingSummary([5, 4, 4])).toEqual({ rating_avg: 4.33, rating_count: 3 })
    expect(ratingSummary([5, 5, 4])).toEqual({ rating_avg: 4.67, rating_count: 3 })
    // 0.1-style drift would show here if the average were accumulated in floats.
    expect(summaryFromTotals(7 * 1000 + 3, 2001)).toEqual({ rating_avg: 3.5, rating_count: 2001 })
    expect(summaryFromTotals(9, 2)).toEqual({ rating_avg: 4.5, rating_count: 2 })
  })

  it("finds links and Chinese phone numbers, not prices, times or dates", () => {
    for (const t of [
      "https://a.b",
      "看 www.xx 哦",
      "taobao.com 搜店名",
      "ｗｗｗ．ａｂｃ．ｃｎ",
      "shop.example.net/abc",
    ]) expect(abuseReason(t)).toContain("网址")
    for (const t of ["13800138000", "138-0013-8000", "+86 139 0000 1111", "021-62345678", "0755 8888 6666", "400-820-8820"]) {
      expect(abuseReason(t)).toContain("电话号码")
    }
    for (const t of ["人均 88 元，18:30 到店", "2024-05-01 来的，等了 10 分钟", "好吃！性价比 10/10", "点了 3.5 斤小龙虾", "订单号 12345"]) {
      expect(abuseReason(t)).toBeNull()
    }
  })

  it("checks text length in characters people see", () => {
    expect(normalizeText("😀".repeat(500))).toHaveLength(1000)
    expect(() => normalizeText("😀".repeat(501))).toThrow("500")
    expect(normalizeText("   ")).toBeNull()
  })

  it("accepts sub-scores by key or Chinese name and refuses unknown ones", () => {
    expect(normalizeSubScores({ 口味: 5, service: 3 }, FOOD)).toEqual({ taste: 5, service: 3 })
    expect(() => normalizeSubScores({ 技术: 5 }, FOOD)).toThrow("sub_scores.技术")
    expect(() => normalizeSubScores({ 口味: 0 }, FOOD)).toThrow("sub_scores.口味")
    expect(normalizeSubScores(undefined, FOOD)).toBeNull()
  })

  it("limits photos to 9 distinct URLs", () => {
    expect(normalizePhotos(["a", "a", "b"])).toEqual(["a", "b"])
    expect(() => normalizePhotos(Array.from({ length: 10 }, (_, i) => `u${i}`))).toThrow("9")
  })
})
