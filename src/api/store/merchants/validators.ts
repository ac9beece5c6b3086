import { z } from "@medusajs/framework/zod"

export const StoreListMerchants = z.object({
  category: z.string().optional(),
  city: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type StoreListMerchantsType = z.infer<typeof StoreListMerchants>
