import { inputGuardErrorHandler } from "../../api/input-guard-middlewares"

function fakeRes() {
  const res: any = { statusCode: 0, body: undefined }
  res.status = (c: number) => ((res.statusCode = c), res)
  res.json = (b: unknown) => ((res.body = b), res)
  return res
}

describe("API error handler", () => {
  it("answers a cart lock that timed out (two requests on one cart) with 409 and a retry hint, not 500", () => {
    const res = fakeRes()
    inputGuardErrorHandler(new Error('Failed to acquire lock for key "cart_01ABC"'), { method: "POST", path: "/store/carts/x" } as any, res, jest.fn())
    expect(res.statusCode).toBe(409)
    expect(res.body.message).toMatch(/^购物车正在处理另一个请求/)
  })

  it("answers a PostgreSQL deadlock (two reschedules swapping seats) with 409, not 500", () => {
    const res = fakeRes()
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" })
    inputGuardErrorHandler(deadlock, { method: "POST", path: "/store/appointments/x/reschedule" } as any, res, jest.fn())
    expect(res.statusCode).toBe(409)
    expect(res.body.message).toMatch(/^与另一个请求冲突/)
  })

  it("leaves other errors to Medusa's handler (an unknown error stays a 500)", () => {
    const res = fakeRes()
    res.setHeader = jest.fn()
    res.headersSent = false
    inputGuardErrorHandler(new Error("boom"), { method: "GET", path: "/store/x", scope: { resolve: () => ({ error: jest.fn() }) } } as any, res, jest.fn())
    expect(res.statusCode).toBe(500)
  })
})
