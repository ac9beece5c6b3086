import { indexTokens, latinText, queryTokens, titleMatches, toTsQuery } from "../lib/segment"

const matches = (doc: string, q: string) => {
  const set = new Set(indexTokens(doc))
  const t = queryTokens(q)
  return t.cjk.every((w) => set.has(w)) && t.latin.every((w) => [...set].some((x) => x.startsWith(w)))
}

describe("Chinese segmentation for the nearby index", () => {
  it.each([
    ["重庆老火锅", "火锅", true],
    ["家庭保洁服务", "保洁", true],
    ["美食广场", "美甲", false],
    ["宝姐美甲", "美甲", true],
    ["私教课", "私教", true],
    ["洗剪吹", "洗剪吹", true],
    ["深层保洁 3 小时", "深层保洁", true],
    ["重庆老火锅", "老火锅", true],
    ["重庆老火锅", "北京烤鸭", false],
    ["Costa Coffee 静安店", "coffee", true],
    ["Costa Coffee 静安店", "COST", true],
    ["Costa Coffee 静安店", "tea", false],
  ])("%s matched by %s → %s", (doc, q, expected) => {
    expect(matches(doc, q)).toBe(expected)
  })

  it("builds a tsquery of quoted lexemes only, Latin words as prefixes", () => {
    expect(toTsQuery(queryTokens("火锅 coff"))).toBe("'火锅' & 'coff':*")
    // Punctuation and quotes never reach the query text.
    expect(toTsQuery(queryTokens("'; drop table x; --"))).toBe("'drop':* & 'table':* & 'x':*")
    expect(toTsQuery(queryTokens("！？。"))).toBeNull()
  })

  it("matches product titles the same way as shops", () => {
    const t = queryTokens("美甲")
    expect(titleMatches("日式美甲套餐", t)).toBe(true)
    expect(titleMatches("招牌美食套餐", t)).toBe(false)
  })

  it("keeps the Latin words of a name for trigram matching, normalised like queries", () => {
    expect(latinText("McDonald's 麦当劳")).toBe("mcdonald s")
    expect(latinText("Ｓｔａｒｂｕｃｋｓ 星巴克")).toBe("starbucks")
    expect(latinText("重庆老火锅")).toBe("")
    expect(latinText("24小时便利店")).toBe("")
    expect(latinText("7-Eleven 便利店")).toBe("7 eleven")
  })
})
