import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { uploadFilesWorkflow } from "@medusajs/medusa/core-flows"
import { REVIEW_MODULE } from "../../../modules/review"
import type ReviewModuleService from "../../../modules/review/service"

const ALLOWED = ["image/jpeg", "image/png", "image/webp", "image/gif"]
const MAX_BYTES = 5 * 1024 * 1024

/**
 * 晒图: a signed-in customer uploads review photos (base64 JSON, like /vendor/uploads) through Medusa's
 * File module; the URLs are remembered for this customer, and only such URLs are accepted in a review.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.auth_context.actor_id
  const files = (req.validatedBody as any).files as { filename?: string; mime_type: string; content: string }[]
  const input = files.map((f, i) => {
    if (!ALLOWED.includes(f.mime_type)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `files[${i}].mime_type: 仅支持 JPEG/PNG/WebP/GIF (images only)`)
    }
    const buf = Buffer.from(f.content, "base64")
    if (!buf.length || buf.length > MAX_BYTES) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `files[${i}].content: 图片需小于 5 MB (image must be under 5 MB)`)
    }
    return {
      filename: `reviews/${customerId}/${String(f.filename ?? "photo").replace(/[^\w.\-]+/g, "_")}`,
      mimeType: f.mime_type,
      content: buf.toString("binary"),
      access: "public" as const,
    }
  })
  const { result } = await uploadFilesWorkflow(req.scope).run({ input: { files: input } })
  const uploaded = result.map((f: any) => ({ id: f.id as string, url: f.url as string }))
  await (req.scope.resolve(REVIEW_MODULE) as ReviewModuleService).recordUploads(customerId, uploaded)
  res.status(201).json({ files: uploaded })
}
