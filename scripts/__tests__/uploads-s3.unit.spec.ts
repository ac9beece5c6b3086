/**
 * Uploads beside an S3-compatible off-site repository, against a small in-process stand-in for the
 * bucket (path-style PUT, GET and ListObjectsV2: the calls Aliyun OSS and Tencent COS answer alike).
 */
import fs from "node:fs"
import http from "node:http"
import os from "node:os"
import path from "node:path"
import type { AddressInfo } from "node:net"

const bk = require("../lib/pgbackrest")
const { snapshotUploadsS3, restoreUploadsS3 } = require("../lib/uploads-s3")

function fakeBucket(bucket: string) {
  const objects = new Map<string, Buffer>()
  const puts: string[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x")
    const [, b, ...rest] = url.pathname.split("/")
    const key = decodeURIComponent(rest.join("/"))
    if (b !== bucket) {
      res.writeHead(404).end()
      return
    }
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      if (req.method === "PUT") {
        objects.set(key, Buffer.concat(chunks))
        puts.push(key)
        res.writeHead(200, { ETag: '"x"' }).end()
      } else if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") || ""
        const items = [...objects.entries()]
          .filter(([k]) => k.startsWith(prefix))
          .map(([k, v]) => `<Contents><Key>${k}</Key><Size>${v.length}</Size></Contents>`)
          .join("")
        res
          .writeHead(200, { "Content-Type": "application/xml" })
          .end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${items.length}</KeyCount><IsTruncated>false</IsTruncated>${items}</ListBucketResult>`)
      } else if (req.method === "GET" && objects.has(key)) {
        res.writeHead(200, { "Content-Length": String(objects.get(key)!.length) }).end(objects.get(key))
      } else {
        res.writeHead(404, { "Content-Type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>")
      }
    })
  })
  return { server, objects, puts }
}

describe("uploads beside an object-storage repository", () => {
  const bucket = fakeBucket("tongcheng-dr")
  let work = ""
  let cfg: any

  beforeAll(async () => {
    await new Promise<void>((r) => bucket.server.listen(0, "127.0.0.1", () => r()))
    const port = (bucket.server.address() as AddressInfo).port
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tongcheng-s3-"))
    cfg = bk.resolveConfig({
      PGBACKREST_PG1_PATH: "/var/lib/postgresql/15/main",
      PGBACKREST_REPO2_TYPE: "s3",
      PGBACKREST_REPO2_PATH: "/tongcheng",
      PGBACKREST_REPO2_S3_BUCKET: "tongcheng-dr",
      PGBACKREST_REPO2_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      PGBACKREST_REPO2_S3_REGION: "cn-hangzhou",
      PGBACKREST_REPO2_S3_KEY: "test",
      PGBACKREST_REPO2_S3_KEY_SECRET: "test",
      PGBACKREST_REPO2_S3_URI_STYLE: "path",
      TONGCHENG_UPLOAD_DIRS: [path.join(work, "static"), path.join(work, "private-uploads")].join(path.delimiter),
    })
    fs.mkdirSync(path.join(work, "static", "shops"), { recursive: true })
    fs.mkdirSync(path.join(work, "private-uploads"), { recursive: true })
    fs.writeFileSync(path.join(work, "static", "shops", "logo.png"), "logo")
    fs.writeFileSync(path.join(work, "private-uploads", "licence.jpg"), "营业执照")
  })

  afterAll(async () => {
    await new Promise((r) => bucket.server.close(r))
    fs.rmSync(work, { recursive: true, force: true })
  })

  it("sends each file once, records what existed at each backup, and brings missing files back", async () => {
    const first = await snapshotUploadsS3(cfg, new Date("2026-12-01T03:30:00Z"))
    expect(first).toEqual({ files: 2, uploaded: 2 })
    expect(bucket.objects.get("tongcheng/uploads/files/private-uploads/licence.jpg")?.toString()).toBe("营业执照")

    fs.writeFileSync(path.join(work, "static", "shops", "photo.png"), "photo")
    const second = await snapshotUploadsS3(cfg, new Date("2026-12-02T03:30:00Z"))
    // Only the new photo travels; the manifest still lists all three files.
    expect(second).toEqual({ files: 3, uploaded: 1 })
    expect([...bucket.objects.keys()].filter((k) => k.includes("/manifests/")).sort()).toEqual([
      "tongcheng/uploads/manifests/20261201T033000Z.json",
      "tongcheng/uploads/manifests/20261202T033000Z.json",
    ])

    // The machine's disk is lost; a restore to a time between the two backups brings back what existed then.
    fs.rmSync(path.join(work, "static"), { recursive: true })
    fs.rmSync(path.join(work, "private-uploads"), { recursive: true })
    const restored = await restoreUploadsS3(cfg, new Date("2026-12-01T12:00:00Z"))
    expect(restored).toEqual({ snapshot: "20261201T033000Z", files: 2 })
    expect(fs.readFileSync(path.join(work, "private-uploads", "licence.jpg"), "utf8")).toBe("营业执照")
    expect(fs.existsSync(path.join(work, "static", "shops", "photo.png"))).toBe(false)

    const latest = await restoreUploadsS3(cfg, null)
    expect(latest).toEqual({ snapshot: "20261202T033000Z", files: 1 })
    expect(fs.readFileSync(path.join(work, "static", "shops", "photo.png"), "utf8")).toBe("photo")
  })
})
