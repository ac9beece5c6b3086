import { MedusaError } from "@medusajs/framework/utils"
import { EvenTimingEmailPassService } from "../service"

// Low scrypt cost keeps the suite fast; the mechanism does not depend on it.
const hashConfig = { logN: 4, r: 8, p: 1 }
const header = (hash: string) => Buffer.from(hash, "base64").subarray(0, 16).toString("hex")

function provider() {
  const svc = new EvenTimingEmailPassService({ logger: console } as any, { hashConfig } as any)
  const check = jest.spyOn(svc as any, "isPasswordMatch_")
  return { svc, check }
}

const noIdentity = {
  retrieve: async () => {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "AuthIdentity not found")
  },
} as any

describe("e-mail + password provider with even timing", () => {
  it("checks a password against a hash of its own scrypt settings for an unknown e-mail", async () => {
    const { svc, check } = provider()
    const res = await svc.authenticate({ body: { email: "nobody@x.cn", password: "guess-1" } } as any, noIdentity)
    expect(res).toEqual({ success: false, error: "Invalid email or password" })
    expect(check).toHaveBeenCalledTimes(1)
    expect(check.mock.calls[0][0]).toBe("guess-1")
    const dummy = (check.mock.calls[0][1] as any).provider_identities[0].provider_metadata.password
    const real = await (svc as any).hashPassword("a real password")
    expect(header(dummy)).toBe(header(real))
  })

  it("answers a known e-mail with a wrong password with the same error, checking only the real hash", async () => {
    const { svc, check } = provider()
    const hash = await (svc as any).hashPassword("right-pass")
    const identity = { id: "authid_1", provider_identities: [{ provider: "emailpass", provider_metadata: { password: hash } }] }
    const known = { retrieve: async () => identity } as any
    const wrong = await svc.authenticate({ body: { email: "a@x.cn", password: "wrong" } } as any, known)
    expect(wrong).toEqual({ success: false, error: "Invalid email or password" })
    expect(check).toHaveBeenCalledTimes(1)
    const right = await svc.authenticate({ body: { email: "a@x.cn", password: "right-pass" } } as any, known)
    expect(right.success).toBe(true)
  })

  it("passes other lookup errors through unchanged", async () => {
    const { svc, check } = provider()
    const broken = { retrieve: async () => { throw new Error("db down") } } as any
    expect(await svc.authenticate({ body: { email: "a@x.cn", password: "p" } } as any, broken)).toEqual({ success: false, error: "db down" })
    expect(check).not.toHaveBeenCalled()
  })
})
