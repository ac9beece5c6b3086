import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  earnOrderPointsWorkflow,
  returnCanceledOrderPointsWorkflow,
  reverseRefundPointsWorkflow,
} from "../workflows/points/order-points"

type Data = { id?: string; order_id?: string | null }

/**
 * Member points follow the order's life: earned when it is completed (by Medusa, by the shop, or when
 * its appointment is completed — all keyed earn:<order> so whichever comes first counts once), taken
 * back / given back when its payment is refunded, given back when it is canceled.
 */
export default async function pointsSubscriber({ event, container }: SubscriberArgs<Data | Data[]>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const items = (Array.isArray(event.data) ? event.data : [event.data]).filter(Boolean) as Data[]
  for (const d of items) {
    try {
      if (event.name === "payment.refunded") {
        if (d.id) await reverseRefundPointsWorkflow(container).run({ input: { payment_id: d.id } })
      } else if (event.name === "order.canceled") {
        if (d.id) await returnCanceledOrderPointsWorkflow(container).run({ input: { order_id: d.id } })
      } else {
        const orderId = event.name === "order.completed" ? d.id : d.order_id
        if (orderId) await earnOrderPointsWorkflow(container).run({ input: { order_id: orderId, source: event.name } })
      }
    } catch (e: any) {
      // Not retried here: the reconcile-points job (src/jobs) books what is missing within 15 minutes,
      // and the ledger keys make sure nothing is booked twice.
      logger.error(`[points] ${event.name} ${JSON.stringify(d)} failed: ${e.message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: ["order.completed", "merchant_order.completed", "appointment.completed", "payment.refunded", "order.canceled"],
}
