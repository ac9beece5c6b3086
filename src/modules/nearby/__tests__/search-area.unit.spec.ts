import { searchArea } from "../providers/pg-geo"

const R = 6371008.8
const E = 6378168

/** The point `d` metres from (lat, lng) in direction `bearing` on the project's sphere (radius R). */
function destination(lat: number, lng: number, d: number, bearing: number) {
  const r = Math.PI / 180
  const phi1 = lat * r
  const delta = d / R
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(bearing))
  const lambda2 =
    lng * r +
    Math.atan2(Math.sin(bearing) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2))
  return { lat: phi2 / r, lng: lambda2 / r }
}

// Where ll_to_earth puts a point: on earthdistance's sphere (radius E).
function earth(lat: number, lng: number) {
  const r = Math.PI / 180
  return [
    E * Math.cos(lat * r) * Math.cos(lng * r),
    E * Math.cos(lat * r) * Math.sin(lng * r),
    E * Math.sin(lat * r),
  ]
}

const parse = (literal: string) => literal.slice(1, -1).split(",").map(Number)

describe("searchArea: the index box around the search circle", () => {
  // Shanghai, Harbin, Sanya, the equator, near the pole, across the antimeridian.
  const centres = [
    [31.2304, 121.4737],
    [45.75, 126.65],
    [18.25, 109.5],
    [0, 0],
    [89.99, 10],
    [10, 179.999],
  ]
  for (const [lat, lng] of centres) {
    for (const radius of [1, 500, 3000, 50000]) {
      it(`holds every shop inside ${radius} m of ${lat},${lng}, and the chord is exactly that radius`, () => {
        const area = searchArea(lat, lng, radius)
        const [lo, hi, c] = [parse(area.lo), parse(area.hi), parse(area.center)]
        for (let k = 0; k < 360; k += 3) {
          for (const f of [0.999999, 0.5]) {
            const p = earth(...(Object.values(destination(lat, lng, radius * f, (k * Math.PI) / 180)) as [number, number]))
            p.forEach((v, i) => {
              expect(v).toBeGreaterThanOrEqual(lo[i])
              expect(v).toBeLessThanOrEqual(hi[i])
            })
          }
          // The straight line to a point on the circle is the chord (to a micrometre).
          const edge = earth(...(Object.values(destination(lat, lng, radius, (k * Math.PI) / 180)) as [number, number]))
          expect(Math.abs(Math.hypot(...edge.map((v, i) => v - c[i])) - area.chord)).toBeLessThan(1e-4 + radius * 1e-9)
        }
      })
    }
  }

})
