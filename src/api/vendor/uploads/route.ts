import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { uploadFilesWorkflow } from "@medusajs/medusa/core-flows"
import { IMAGE_TYPES, licenceFilePrefix } from "../../../modules/merchant/utils/licence-file"
import { getVendor } from "../helpers"
import type { VendorUploadsType } from "../validators"

const MAX_BYTES = 5 * 1024 * 1024

/**
 * Logo, photos and licence images, through Medusa's File module. JSON with base64 content keeps
 * the vendor API one format. Photos are public and their URLs go into the profile or product; a
 * licence (`purpose: "licence"`) is stored private and answered with its file id only, which goes into
 * `licence_image` — operators see it through the admin, consumers never.
 */
export const POST = async (req: AuthenticatedMedusaRequest<VendorUploadsType>, res: MedusaResponse) => {
  // Shops file under their id; applicants (a merchant login without a shop yet) under their login.
  const owner = req.auth_context?.actor_id
    ? (await getVendor(req)).merchant_id
    : req.auth_context?.auth_identity_id
      ? `applicant-${req.auth_context.auth_identity_id}`
      : null
  if (!owner) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "请先登录商家账号 (sign in as a merchant)")
  const { files, purpose = "photo" } = req.validatedBody
  const licence = purpose === "licence"
  const input = files.map((f, i) => {
    const ext = IMAGE_TYPES[f.mime_type]
    if (!ext) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `files[${i}].mime_type: 仅支持 JPEG/PNG/WebP/GIF (images only)`)
    }
    const buf = Buffer.from(f.content, "base64")
    if (!buf.length || buf.length > MAX_BYTES) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `files[${i}].content: 图片需小于 5 MB，当前 ${(buf.length / 1024 / 1024).toFixed(1)} MB (each image must be under 5 MB)`
      )
    }
    // The extension follows the type, so the file is served with the right Content-Type later.
    const base = String(f.filename ?? "image").replace(/[^\w.\-]+/g, "_").replace(/\.[A-Za-z0-9]+$/, "") || "image"
    return {
      // A licence has no folder in its name: Medusa's local provider only finds a private file again when its
      // key starts with "private-", which a folder would push back. The owner stays in the name (see
      // MerchantModuleService.assertOwnLicenceFile).
      filename: licence ? `${licenceFilePrefix(owner!)}${base}.${ext}` : `${owner}/${base}.${ext}`,
      mimeType: f.mime_type,
      content: buf.toString("binary"),
      access: licence ? ("private" as const) : ("public" as const),
    }
  })
  const { result } = await uploadFilesWorkflow(req.scope).run({ input: { files: input } })
  res.status(201).json({
    files: result.map((f: any) =>
      licence ? { id: f.id, access: "private", url: null } : { id: f.id, access: "public", url: f.url }
    ),
  })
}
