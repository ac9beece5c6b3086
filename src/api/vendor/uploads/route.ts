import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { uploadFilesWorkflow } from "@medusajs/medusa/core-flows"
import { getVendor } from "../helpers"

const ALLOWED = ["image/jpeg", "image/png", "image/webp", "image/gif"]
const MAX_BYTES = 5 * 1024 * 1024

/**
 * Logo, photos and licence images, through Medusa's File module. JSON with base64 content keeps
 * the vendor API one format; the returned URLs go into the profile or product.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<{ files?: { filename: string; mime_type: string; content: string }[] }>,
  res: MedusaResponse
) => {
  // Shops file under their id; applicants (a merchant login without a shop yet) under their login.
  const owner = req.auth_context?.actor_id
    ? (await getVendor(req)).merchant_id
    : req.auth_context?.auth_identity_id
      ? `applicant-${req.auth_context.auth_identity_id}`
      : null
  if (!owner) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "请先登录商家账号 (sign in as a merchant)")
  const files = (req.body as any)?.files
  if (!Array.isArray(files) || !files.length || files.length > 9) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "files: 一次上传 1–9 张图片 (upload 1 to 9 images)")
  }
  const input = files.map((f: any, i: number) => {
    if (!ALLOWED.includes(f?.mime_type)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `files[${i}].mime_type: 仅支持 JPEG/PNG/WebP/GIF (images only)`)
    }
    const buf = Buffer.from(String(f.content ?? ""), "base64")
    if (!buf.length || buf.length > MAX_BYTES) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `files[${i}].content: 图片需小于 5 MB (image must be under 5 MB)`)
    }
    return {
      filename: `${owner}/${String(f.filename ?? "image").replace(/[^\w.\-]+/g, "_")}`,
      mimeType: f.mime_type,
      content: buf.toString("binary"),
      access: "public" as const,
    }
  })
  const { result } = await uploadFilesWorkflow(req.scope).run({ input: { files: input } })
  res.status(201).json({ files: result.map((f: any) => ({ id: f.id, url: f.url })) })
}
