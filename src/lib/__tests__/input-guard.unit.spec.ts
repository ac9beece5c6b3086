import { checkBody, checkPath, checkQuery, checkRequestInput, MAX_BODY_DEPTH } from "../input-guard"

describe("input guard", () => {
  it("accepts Medusa ids, slugs in any script and the punctuation ids use", () => {
    for (const path of ["/store/merchants/mer_01JFUZZ0000000000000000000", "/store/merchants/静安-剪发.1", "/admin/currencies/cny", "/auth/customer/emailpass"]) {
      expect([path, checkPath(path)]).toEqual([path, null])
    }
  })

  it("refuses NUL and other control characters, quotes, spaces, hidden slashes, over-long ids and broken escapes in the path", () => {
    for (const path of ["/store/merchants/%00", "/store/merchants/a%0Ab", "/store/merchants/'%20OR%201=1", "/store/merchants/a%2Fb", `/store/merchants/${"x".repeat(201)}`, "/store/merchants/%E0%A4%A"]) {
      expect([path, checkPath(path)?.message]).toEqual([path, expect.stringMatching(/^[^(]*[\u4e00-\u9fff].*\(.+\)$/)])
    }
  })

  it("lets uploaded file names through under /admin/uploads but not a NUL", () => {
    expect(checkPath("/admin/uploads/1701-my%20photo%20(1).png")).toBeNull()
    expect(checkPath("/admin/uploads/a%00.png")).not.toBeNull()
  })

  it("takes limit and offset only as whole numbers in range, 0 included", () => {
    expect(checkQuery({ limit: "0", offset: "0" })).toBeNull()
    expect(checkQuery({ limit: "10000", offset: "10000000" })).toBeNull()
    for (const q of [{ limit: "-1" }, { offset: "-1" }, { limit: "2.5" }, { limit: "1e3" }, { limit: "" }, { limit: ["1"] }, { limit: "10001" }, { offset: "10000001" }]) {
      expect([q, checkQuery(q)]).toEqual([q, expect.objectContaining({ message: expect.stringMatching(/(limit|offset)/) })])
    }
  })

  it("refuses control characters in nested query values and keys", () => {
    expect(checkQuery({ filter: { name: ["ok", "a\u0000"] } })).not.toBeNull()
    expect(checkQuery({ "a\u0001": "x" })).not.toBeNull()
    expect(checkQuery({ q: "理发 静安" })).toBeNull()
  })

  it("keeps tabs and line breaks in body text but refuses NUL at any depth and absurd nesting", () => {
    expect(checkBody({ text: "第一行\n第二行\r\n\t缩进" })).toBeNull()
    expect(checkBody({ items: [{ metadata: { note: "a\u0000b" } }] })?.message).toMatch(/控制字符/)
    expect(checkBody({ ["k\u0000"]: 1 })).not.toBeNull()
    const deep = JSON.parse("[".repeat(50_000) + "]".repeat(50_000))
    expect(checkBody({ metadata: deep })?.message).toMatch(String(MAX_BODY_DEPTH))
    expect(checkBody([])).toBeNull()
    expect(checkBody(null)).toBeNull()
  })

  it("checks the path without its query string", () => {
    expect(checkRequestInput({ originalUrl: "/store/products?q=%27x", query: { q: "'x" } })).toBeNull()
  })
})
