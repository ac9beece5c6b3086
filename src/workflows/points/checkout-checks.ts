import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { maxRedeemablePoints, toFen } from "../../modules/points/config"
import { insufficientPoints } from "../../modules/points/service"
import { pointsOnCreditLines, pointsService } from "./helpers"

/**
 * Before a payment session is opened, the points on the cart are checked the way the checkout step
 * will debit them: within the cap of the cart as it is now (it may have changed since they were
 * chosen) and covered by the balance. Refused here, the customer has paid nothing; the debit at
 * completion still decides a race between two checkouts of the same customer.
 */
export async function checkCartPointsForPayment(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "customer_id", "completed_at", "total", "credit_line_total", "credit_lines.*"],
    filters: { id: cartId },
  })
  const cart = data[0] as any
  if (!cart || cart.completed_at) return
  const points = pointsOnCreditLines(cart.credit_lines)
  if (points <= 0) return
  if (!cart.customer_id) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "使用积分需要登录 (sign in to use points)")
  const service = pointsService(container)
  const max = maxRedeemablePoints(toFen(cart.total) + toFen(cart.credit_line_total), service.getConfig())
  if (points > max) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `本单最多可用 ${max} 积分，购物车已变更，请重新选择积分 (at most ${max} points on this order; the cart changed, apply points again)`
    )
  }
  const balance = await service.getBalance(cart.customer_id)
  if (balance < points) throw insufficientPoints(balance, points)
}
