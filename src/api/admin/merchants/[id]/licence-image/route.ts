import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { MERCHANT_MODULE } from "../../../../../modules/merchant"
import type MerchantModuleService from "../../../../../modules/merchant/service"
import { imageContentType, isPrivateFileRef } from "../../../../../modules/merchant/utils"

/**
 * The shop's licence scan for the operator reviewing it. Private uploads are read from the File
 * module behind the admin login (the dashboard's session cookie reaches it from an <img>); a licence
 * saved as a public URL before scans were private is redirected to.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service: MerchantModuleService = req.scope.resolve(MERCHANT_MODULE)
  const [merchant] = await service.listMerchants({ id: req.params.id }, { select: ["id", "licence_image"] })
  const ref = merchant?.licence_image
  if (!ref) throw new MedusaError(MedusaError.Types.NOT_FOUND, `商家 ${req.params.id} 没有营业执照图片 (no licence image)`)
  if (!isPrivateFileRef(ref)) return res.redirect(ref)
  const files = req.scope.resolve(Modules.FILE)
  // At most 5 MB (the upload limit), so one buffer is simpler than a stream whose errors differ by provider.
  const body = await files.getAsBuffer(ref).catch(() => null)
  if (!body) throw new MedusaError(MedusaError.Types.NOT_FOUND, "营业执照图片文件不存在 (licence file missing)")
  res.setHeader("Content-Type", imageContentType(ref))
  // Operators only: no shared cache may keep a copy.
  res.setHeader("Cache-Control", "private, no-store")
  res.status(200).send(body)
}
