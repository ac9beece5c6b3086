import { model } from "@medusajs/framework/utils"

/**
 * The seats of one offering's slot, counted in one row so that "full" is decided by one conditional
 * UPDATE instead of every request queueing for the resource lock. `capacity` is the sum of the
 * offering's active resources' capacities: an upper bound, since other offerings on the same resources,
 * buffers and closures are only known to the locked check. So this row only ever says "no" early; the
 * locked peak check and the exclusion constraint still decide every "yes".
 *
 * `taken` = seats of this offering's appointments starting at `start_at` in a status that holds a seat
 * (held, confirmed, checked_in — the statuses the exclusion constraint sees) + seats of claims in
 * flight. A trigger on booking_appointment keeps the first part in step with every write, in the
 * writer's own transaction (see the migration), so no code path can forget to give a seat back.
 */
export const BookingSlotSeat = model
  .define("booking_slot_seat", {
    id: model.id({ prefix: "bsst" }).primaryKey(),
    offering_id: model.text(),
    start_at: model.dateTime(),
    capacity: model.number(),
    taken: model.number().default(0),
  })
  .indexes([{ on: ["offering_id", "start_at"], unique: true }, { on: ["start_at"] }])

/**
 * Seats taken on a slot row by a request that has not written its appointment yet. The placing
 * transaction deletes the claim as it inserts the appointment (whose trigger counts the seats instead);
 * a request that fails deletes it and gives the seats back. A claim only outlives its request when the
 * process died in between: the reconcile drops claims older than any request can run.
 */
export const BookingSeatClaim = model
  .define("booking_seat_claim", {
    id: model.id({ prefix: "bscl" }).primaryKey(),
    slot_seat_id: model.text(),
    seats: model.number(),
  })
  .indexes([{ on: ["slot_seat_id"] }])
