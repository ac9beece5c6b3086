import {
  CATEGORY_SLUGS,
  DEFAULT_CATEGORIES,
  REVIEW_SUBSCORES,
  getCategory,
  isCategorySlug,
  reviewDimensionsFor,
  shortHash,
  slugify,
} from "../utils/categories"

describe("DEFAULT_CATEGORIES", () => {
  it("contains the required categories with zh and en names", () => {
    const byslug = Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c.slug, [c.name_zh, c.name_en]]))
    expect(byslug).toMatchObject({
      food: ["餐饮美食", "Food & Dining"],
      takeout: ["外卖", "Takeout"],
      housekeeping: ["家政服务", "Housekeeping"],
      beauty: ["美容美发", "Beauty & Hair"],
      fitness: ["休闲健身", "Fitness & Leisure"],
      pets: ["宠物服务", "Pet Services"],
      repair: ["维修服务", "Repair Services"],
    })
  })

  it("has unique URL-safe slugs and unique display ranks", () => {
    expect(new Set(CATEGORY_SLUGS).size).toBe(DEFAULT_CATEGORIES.length)
    for (const slug of CATEGORY_SLUGS) expect(slug).toMatch(/^[a-z][a-z0-9-]*$/)
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.rank)).size).toBe(DEFAULT_CATEGORIES.length)
  })

  it("exposes the review sub-scores per category", () => {
    expect(REVIEW_SUBSCORES.food).toEqual(["口味", "环境", "服务"])
    expect(REVIEW_SUBSCORES.beauty).toEqual(["技术", "环境", "服务"])
    expect(REVIEW_SUBSCORES.housekeeping).toEqual(["专业", "准时", "服务"])
    expect(REVIEW_SUBSCORES.fitness).toEqual(["设施", "教练", "环境"])
    for (const c of DEFAULT_CATEGORIES) {
      const keys = c.review_dimensions.map((d) => d.key)
      expect(new Set(keys).size).toBe(keys.length)
      expect(REVIEW_SUBSCORES[c.slug]).toHaveLength(keys.length)
    }
  })

  it("looks categories up by slug", () => {
    expect(getCategory("beauty")?.name_zh).toBe("美容美发")
    expect(getCategory("nope")).toBeUndefined()
    expect(isCategorySlug("food")).toBe(true)
    expect(isCategorySlug("Food")).toBe(false)
    expect(isCategorySlug(undefined)).toBe(false)
    expect(reviewDimensionsFor("food").map((d) => d.key)).toEqual(["taste", "environment", "service"])
    expect(reviewDimensionsFor("unknown").map((d) => d.key)).toEqual(["service"])
  })
})

describe("slugify", () => {
  it("lowercases and hyphenates ASCII names", () => {
    expect(slugify("Blue Bottle Coffee")).toBe("blue-bottle-coffee")
    expect(slugify("  Joe's  Pizza & Pasta!! ")).toBe("joe-s-pizza-pasta")
    expect(slugify("ＫＦＣ")).toBe("kfc") // full-width folded
  })

  it("appends a sanitised suffix", () => {
    expect(slugify("Blue Bottle", "SH 01")).toBe("blue-bottle-sh-01")
    expect(slugify("Blue Bottle", "")).toBe("blue-bottle")
  })

  it("uses a stable base36 hash for Chinese names", () => {
    const a = slugify("老王家常菜")
    expect(a).toMatch(/^[0-9a-z]{7}$/)
    expect(slugify("老王家常菜")).toBe(a)
    expect(slugify(" 老王家常菜 ")).toBe(a) // surrounding whitespace ignored
    expect(slugify("老李家常菜")).not.toBe(a)
    expect(slugify("老王家常菜", "pd")).toBe(`${a}-pd`)
  })

  it("keeps ASCII words of mixed names for readability", () => {
    const s = slugify("星巴克 Starbucks 陆家嘴店")
    expect(s).toMatch(/^starbucks-[0-9a-z]{7}$/)
    expect(s).toBe(`starbucks-${shortHash("星巴克 Starbucks 陆家嘴店")}`)
  })

  it("never returns an empty slug", () => {
    expect(slugify("")).toBe("merchant")
    expect(slugify("!!!")).toMatch(/^[0-9a-z]{7}$/)
  })

  it("caps very long ASCII names", () => {
    const s = slugify("a".repeat(30) + " " + "b".repeat(30))
    expect(s.length).toBeLessThanOrEqual(48)
    expect(s.endsWith("-")).toBe(false)
  })
})

describe("shortHash", () => {
  it("matches the FNV-1a 32-bit reference values", () => {
    // Published FNV-1a test vectors: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(shortHash("")).toBe((0x811c9dc5).toString(36).padStart(7, "0"))
    expect(shortHash("a")).toBe((0xe40c292c).toString(36).padStart(7, "0"))
    expect(shortHash("foobar")).toBe((0xbf9cf968).toString(36).padStart(7, "0"))
  })
})
