import { spawnSync } from "node:child_process"
import path from "node:path"

const bk = require("../lib/pgbackrest")
const ROOT = path.resolve(__dirname, "..", "..")

const production = {
  PGBACKREST_PG1_PATH: "/var/lib/postgresql/15/main",
  PGBACKREST_REPO2_TYPE: "s3",
  PGBACKREST_REPO2_S3_BUCKET: "tongcheng-dr",
  PGBACKREST_REPO2_S3_ENDPOINT: "oss-cn-hangzhou.aliyuncs.com",
  PGBACKREST_REPO2_S3_REGION: "cn-hangzhou",
  PGBACKREST_REPO2_S3_KEY: "AKID-example",
  PGBACKREST_REPO2_S3_KEY_SECRET: "very-secret",
  PGBACKREST_REPO2_CIPHER_PASS: "cipher-secret",
}

function script(file: string, args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PGBACKREST_")))
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", file), ...args], { env: { ...clean, ...env }, encoding: "utf8" })
}

describe("backup settings from the environment", () => {
  it("an off-site repository on object storage names every setting it is missing", () => {
    expect(() => bk.resolveConfig({ PGBACKREST_PG1_PATH: "/x", PGBACKREST_REPO2_TYPE: "s3", PGBACKREST_REPO2_S3_BUCKET: "b" })).toThrow(
      /PGBACKREST_REPO2_S3_ENDPOINT, PGBACKREST_REPO2_S3_REGION, PGBACKREST_REPO2_S3_KEY, PGBACKREST_REPO2_S3_KEY_SECRET/
    )
  })

  it("production without any off-site repository is refused rather than backed up to one disk", () => {
    expect(() => bk.resolveConfig({ PGBACKREST_PG1_PATH: "/var/lib/postgresql/15/main" })).toThrow(/no off-site repository/)
  })

  it("the rendered configuration sends repo2 to the bucket, encrypted", () => {
    const text = bk.renderConfig(bk.resolveConfig(production))
    expect(text).toContain("repo2-type=s3")
    expect(text).toContain("repo2-s3-endpoint=oss-cn-hangzhou.aliyuncs.com")
    expect(text).toContain("repo2-cipher-type=aes-256-cbc")
    expect(text).toContain("pg1-path=/var/lib/postgresql/15/main")
  })

  it("--print-config shows the settings but not the secrets", () => {
    const r = script("backup.js", ["--print-config"], production)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("repo2-s3-bucket=tongcheng-dr")
    expect(r.stdout).not.toContain("very-secret")
    expect(r.stdout).not.toContain("cipher-secret")
    expect(r.stdout).not.toContain("AKID-example")
  })

  it("archive_command survives a project path with spaces and quotes", () => {
    const cfg = bk.resolveConfig({ ...production, PGBACKREST_CONFIG: "/srv/my shop's/pgbackrest.conf" })
    const { archive_command } = bk.archiveSettings(cfg)
    const r = spawnSync("sh", ["-c", `printf '%s\\n' ${archive_command.replace(" archive-push %p", "")}`], { encoding: "utf8" })
    expect(r.stdout.split("\n")).toContain("--config=/srv/my shop's/pgbackrest.conf")
  })
})

describe("npm run restore refuses unclear requests", () => {
  it.each([
    [[], /--to <时间> 或 --latest/],
    [["--to", "yesterday-ish"], /cannot read the time/],
    [["--to", "2999-01-01T00:00:00+08:00"], /in the future/],
    [["--latest", "--repo", "3"], /--repo must be 1 or 2/],
  ])("%j", (args, message) => {
    const r = script("restore.js", args as string[], {})
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(message as RegExp)
  })
})
