import { z } from "@medusajs/framework/zod"

const points = z
  .number({ error: "points: 必填，且必须是数字 (required, a number)" })
  .int("points: 必须是整数 (must be a whole number)")
  .positive("points: 必须大于 0 (must be greater than 0)")

export const StoreApplyPoints = z.object({ points }).strict()

export const AdminAdjustPoints = z
  .object({
    delta: z
      .number({ error: "delta: 必填，且必须是数字 (required, a number)" })
      .int("delta: 必须是整数 (must be a whole number)")
      // Balances are PostgreSQL integers: an adjustment past this is a typo, and past 2^31 a database error.
      .min(-10_000_000, "delta: 单次调整不超过 1000 万分 (at most 10 000 000 points per adjustment)")
      .max(10_000_000, "delta: 单次调整不超过 1000 万分 (at most 10 000 000 points per adjustment)")
      .refine((v) => v !== 0, "delta: 不能为 0 (must not be 0)"),
    reason: z
      .string({ error: "reason: 必填，说明调整原因 (required: why the balance is corrected)" })
      .trim()
      .min(1, "reason: 必填，说明调整原因 (required: why the balance is corrected)")
      .max(500, "reason: 最多 500 字 (at most 500 characters)"),
  })
  .strict()

export const LedgerQuery = z.object({
  limit: z.coerce.number().int().min(1, "limit: 1–100").max(100, "limit: 1–100").default(20),
  offset: z.coerce.number().int().min(0, "offset: 不能为负 (must not be negative)").default(0),
})
