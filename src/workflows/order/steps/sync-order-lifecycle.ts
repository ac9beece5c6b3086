/**
 * The step every unit action (appointment 核销/完成/未到店/取消, voucher 核销/退款/过期) ends with: the order,
 * its payment and its shop status follow the lifecycle table. See syncOrderLifecycle.
 */
export { syncOrderLifecycleStepImpl as syncOrderLifecycleStep } from "../order-actions"
