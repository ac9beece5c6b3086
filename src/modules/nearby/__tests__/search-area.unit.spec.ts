import { cellToken, circleCells, searchArea } from "../providers/pg-geo"

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


  // A keyword search asks the GIN index for the circle's grid cells: a shop in a cell left out would be lost.
  describe("grid cells of a circle", () => {
    const spots = [
      [31.2304, 121.4737],
      [39.9042, 116.4074],
      [45.75, 126.65],
      [18.25, 109.5],
      [30.0, 120.0], // on cell corners
      [-33.87, 151.21],
      [0.001, -0.001],
    ]
    for (const [lat, lng] of spots) {
      for (const radius of [50, 800, 3000, 5000]) {
        it(`covers every point within ${radius} m of ${lat},${lng}`, () => {
          const cells = new Set(circleCells(lat, lng, radius))
          expect(cells.size).toBeGreaterThan(0)
          for (let k = 0; k < 360; k += 1) {
            for (const f of [1, 0.999, 0.7, 0.3]) {
              const p = destination(lat, lng, radius * f, (k * Math.PI) / 180)
              expect(cells.has(cellToken(p.lat, p.lng))).toBe(true)
            }
          }
          expect(cells.has(cellToken(lat, lng))).toBe(true)
        })
      }
    }
    it("gives up on wide circles and near a pole or the antimeridian, where the word is checked shop by shop", () => {
      expect(circleCells(31.23, 121.47, 50000)).toBeNull()
      expect(circleCells(89.999, 0, 3000)).toBeNull()
      expect(circleCells(10, 179.99, 3000)).toBeNull()
      expect(circleCells(31.23, 121.47, 3000)!.length).toBeLessThanOrEqual(16)
    })
  })
})
