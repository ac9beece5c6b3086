/**
 * Sub-score keys per shop category, as the review module accepts them (src/modules/merchant/utils on the
 * backend); the store API does not list them, and their labels live in messages (reviews.dims.*).
 */
const DIMENSIONS: Record<string, string[]> = {
  food: ["taste", "environment", "service"],
  takeout: ["taste", "packaging", "delivery_speed"],
  housekeeping: ["professionalism", "punctuality", "service"],
  beauty: ["skill", "environment", "service"],
  fitness: ["facilities", "coaching", "environment"],
  pets: ["professionalism", "environment", "service"],
  repair: ["professionalism", "punctuality", "value"],
}

export const KNOWN_DIMENSIONS = new Set(Object.values(DIMENSIONS).flat())

export function reviewDimensions(category: string | null | undefined): string[] {
  return DIMENSIONS[category ?? ""] ?? ["service"]
}
