import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { fenToYuan, toFen, toYuanString, yuanToFen } from "../money"

describe("yuan ⇄ fen", () => {
  it.each([
    [0.01, 1, "0.01"],
    [19.99, 1999, "19.99"],
    [1234567.89, 123456789, "1234567.89"],
    [88, 8800, "88.00"],
    [0.1 + 0.2, 30, "0.30"], // 0.30000000000000004: rounds to the fen the customer saw
  ])("%p yuan is %p fen and %p as Alipay text", (yuan, fen, text) => {
    expect(toFen(yuan)).toBe(fen)
    expect(fenToYuan(fen)).toBe(text)
    expect(toYuanString(yuan)).toBe(text)
    expect(yuanToFen(text)).toBe(fen)
  })

  it("reads every form Medusa hands a provider", () => {
    expect(toFen("1234567.89")).toBe(123456789)
    expect(toFen(new BigNumber(19.99))).toBe(1999)
    expect(toFen(new BigNumber("1234567.89"))).toBe(123456789)
    expect(toFen({ value: "0.01", precision: 20 })).toBe(1)
    expect(toFen(MathBN.convert("19.99"))).toBe(1999)
    expect(toFen(MathBN.mult(MathBN.convert("0.01"), 3))).toBe(3)
    expect(toFen(1e-7)).toBe(0)
  })

  it("is exact for every amount up to 2 000 yuan and back (where float * 100 is not)", () => {
    let floatWrong = 0
    const wrong: number[] = []
    for (let fen = 0; fen <= 200000; fen++) {
      const yuan = Number(fenToYuan(fen))
      if (toFen(yuan) !== fen || yuanToFen(fenToYuan(fen)) !== fen) wrong.push(fen)
      if (Math.trunc(yuan * 100) !== fen) floatWrong++
    }
    expect(wrong).toEqual([])
    // The naive conversion really is wrong for some of these (19.99 * 100 = 1998.9999999999998).
    expect(floatWrong).toBeGreaterThan(0)
  })

  it("rounds sub-fen remainders half-up and refuses what is not an amount", () => {
    expect(toFen("33.335")).toBe(3334)
    expect(toFen("33.3349")).toBe(3333)
    expect(() => toFen(-1)).toThrow(/负数|negative/)
    expect(() => toFen("abc")).toThrow()
    expect(() => toFen(Number.NaN)).toThrow()
    expect(() => toFen(undefined)).toThrow()
    for (const bad of ["1.234", "-1", "1e3", "", " ", "1,00", "0x10"]) {
      expect(() => yuanToFen(bad)).toThrow()
    }
    expect(() => fenToYuan(1.5)).toThrow()
  })
})
