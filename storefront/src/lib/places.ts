/** Areas a visitor can pick instead of sharing their location. GCJ-02, as stored by the backend. */
export type PlaceDef = { key: string; city: string; city_en: string; name: string; name_en: string; lat: number; lng: number }

export const PLACES: PlaceDef[] = [
  { key: "sh-renmin", city: "上海", city_en: "Shanghai", name: "人民广场", name_en: "People's Square", lat: 31.2304, lng: 121.4737 },
  { key: "sh-nanjing-e", city: "上海", city_en: "Shanghai", name: "南京东路", name_en: "East Nanjing Rd", lat: 31.2389, lng: 121.4844 },
  { key: "sh-jingan", city: "上海", city_en: "Shanghai", name: "静安寺", name_en: "Jing'an Temple", lat: 31.2235, lng: 121.4453 },
  { key: "sh-xintiandi", city: "上海", city_en: "Shanghai", name: "新天地", name_en: "Xintiandi", lat: 31.2197, lng: 121.4751 },
  { key: "sh-lujiazui", city: "上海", city_en: "Shanghai", name: "陆家嘴", name_en: "Lujiazui", lat: 31.2397, lng: 121.4998 },
  { key: "sh-xujiahui", city: "上海", city_en: "Shanghai", name: "徐家汇", name_en: "Xujiahui", lat: 31.1955, lng: 121.4374 },
  { key: "sh-zhongshan", city: "上海", city_en: "Shanghai", name: "中山公园", name_en: "Zhongshan Park", lat: 31.2197, lng: 121.4172 },
  { key: "sh-wujiaochang", city: "上海", city_en: "Shanghai", name: "五角场", name_en: "Wujiaochang", lat: 31.299, lng: 121.514 },
  { key: "sh-century-park", city: "上海", city_en: "Shanghai", name: "世纪公园", name_en: "Century Park", lat: 31.2136, lng: 121.5515 },
  { key: "sh-hongqiao", city: "上海", city_en: "Shanghai", name: "虹桥", name_en: "Hongqiao", lat: 31.1967, lng: 121.3988 },
  { key: "sh-qibao", city: "上海", city_en: "Shanghai", name: "七宝", name_en: "Qibao", lat: 31.1586, lng: 121.3497 },
  { key: "bj-tiananmen", city: "北京", city_en: "Beijing", name: "天安门", name_en: "Tian'anmen", lat: 39.9087, lng: 116.3975 },
  { key: "hz-xihu", city: "杭州", city_en: "Hangzhou", name: "西湖", name_en: "West Lake", lat: 30.259, lng: 120.148 },
  { key: "gz-tianhe", city: "广州", city_en: "Guangzhou", name: "天河", name_en: "Tianhe", lat: 23.1317, lng: 113.3236 },
  { key: "sz-futian", city: "深圳", city_en: "Shenzhen", name: "福田", name_en: "Futian", lat: 22.5431, lng: 114.0579 },
]

export const DEFAULT_PLACE = PLACES[0]

export type Place = { lat: number; lng: number; key: string }

export function placeLabel(p: Place, locale: string, mineLabel: string): string {
  const def = PLACES.find((d) => d.key === p.key)
  if (!def) return mineLabel
  return locale === "en" ? `${def.name_en}, ${def.city_en}` : `${def.city} ${def.name}`
}

/** Cookie format "lat,lng,key": small, readable, and enough to render the page on the server. */
export function parsePlace(raw: string | undefined | null): Place {
  if (!raw) return { ...DEFAULT_PLACE }
  const [lat, lng, key] = raw.split(",")
  const la = Number(lat)
  const ln = Number(lng)
  if (!Number.isFinite(la) || !Number.isFinite(ln) || Math.abs(la) > 90 || Math.abs(ln) > 180) return { ...DEFAULT_PLACE }
  return { lat: la, lng: ln, key: key || "mine" }
}

export function serializePlace(p: Place) {
  return `${p.lat.toFixed(6)},${p.lng.toFixed(6)},${p.key}`
}

/** Great-circle distance in metres, same Earth radius as the backend's nearby search. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const R = 6371008.8
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}
