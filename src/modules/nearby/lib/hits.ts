import type { HitProduct } from "./types"

/** A product as a search hit lists it; documents indexed before product ratings existed count as unrated. */
export function toHitProduct(p: any): HitProduct {
  return {
    id: p.id,
    title: p.title,
    price: p.price ?? null,
    thumbnail: p.thumbnail ?? null,
    rating: Number(p.rating ?? 0),
    rating_count: Number(p.rating_count ?? 0),
  }
}
