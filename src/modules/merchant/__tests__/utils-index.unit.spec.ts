import * as utils from "../utils"
import { MerchantValidationException, describeValue, validationError } from "../utils/errors"

describe("merchant utils barrel", () => {
  it("re-exports every public helper", () => {
    for (const name of [
      "validateUSCC",
      "computeUSCCCheckChar",
      "makeValidUSCC",
      "normalizePhone",
      "toGCJ02",
      "fromGCJ02",
      "haversineMeters",
      "validateBusinessHours",
      "isOpenAt",
      "nextOpening",
      "openIntervals",
      "slugify",
      "validationError",
    ] as const) {
      expect(typeof utils[name]).toBe("function")
    }
    expect(utils.DEFAULT_CATEGORIES.length).toBeGreaterThanOrEqual(7)
  })
})

describe("errors helpers", () => {
  it("builds the structured error shape", () => {
    expect(validationError("phone", "required", "请填写联系电话", "Phone number is required")).toEqual({
      field: "phone",
      code: "required",
      message: "请填写联系电话",
      message_en: "Phone number is required",
    })
  })

  it("carries all errors on the exception and summarises them in English", () => {
    const e = new MerchantValidationException([
      validationError("a", "x", "甲", "first"),
      validationError("b", "y", "乙", "second"),
    ])
    expect(e).toBeInstanceOf(Error)
    expect(e.errors).toHaveLength(2)
    expect(e.message).toBe("a: first; b: second")
  })

  it("describes unknown values briefly", () => {
    expect(describeValue(undefined)).toBe("undefined")
    expect(describeValue(null)).toBe("null")
    expect(describeValue([1])).toBe("array")
    expect(describeValue({})).toBe("object")
    expect(describeValue("x".repeat(50))).toBe(JSON.stringify("x".repeat(40) + "…"))
  })
})
