import { z } from "@medusajs/framework/zod"

/**
 * A required reason that someone else will read (a refused shop application, a rejected order).
 * Medusa's body validator answers failed min/max checks with its own English text; a custom check keeps
 * this message, in Chinese first, which the merchant centre and the admin show as they get it.
 */
export const reasonText = (zh: string) =>
  z
    .custom<string>(
      (v) => typeof v === "string" && v.trim().length > 0 && v.trim().length <= 500,
      `reason: 请填写${zh}，最多 500 字 (a reason of 1 to 500 characters is required)`
    )
    .transform((v) => v.trim())
