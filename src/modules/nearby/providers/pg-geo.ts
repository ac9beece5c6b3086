import type { MerchantDoc, NearbyHit, NearbyProvider, NearbyQuery, NearbyResult } from "../lib/types"
import { indexTokens, latinText, queryTokens, titleMatches, toTsQuery } from "../lib/segment"
import { toHitProduct } from "../lib/hits"

export const DOC_TABLE = "nearby_merchant_doc"
/** Mean Earth radius (IUGG), the same one the merchant domain's haversine uses. */
const R = 6371008.8
/** earthdistance's earth() radius; earth_box takes distances in its units. */
const EARTH_UNITS = 6378168

type Executor = { execute: (sql: string, params?: unknown[]) => Promise<any[]> }

// Great-circle distance in metres between the row and the query point ($1 lat, $2 lng).
const DISTANCE = `(2 * ${R} * asin(sqrt(
  power(sin(radians(d.lat - $1) / 2), 2) +
  cos(radians($1)) * cos(radians(d.lat)) * power(sin(radians(d.lng - $2) / 2), 2))))`

/**
 * Nearby search inside the project's own PostgreSQL. The GiST index on each shop's stored earth point
 * (`earth`, ll_to_earth(lat, lng)) serves both the radius box and the nearest-first ordering (KNN), so
 * the cost follows the shops inside the radius, not the table size; an exact chord-length test then
 * trims the box to the circle, and the great-circle distance is computed for the returned page only.
 */
export class PgGeoProvider implements NearbyProvider {
  readonly identifier = "pg-geo"
  constructor(private readonly db: Executor) {}

  async ensureIndex() {
    // The table and indexes come from the module's migration; nothing to do at run time.
  }

  async upsertDocuments(docs: MerchantDoc[]) {
    if (!docs.length) return
    // One statement per batch keeps a reindex of 100 000 shops to a few hundred round trips.
    const rows = docs.map((d) => ({
      id: d.id,
      slug: d.slug,
      name: d.name,
      category: d.category,
      city: d.city,
      district: d.district,
      lat: d.lat,
      lng: d.lng,
      rating_avg: d.rating_avg,
      rating_count: d.rating_count,
      monthly_sales: d.monthly_sales,
      logo: d.logo,
      products: d.products,
      name_tokens: indexTokens(d.name),
      latin_name: latinText(d.name),
      tokens: [...indexTokens([d.name, d.category_name, ...d.tags, ...d.products.map((p) => p.title)].join(" ")), cellToken(d.lat, d.lng)],
      open_week: d.open_intervals.map((i) => `[${i.start},${i.end})`),
    }))
    await this.db.execute(
      `insert into ${DOC_TABLE} (id, slug, name, category, city, district, lat, lng, rating_avg, rating_count,
         monthly_sales, logo, products, name_tokens, latin_name, tokens, open_week, updated_at)
       select r.id, r.slug, r.name, r.category, r.city, r.district, r.lat, r.lng, r.rating_avg, r.rating_count,
         r.monthly_sales, r.logo, r.products, array_to_tsvector(r.name_tokens), nullif(r.latin_name, ''),
         array_to_tsvector(r.tokens),
         coalesce((select range_agg(x::tstzrange) from unnest(r.open_week) x), '{}'::tstzmultirange), now()
       from jsonb_to_recordset(?::jsonb) as r(id text, slug text, name text, category text, city text,
         district text, lat float8, lng float8, rating_avg float8, rating_count int, monthly_sales int, logo text,
         products jsonb, name_tokens text[], latin_name text, tokens text[], open_week text[])
       on conflict (id) do update set slug = excluded.slug, name = excluded.name, category = excluded.category,
         city = excluded.city, district = excluded.district, lat = excluded.lat, lng = excluded.lng,
         rating_avg = excluded.rating_avg, rating_count = excluded.rating_count,
         monthly_sales = excluded.monthly_sales, logo = excluded.logo, products = excluded.products,
         name_tokens = excluded.name_tokens, latin_name = excluded.latin_name, tokens = excluded.tokens, open_week = excluded.open_week,
         updated_at = now()`,
      [JSON.stringify(rows)]
    )
  }

  async deleteDocuments(ids: string[]) {
    if (!ids.length) return
    // knex would splice a JS array into a list of parameters; JSON keeps it one value.
    await this.db.execute(`delete from ${DOC_TABLE} where id in (select jsonb_array_elements_text(?::jsonb))`, [
      JSON.stringify(ids),
    ])
  }

  /**
   * Rewrites the table in the GiST index's order. Shops near each other then share pages, so the rows
   * inside a radius are a few page reads instead of one per shop. Takes an exclusive lock while it
   * runs: for quiet hours (`npm run reindex -- cluster`).
   */
  async optimize() {
    await this.db.execute(`cluster ${DOC_TABLE} using "IDX_nearby_doc_earth"`)
    // CLUSTER leaves the visibility map empty; VACUUM fills it, so facet counts are index-only scans.
    await this.db.execute(`vacuum analyze ${DOC_TABLE}`)
  }

  async clear() {
    await this.db.execute(`delete from ${DOC_TABLE}`)
  }

  async count() {
    const [row] = await this.db.execute(`select count(*)::int as n from ${DOC_TABLE}`)
    return row?.n ?? 0
  }

  async allIds() {
    return (await this.db.execute(`select id from ${DOC_TABLE}`)).map((r) => r.id as string)
  }

  async merchantIdsWithProduct(productId: string) {
    const rows = await this.db.execute(`select id from ${DOC_TABLE} where products @> ?::jsonb`, [
      JSON.stringify([{ id: productId }]),
    ])
    return rows.map((r) => r.id)
  }

  async search(query: NearbyQuery): Promise<NearbyResult> {
    const tokens = query.q ? queryTokens(query.q) : { cjk: [], latin: [] }
    const tsq = toTsQuery(tokens)
    if (query.q && !tsq) return { hits: [], count: 0, facets: { category: {} }, provider: this.identifier }

    // Positional parameters: knex turns `?` into $n in order; $1/$2 (lat/lng) are repeated by number.
    // The centre, the box and the chord are computed here once, as constants: PostgreSQL then neither
    // plans nor evaluates earthdistance's SQL functions for them.
    const area = searchArea(query.lat, query.lng, query.radius_m)
    const params: unknown[] = [query.lat, query.lng, area.chord, area.center, area.lo, area.hi]
    const center = `cube($4::float8[])`
    const cond: string[] = [
      `cube($5::float8[], $6::float8[]) @> d.earth`,
      // Inside the circle ⇔ great-circle distance ≤ radius ⇔ straight-line distance between the two points
      // on earthdistance's sphere ≤ the chord: the same test, without trigonometry per shop.
      `cube_distance(d.earth, ${center}) <= $3`,
    ]
    const add = (value: unknown) => {
      params.push(value)
      return `$${params.length}`
    }
    const tsqParam = tsq ? add(tsq) : null
    // ts_match_vq is what `@@` calls. Written as a function the planner cannot pair it with the GIN index,
    // whose cost it underrates: a common word (火锅) matches a twelfth of the country, and AND-ing that bitmap
    // with the radius took 15 ms at 1 M shops, where checking the ~1 100 shops of a dense 3 km circle takes
    // about one. (The cost now follows the shops inside the radius, whatever the word.)
    // Latin names ("Starbucks 星巴克", "McDonald's") are also matched by trigrams on their Latin words, so
    // part of a word ("bucks"), a slip ("starbuks") or words run together ("mc donald") still find the
    // shop. The GiST index IDX_nearby_doc_latin_trgm over (earth, latin_name) serves "inside the box and
    // similar" in one scan, over the shops that have a Latin name at all: a chain's shops elsewhere in
    // the country are never read. CJK words of the query must still match as words, and queries with
    // fewer than 3 Latin letters never take this path (trigrams need 3; 美甲 never finds 美食).
    const phrase = tokens.latin.join(" ")
    const joined = tokens.latin.join("")
    const phraseParam = tsqParam && joined.length >= 3 ? add(phrase) : null
    let nameCte = ""
    if (tsqParam) {
      let match = `ts_match_vq(d.tokens, to_tsquery('simple', ${tsqParam}))`
      const cells = circleCells(query.lat, query.lng, query.radius_m)
      if (cells) {
        // Every shop's tokens carry its grid cell, so "the words and one of the circle's cells" lets the GIN
        // index intersect the word's posting list with the few cells' lists: the shops read are the ones
        // matching both, not every shop of the circle. The cells go in as a tsquery literal (to_tsquery
        // would split "~c1563_6073" into words); the chord test below still decides the circle exactly.
        match = `d.tokens @@ (to_tsquery('simple', ${tsqParam}) && ${add(cells.map((c) => `'${c}'`).join(" | "))}::tsquery)`
      }
      if (phraseParam) {
        const like = [...new Set([phrase, joined])].map((p) => `t.latin_name like ${add(`%${p}%`)}`)
        const cjkTsq = toTsQuery({ cjk: tokens.cjk, latin: [] })
        // Computed once (a materialized CTE) for both the hits and the facets.
        nameCte = `n as materialized (select t.id from ${DOC_TABLE} t
            where t.latin_name is not null and cube($5::float8[], $6::float8[]) @> t.earth
              and (${like.join(" or ")} or t.latin_name %> ${phraseParam})),`
        const byName = `d.id in (select n.id from n)`
        match = cjkTsq
          ? `(${match} or (ts_match_vq(d.tokens, to_tsquery('simple', ${add(cjkTsq)})) and ${byName}))`
          : `(${match} or ${byName})`
      }
      cond.push(match)
    }
    if (query.min_rating !== undefined) cond.push(`d.rating_avg >= ${add(query.min_rating)}`)
    const nowParam = add(query.now.toISOString())
    if (query.open_now) cond.push(`d.open_week @> ${nowParam}::timestamptz`)
    const beforeCategory = cond.join(" and ")
    const where = query.category ? `${beforeCategory} and d.category = ${add(query.category)}` : beforeCategory

    const knn = `d.earth <-> ${center}`
    const columns = `d.id, d.slug, d.name, d.category, d.city, d.district, d.lat, d.lng, d.logo,
        d.rating_avg as rating, d.rating_count, d.monthly_sales, d.products,
        (d.open_week @> ${nowParam}::timestamptz) as open_now, ${DISTANCE} as distance_m`
    const score = tsqParam
      ? `(case when d.name_tokens @@ to_tsquery('simple', ${tsqParam}) then 1 else 0 end + ts_rank(d.tokens, to_tsquery('simple', ${tsqParam}))${
          phraseParam ? ` + coalesce(word_similarity(${phraseParam}, d.latin_name), 0)` : ""
        })`
      : `0`
    const byDistance = query.sort === "distance" || (query.sort === "relevance" && !tsqParam)
    const hitsOrder = byDistance ? `k, id` : query.sort === "rating" ? `rating desc, rating_count desc, k, id` : `score desc, k, id`
    let sql: string
    if (cond.length > 2) {
      // A keyword, a rating floor or "open now" is checked on each shop's row, and the facets need every
      // shop in the circle that passes: one scan of the circle (a materialized CTE) feeds both the facets
      // and the page, which then reads its 20 full rows by id. Scanning twice (once nearest-first for
      // the page, once for the counts) cost 40 % more at 1 M shops.
      const category = query.category ? `where m.category = ${add(query.category)}` : ""
      sql = `with ${nameCte} m as materialized (select d.id, d.category, ${knn} as k, d.rating_avg as rating, d.rating_count,
            ${score} as score from ${DOC_TABLE} d where ${beforeCategory}),
          p as (select m.id, m.k, m.score from m ${category} order by ${hitsOrder} limit ${add(query.limit)} offset ${add(query.offset)}),
          h as (select ${columns}, p.k, p.score from p join ${DOC_TABLE} d on d.id = p.id),
          f as (select m.category, count(*)::int as n from m group by m.category)
        select (select coalesce(json_agg(h order by ${hitsOrder}), '[]'::json) from h) as hits,
          (select coalesce(json_object_agg(f.category, f.n), '{}'::json) from f) as facets`
    } else {
      let hitsSql: string
      if (byDistance) {
        // Nearest first walks the GiST index in distance order (KNN) and stops after offset + limit rows.
        // PostgreSQL walks it only when the ORDER BY is the distance alone, so ties (shops in one building)
        // are taken WITH TIES and put in id order outside: a page boundary never splits them arbitrarily.
        // (Ordering by distance then id inside made PostgreSQL sort every shop in the circle: 6 ms at 1 M.)
        hitsSql = `select * from (select ${columns}, ${knn} as k from ${DOC_TABLE} d where ${where}
            order by ${knn} fetch first ${add(query.offset + query.limit)} rows with ties) s
          order by ${hitsOrder} offset ${add(query.offset)} limit ${add(query.limit)}`
      } else {
        // Rating order needs every shop in the circle, which the radius box bounds.
        hitsSql = `select * from (select ${columns}, ${knn} as k, 0 as score from ${DOC_TABLE} d where ${where}) s
          order by ${hitsOrder} limit ${add(query.limit)} offset ${add(query.offset)}`
      }
      // One statement, one round trip: the page of hits and the category facets (which ignore the category
      // filter, so each category tab shows what it would return) come back as two JSON values. With the
      // radius alone the facets are an index-only scan (the GiST index includes the category).
      sql = `with h as (${hitsSql}),
          f as (select d.category, count(*)::int as n from ${DOC_TABLE} d where ${beforeCategory} group by d.category)
        select (select coalesce(json_agg(h order by ${hitsOrder}), '[]'::json) from h) as hits,
          (select coalesce(json_object_agg(f.category, f.n), '{}'::json) from f) as facets`
    }
    const [row] = await this.db.execute(toKnex(sql), reorder(sql, params))
    const facets: Record<string, number> = row?.facets ?? {}
    const count = query.category ? facets[query.category] ?? 0 : Object.values(facets).reduce((a, b) => a + b, 0)
    const hits: NearbyHit[] = (row?.hits ?? []).map((r: any) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      category: r.category,
      city: r.city,
      district: r.district,
      lat: r.lat,
      lng: r.lng,
      logo: r.logo,
      rating: Number(r.rating),
      rating_count: r.rating_count,
      monthly_sales: r.monthly_sales,
      open_now: !!r.open_now,
      distance_m: Math.round(Number(r.distance_m) * 10) / 10,
      products: tsq ? (r.products ?? []).filter((p: any) => titleMatches(p.title, tokens)).map(toHitProduct) : [],
    }))
    return { hits, count, facets: { category: facets }, provider: this.identifier }
  }
}

/** Side of the coarse grid whose cell ids ride in each shop's tokens, in degrees (~2.2 km north–south). */
const CELL_DEG = 0.02
/** Beyond this many cells (a radius above ~7 km) the word is checked on the circle's shops instead. */
const MAX_CELLS = 64

/** The grid cell of a point, as the lexeme stored in the shop's tokens (migration 20261202190000 writes the same). */
export function cellToken(lat: number, lng: number) {
  return cellLexeme(Math.floor(lat / CELL_DEG), Math.floor(lng / CELL_DEG))
}

const cellLexeme = (row: number, column: number) => `~c${row}_${column}`

/**
 * The grid cells a search circle can touch, or null when there are too many or the circle nears a pole or
 * the antimeridian. Latitude spans the angular radius δ each way; a spherical cap's longitude spans
 * asin(sin δ / cos φ) each way. A thousandth more and a microdegree absorb rounding.
 */
export function circleCells(lat: number, lng: number, radiusM: number): string[] | null {
  const delta = radiusM / R
  const cosPhi = Math.cos((lat * Math.PI) / 180)
  if (Math.sin(delta) >= cosPhi) return null
  const dLat = ((delta * 180) / Math.PI) * 1.001 + 1e-6
  const dLng = ((Math.asin(Math.sin(delta) / cosPhi) * 180) / Math.PI) * 1.001 + 1e-6
  if (Math.abs(lat) + dLat >= 90 || lng - dLng < -180 || lng + dLng > 180) return null
  const [i0, i1] = [Math.floor((lat - dLat) / CELL_DEG), Math.floor((lat + dLat) / CELL_DEG)]
  const [j0, j1] = [Math.floor((lng - dLng) / CELL_DEG), Math.floor((lng + dLng) / CELL_DEG)]
  if ((i1 - i0 + 1) * (j1 - j0 + 1) > MAX_CELLS) return null
  const cells: string[] = []
  for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) cells.push(cellLexeme(i, j))
  return cells
}

/**
 * The search circle on earthdistance's sphere (radius E): its centre as ll_to_earth computes it, the
 * chord that a great-circle radius spans, and an axis-aligned box around the circle for the GiST index.
 * A point of the spherical cap differs from the centre by a tangent part of length ≤ chord (at most
 * chord·√(1−n_i²) along axis i, n the unit normal) plus at most chord²/2E along n: that bounds the box,
 * tighter than earth_box's cube of side 2·radius, which let in 60 % more shops than the circle holds.
 * Arrays travel as PostgreSQL array literals (knex would splice a JS array into several parameters).
 */
export function searchArea(lat: number, lng: number, radiusM: number) {
  const phi = (lat * Math.PI) / 180
  const lambda = (lng * Math.PI) / 180
  const n = [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)]
  const center = n.map((v) => v * EARTH_UNITS)
  const chord = 2 * EARTH_UNITS * Math.sin(Math.min(radiusM / (2 * R), Math.PI / 2))
  // A centimetre plus a billionth of the chord absorbs rounding between Node's and PostgreSQL's trigonometry.
  const half = n.map((v) => chord * Math.sqrt(Math.max(0, 1 - v * v)) + (chord * chord) / (2 * EARTH_UNITS) + 0.01 + chord * 1e-9)
  const literal = (xs: number[]) => `{${xs.join(",")}}`
  return {
    chord,
    center: literal(center),
    lo: literal(center.map((c, i) => c - half[i])),
    hi: literal(center.map((c, i) => c + half[i])),
  }
}

// knex's raw() binds `?` placeholders only, in order of appearance; the SQL above numbers its
// parameters ($n) so they can repeat. These two helpers rewrite $n into ? and expand the values.
function toKnex(sql: string) {
  return sql.replace(/\$(\d+)/g, "?")
}
function reorder(sql: string, params: unknown[]) {
  return [...sql.matchAll(/\$(\d+)/g)].map((m) => params[Number(m[1]) - 1])
}
