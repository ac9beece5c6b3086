// Uploaded files beside the off-site repository when it is S3-compatible object storage (Aliyun OSS,
// Tencent COS): files are mirrored once under <repo2-path>/uploads/files/<folder>/<name> and each
// backup writes a manifest <repo2-path>/uploads/manifests/<stamp>.json of what existed then.
// The File module names every upload uniquely, so a name seen before with the same size is not sent
// again; the bucket should have default server-side encryption on (licence scans are personal data).
const fs = require("node:fs")
const path = require("node:path")
const { stamp, stampToDate } = require("./pgbackrest")
const { labels } = require("./uploads-backup")

function client(cfg) {
  // The SDK is pinned (package.json); its notice that later releases need Node 22 concerns versions we do
  // not install and would otherwise end up in every backup's log.
  if (!process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true"
  const { S3Client } = require("@aws-sdk/client-s3")
  const s3 = cfg.repo2.s3
  return new S3Client({
    endpoint: /^https?:\/\//.test(s3.endpoint) ? s3.endpoint : `https://${s3.endpoint}`,
    region: s3.region,
    forcePathStyle: s3.uriStyle === "path",
    credentials: { accessKeyId: s3.key, secretAccessKey: s3.keySecret },
  })
}

function prefix(cfg) {
  return `${cfg.repo2.path.replace(/^\/+|\/+$/g, "")}/uploads`
}

async function listAll(s3, bucket, keyPrefix) {
  const { ListObjectsV2Command } = require("@aws-sdk/client-s3")
  const found = new Map()
  let token
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keyPrefix, ContinuationToken: token }))
    for (const o of page.Contents || []) found.set(o.Key, o.Size)
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return found
}

function walk(dir, base = dir, out = []) {
  if (!fs.existsSync(dir)) return out
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) walk(full, base, out)
    else if (e.isFile()) out.push({ rel: path.relative(base, full).split(path.sep).join("/"), size: fs.statSync(full).size, full })
  }
  return out
}

async function snapshotUploadsS3(cfg, when = new Date()) {
  const { PutObjectCommand } = require("@aws-sdk/client-s3")
  const s3 = client(cfg)
  const bucket = cfg.repo2.s3.bucket
  const root = prefix(cfg)
  const existing = await listAll(s3, bucket, `${root}/files/`)
  const names = labels(cfg.uploadDirs)
  const manifest = { taken_at: when.toISOString(), files: [] }
  let uploaded = 0
  for (const [i, dir] of cfg.uploadDirs.entries()) {
    for (const f of walk(dir)) {
      const key = `${root}/files/${names[i]}/${f.rel}`
      if (existing.get(key) !== f.size) {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(f.full) }))
        uploaded++
      }
      manifest.files.push({ label: names[i], rel: f.rel, size: f.size })
    }
  }
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: `${root}/manifests/${stamp(when)}.json`, Body: JSON.stringify(manifest), ContentType: "application/json" })
  )
  return { files: manifest.files.length, uploaded }
}

/** Downloads the files of the newest manifest at or before `at` that are missing locally. */
async function restoreUploadsS3(cfg, at) {
  const { GetObjectCommand } = require("@aws-sdk/client-s3")
  const s3 = client(cfg)
  const bucket = cfg.repo2.s3.bucket
  const root = prefix(cfg)
  const manifests = [...(await listAll(s3, bucket, `${root}/manifests/`)).keys()]
    .map((k) => ({ key: k, name: path.basename(k, ".json") }))
    .filter((m) => stampToDate(m.name) && (!at || stampToDate(m.name) <= at))
    .sort((a, b) => a.name.localeCompare(b.name))
  const chosen = manifests.pop()
  if (!chosen) return null
  const read = async (key) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body.transformToByteArray())
  const manifest = JSON.parse((await read(chosen.key)).toString("utf8"))
  const names = labels(cfg.uploadDirs)
  let files = 0
  for (const f of manifest.files) {
    const dir = cfg.uploadDirs[names.indexOf(f.label)]
    if (!dir) continue
    const target = path.join(dir, ...f.rel.split("/"))
    if (fs.existsSync(target)) continue
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, await read(`${root}/files/${f.label}/${f.rel}`))
    files++
  }
  return { snapshot: chosen.name, files }
}

module.exports = { snapshotUploadsS3, restoreUploadsS3 }
