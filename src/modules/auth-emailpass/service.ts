import { EmailPassAuthService } from "@medusajs/auth-emailpass/dist/services/emailpass"
import type { AuthIdentityProviderService, AuthenticationInput, AuthenticationResponse } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa's e-mail + password provider, except that an unknown e-mail costs the same password hashing as
 * a known one. Stock, an unknown e-mail is refused after one database lookup (~16 ms) while a known one
 * pays for scrypt (~200 ms), so the answer time tells which accounts exist. Here an unknown e-mail is
 * checked against a throw-away hash made with this provider's own scrypt settings, through the very
 * code that checks a real password, and then refused with the same error as a wrong password.
 * Registered under the id "emailpass", so the routes and stored identities stay Medusa's.
 */
export class EvenTimingEmailPassService extends EmailPassAuthService {
  private dummyHash_: Promise<string> | null = null

  private dummyHash() {
    // The password is random and never kept: nothing can match this hash.
    this.dummyHash_ ??= this.hashPassword(crypto.randomUUID())
    return this.dummyHash_
  }

  async authenticate(
    userData: AuthenticationInput,
    authIdentityService: AuthIdentityProviderService
  ): Promise<AuthenticationResponse> {
    let unknown = false
    const watched: AuthIdentityProviderService = Object.create(authIdentityService, {
      retrieve: {
        value: async (selector: { entity_id: string }) => {
          try {
            return await authIdentityService.retrieve(selector)
          } catch (e: any) {
            if (e?.type === MedusaError.Types.NOT_FOUND) unknown = true
            throw e
          }
        },
      },
    })
    const result = await super.authenticate(userData, watched)
    if (unknown && !result.success) {
      const password = (userData.body as any)?.password as string
      // Medusa's own (TypeScript-private) check; the unit test fails should an upgrade rename it.
      await (this as any).isPasswordMatch_(password, {
        provider_identities: [{ provider: this.provider, provider_metadata: { password: await this.dummyHash() } }],
      } as any)
    }
    return result
  }
}
