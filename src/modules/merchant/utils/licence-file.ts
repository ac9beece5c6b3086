/** Image types shops may upload, with the extension their stored name gets. */
export const IMAGE_TYPES: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
}

/**
 * `licence_image` holds either the File module id of a private upload (what /vendor/uploads with
 * purpose "licence" returns) or, for shops saved before licences were private, a public URL.
 */
export function isPrivateFileRef(value: string | null | undefined): value is string {
  return !!value && !/^(https?:)?\/\//i.test(value) && !value.startsWith("/")
}

/** Content-Type of a stored image from its name; anything else is served as a download. */
export function imageContentType(key: string) {
  const ext = key.split(".").pop()?.toLowerCase() ?? ""
  const found = Object.entries(IMAGE_TYPES).find(([, e]) => e === ext || (ext === "jpeg" && e === "jpg"))
  return found?.[0] ?? "application/octet-stream"
}

/** The start of a licence scan's file name for one owner (an applicant's auth identity or a shop id). */
export function licenceFilePrefix(owner: string) {
  return `licence--${owner.replace(/[^\w-]+/g, "_")}--`
}
