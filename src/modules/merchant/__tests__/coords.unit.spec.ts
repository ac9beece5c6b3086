import { EARTH_RADIUS_METERS, fromGCJ02, haversineMeters, toGCJ02 } from "../utils/coords"

// People's Square, Shanghai.
const PEOPLES_SQUARE_WGS84 = { lat: 31.2304, lng: 121.4737 }
const PEOPLES_SQUARE_GCJ02_APPROX = { lat: 31.2285, lng: 121.4782 }

function okPoint(r: ReturnType<typeof toGCJ02>) {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`)
  return { lat: r.lat, lng: r.lng }
}

describe("haversineMeters", () => {
  it("uses the IUGG mean Earth radius", () => {
    expect(EARTH_RADIUS_METERS).toBe(6371008.8)
  })

  it("is zero for identical points and symmetric", () => {
    expect(haversineMeters(PEOPLES_SQUARE_WGS84, PEOPLES_SQUARE_WGS84)).toBe(0)
    const a = { lat: 39.9087, lng: 116.3975 }
    expect(haversineMeters(a, PEOPLES_SQUARE_WGS84)).toBeCloseTo(haversineMeters(PEOPLES_SQUARE_WGS84, a), 6)
  })

  it("gives R·Δφ for one degree of latitude", () => {
    const d = haversineMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })
    expect(d).toBeCloseTo((EARTH_RADIUS_METERS * Math.PI) / 180, 3) // ≈ 111 195 m
  })

  it("matches the known Beijing–Shanghai great-circle distance (~1 067 km)", () => {
    const tiananmen = { lat: 39.9087, lng: 116.3975 }
    const d = haversineMeters(tiananmen, PEOPLES_SQUARE_WGS84)
    expect(d).toBeGreaterThan(1_060_000)
    expect(d).toBeLessThan(1_075_000)
  })

  it("handles antipodal points without NaN", () => {
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_METERS, 3)
  })
})

describe("toGCJ02", () => {
  it("shifts People's Square from WGS-84 onto the GCJ-02 grid (within 50 m of the published value)", () => {
    const p = okPoint(toGCJ02({ ...PEOPLES_SQUARE_WGS84, coord_system: "wgs84" }))
    expect(haversineMeters(p, PEOPLES_SQUARE_GCJ02_APPROX)).toBeLessThan(50)
    // The GCJ-02 offset in Shanghai is several hundred metres; make sure it really moved.
    expect(haversineMeters(p, PEOPLES_SQUARE_WGS84)).toBeGreaterThan(300)
  })

  it("defaults to gcj02 (no conversion) and rounds to 6 decimals", () => {
    expect(toGCJ02({ lat: 31.123456789, lng: 121.987654321 })).toEqual({ ok: true, lat: 31.123457, lng: 121.987654 })
    expect(toGCJ02({ lat: 31.2, lng: 121.4, coord_system: "gcj02" })).toEqual({ ok: true, lat: 31.2, lng: 121.4 })
  })

  it("rounds every converted result to at most 6 decimals", () => {
    const p = okPoint(toGCJ02({ ...PEOPLES_SQUARE_WGS84, coord_system: "bd09" }))
    for (const v of [p.lat, p.lng]) expect(Math.round(v * 1e6) / 1e6).toBe(v)
  })

  it("accepts coord_system case-insensitively", () => {
    expect(toGCJ02({ ...PEOPLES_SQUARE_WGS84, coord_system: "WGS84" })).toEqual(
      toGCJ02({ ...PEOPLES_SQUARE_WGS84, coord_system: "wgs84" })
    )
  })

  it("round-trips wgs84 → gcj02 → wgs84 within 1 m", () => {
    const gcj = okPoint(toGCJ02({ ...PEOPLES_SQUARE_WGS84, coord_system: "wgs84" }))
    const back = okPoint(fromGCJ02(gcj.lat, gcj.lng, "wgs84"))
    expect(haversineMeters(back, PEOPLES_SQUARE_WGS84)).toBeLessThan(1)
  })

  it("round-trips bd09 → gcj02 → bd09 within 1 m", () => {
    const bd = { lat: 31.2363, lng: 121.4803 }
    const gcj = okPoint(toGCJ02({ ...bd, coord_system: "bd09" }))
    expect(haversineMeters(gcj, bd)).toBeGreaterThan(300) // BD-09 is offset from GCJ-02 too
    const back = okPoint(fromGCJ02(gcj.lat, gcj.lng, "bd09"))
    expect(haversineMeters(back, bd)).toBeLessThan(1)
  })

  it("leaves points outside China unchanged for wgs84 (GCJ-02 only applies in China)", () => {
    const london = { lat: 51.5007, lng: -0.1246 }
    expect(toGCJ02({ ...london, coord_system: "wgs84" })).toEqual({ ok: true, ...london })
  })

  it.each([
    [{ lat: 90.0001, lng: 0 }, "lat", "out_of_range"],
    [{ lat: -91, lng: 0 }, "lat", "out_of_range"],
    [{ lat: 0, lng: 180.5 }, "lng", "out_of_range"],
    [{ lat: 0, lng: -181 }, "lng", "out_of_range"],
    [{ lat: Number.NaN, lng: 0 }, "lat", "invalid_number"],
    [{ lat: 0, lng: Number.POSITIVE_INFINITY }, "lng", "invalid_number"],
    [{ lat: "31.2" as unknown as number, lng: 121 }, "lat", "invalid_number"],
  ])("rejects %o with %s/%s", (input, field, code) => {
    const r = toGCJ02(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error).toMatchObject({ field, code })
      expect(r.errors).toHaveLength(1)
      expect(r.error.message).toMatch(field === "lat" ? /纬度/ : /经度/)
    }
  })

  it("accepts the exact range boundaries", () => {
    expect(toGCJ02({ lat: 90, lng: 180 }).ok).toBe(true)
    expect(toGCJ02({ lat: -90, lng: -180 }).ok).toBe(true)
  })

  it("rejects an unknown coord_system and reports every bad field", () => {
    const r = toGCJ02({ lat: 100, lng: 200, coord_system: "epsg3857" })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
        "lat:out_of_range",
        "lng:out_of_range",
        "coord_system:invalid_coord_system",
      ])
      expect(r.errors[2].message_en).toContain("gcj02, wgs84, bd09")
    }
  })

  it("supports custom field names", () => {
    const r = toGCJ02({ lat: 100, lng: 0 }, { lat: "location.lat" })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.field).toBe("location.lat")
  })
})

describe("fromGCJ02", () => {
  it("returns the input (rounded) for gcj02", () => {
    expect(fromGCJ02(31.2285, 121.4782, "gcj02")).toEqual({ ok: true, lat: 31.2285, lng: 121.4782 })
  })

  it("validates its arguments", () => {
    const r = fromGCJ02(95, 121, "mars")
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(["lat", "coord_system"])
  })
})
