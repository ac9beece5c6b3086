/**
 * Coordinate handling. Merchant locations are stored in GCJ-02 because that is
 * what AMap/Tencent maps (and most Chinese clients) display and geocode in;
 * storing WGS-84 would put every pin a few hundred metres off on those maps.
 *
 * Conversion is delegated to `gcoord`. Note its behaviour: the GCJ-02 offset
 * is only applied inside a rough China bounding box (outside it WGS-84 and
 * GCJ-02 are identical), whereas the BD-09 transform is applied everywhere.
 */
import gcoord from "gcoord"
import type { CRSTypes } from "gcoord"
import { ValidationError, describeValue, validationError } from "./errors"

export type CoordSystem = "gcj02" | "wgs84" | "bd09"
export const COORD_SYSTEMS: readonly CoordSystem[] = ["gcj02", "wgs84", "bd09"]

export type LatLng = { lat: number; lng: number }
/**
 * `error` is the first problem (same shape as the single-field validators, for
 * callers that report one message per input); `errors` lists all of them.
 */
export type CoordResult = ({ ok: true } & LatLng) | { ok: false; error: ValidationError; errors: ValidationError[] }

/**
 * Mean Earth radius R1 = (2a + b) / 3 of WGS-84 as recommended by the IUGG, in
 * metres. Any distance filter/sort elsewhere (e.g. SQL-side nearby search) must
 * use the same constant, or the list order and the displayed distances disagree.
 */
export const EARTH_RADIUS_METERS = 6371008.8

/** ~0.11 m at the equator; finer digits are noise for a shop front. */
const DECIMALS = 6

const CRS: Record<CoordSystem, CRSTypes> = {
  gcj02: gcoord.GCJ02,
  wgs84: gcoord.WGS84,
  bd09: gcoord.BD09,
}

function round6(n: number): number {
  const f = 10 ** DECIMALS
  // `+ 0` turns -0 into 0 so rounded values compare/serialise cleanly.
  return Math.round(n * f) / f + 0
}

export type CoordFieldNames = { lat?: string; lng?: string; coord_system?: string }

function validateLatLng(lat: unknown, lng: unknown, fields: Required<CoordFieldNames>): ValidationError[] {
  const errors: ValidationError[] = []
  const check = (value: unknown, field: string, zhName: string, enName: string, limit: number) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      errors.push(
        validationError(
          field,
          "invalid_number",
          `${zhName}必须是有效数字，当前为 ${describeValue(value)}`,
          `${enName} must be a finite number, got ${describeValue(value)}`
        )
      )
    } else if (value < -limit || value > limit) {
      errors.push(
        validationError(
          field,
          "out_of_range",
          `${zhName}必须在 -${limit} 到 ${limit} 之间，当前为 ${value}`,
          `${enName} must be between -${limit} and ${limit}, got ${value}`
        )
      )
    }
  }
  check(lat, fields.lat, "纬度", "Latitude", 90)
  check(lng, fields.lng, "经度", "Longitude", 180)
  return errors
}

function parseCoordSystem(value: unknown, field: string): CoordSystem | ValidationError {
  const normalized = typeof value === "string" ? value.trim().toLowerCase() : value
  if ((COORD_SYSTEMS as readonly unknown[]).includes(normalized)) return normalized as CoordSystem
  return validationError(
    field,
    "invalid_coord_system",
    `坐标系 ${describeValue(value)} 不受支持，可选值：gcj02、wgs84、bd09`,
    `Unsupported coordinate system ${describeValue(value)}; expected one of gcj02, wgs84, bd09`
  )
}

function convert(point: LatLng, from: CoordSystem, to: CoordSystem): LatLng {
  if (from === to) return { lat: round6(point.lat), lng: round6(point.lng) }
  // gcoord uses GeoJSON order: [lng, lat].
  const [lng, lat] = gcoord.transform([point.lng, point.lat] as [number, number], CRS[from], CRS[to])
  return { lat: round6(lat), lng: round6(lng) }
}

/**
 * Convert a user/client supplied point to GCJ-02 for storage. `coord_system`
 * defaults to gcj02 (what Chinese map SDKs return) and is case-insensitive.
 * Numeric strings are rejected on purpose: parsing belongs to the HTTP layer.
 */
export function toGCJ02(
  input: { lat: number; lng: number; coord_system?: CoordSystem | string },
  fieldNames: CoordFieldNames = {}
): CoordResult {
  const fields = {
    lat: fieldNames.lat ?? "lat",
    lng: fieldNames.lng ?? "lng",
    coord_system: fieldNames.coord_system ?? "coord_system",
  }
  const errors = validateLatLng(input?.lat, input?.lng, fields)
  const system = input?.coord_system === undefined ? "gcj02" : parseCoordSystem(input.coord_system, fields.coord_system)
  if (typeof system !== "string") errors.push(system)
  if (errors.length > 0 || typeof system !== "string") return { ok: false, error: errors[0], errors }
  const { lat, lng } = convert({ lat: input.lat, lng: input.lng }, system, "gcj02")
  return { ok: true, lat, lng }
}

/** Convert a stored GCJ-02 point for a client that renders in another system. */
export function fromGCJ02(lat: number, lng: number, to: CoordSystem | string): CoordResult {
  const fields = { lat: "lat", lng: "lng", coord_system: "coord_system" }
  const errors = validateLatLng(lat, lng, fields)
  const system = parseCoordSystem(to, fields.coord_system)
  if (typeof system !== "string") errors.push(system)
  if (errors.length > 0 || typeof system !== "string") return { ok: false, error: errors[0], errors }
  const out = convert({ lat, lng }, "gcj02", system)
  return { ok: true, lat: out.lat, lng: out.lng }
}

/**
 * Great-circle distance in metres (spherical Earth, radius EARTH_RADIUS_METERS).
 * Both points must be in the same datum; mixing GCJ-02 and WGS-84 adds the
 * several-hundred-metre offset to the result.
 */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const toRad = Math.PI / 180
  const dLat = (b.lat - a.lat) * toRad
  const dLng = (b.lng - a.lng) * toRad
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2
  // min() guards against h drifting a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)))
}
