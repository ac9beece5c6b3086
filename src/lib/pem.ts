import fs from "node:fs"

/**
 * Reads a PEM given inline (env values often carry "\n" escaped) or from a file. Errors name the
 * setting, never the key material: keys must not reach logs.
 */
export function readPem(inline: string | undefined, path: string | undefined, setting: string): string {
  if (inline && inline.trim()) {
    const text = inline.includes("\\n") ? inline.replace(/\\n/g, "\n") : inline
    if (!text.includes("-----BEGIN")) {
      // Alipay's console hands out bare base64 keys; the caller wraps them.
      return text.trim()
    }
    return text.trim() + "\n"
  }
  if (path && path.trim()) {
    try {
      return fs.readFileSync(path.trim(), "utf8")
    } catch (e: any) {
      throw new Error(`无法读取 ${setting}_PATH 指向的文件 (cannot read the file named by ${setting}_PATH: ${e.code ?? e.message})`)
    }
  }
  throw new Error(`缺少配置 ${setting} 或 ${setting}_PATH (missing setting ${setting} or ${setting}_PATH)`)
}

/** Wraps a bare base64 key (as Alipay's console shows it) into PEM. */
export function asPem(key: string, label: "PUBLIC KEY" | "PRIVATE KEY"): string {
  if (key.includes("-----BEGIN")) return key
  const body = key.replace(/\s+/g, "").match(/.{1,64}/g)?.join("\n") ?? ""
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
}
