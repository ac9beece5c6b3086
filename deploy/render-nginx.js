#!/usr/bin/env node
// Renders deploy/nginx/tongcheng.conf.template from NGINX_* settings (see deploy/tongcheng.env.example):
//   set -a; . /etc/tongcheng/tongcheng.env; set +a
//   node deploy/render-nginx.js > /etc/nginx/sites-available/tongcheng.conf
// scripts/smoke-https.js renders the same template with test ports and a self-signed certificate.
const fs = require("node:fs")
const path = require("node:path")

const TEMPLATE = path.join(__dirname, "nginx", "tongcheng.conf.template")

const list = (v) => String(v).split(",").map((s) => s.trim()).filter(Boolean)

/** The placeholder values for `settings` (NGINX_* names, as in the env file). */
function values(settings) {
  const get = (name, fallback) => {
    const v = settings[name]
    if (v !== undefined && String(v).trim() !== "") return String(v).trim()
    if (fallback === undefined) throw new Error(`${name} is not set (see deploy/tongcheng.env.example)`)
    return fallback
  }
  const shop = get("NGINX_SHOP_HOST")
  const api = get("NGINX_API_HOST")
  const https = list(get("NGINX_HTTPS_LISTEN", "443,[::]:443"))
  // The port browsers are redirected to: the first HTTPS listen address's.
  const httpsPort = Number(https[0].match(/(\d+)$/)[1])
  const servers = list(get("NGINX_API_SERVERS", "127.0.0.1:9001,127.0.0.1:9002"))
  return {
    SHOP_HOST: shop,
    API_HOST: api,
    TLS_CERT: get("NGINX_TLS_CERT", `/etc/letsencrypt/live/${shop}/fullchain.pem`),
    TLS_KEY: get("NGINX_TLS_KEY", `/etc/letsencrypt/live/${shop}/privkey.pem`),
    API_SERVERS: servers.map((s) => `    server ${s} max_fails=1 fail_timeout=10s;`).join("\n"),
    STOREFRONT_SERVER: get("NGINX_STOREFRONT_SERVER", "127.0.0.1:8000"),
    LISTEN_HTTP: list(get("NGINX_HTTP_LISTEN", "80,[::]:80")).map((l) => `    listen ${l};`).join("\n"),
    LISTEN_HTTPS: https.map((l) => `    listen ${l} ssl http2;`).join("\n"),
    HTTPS_PORT_SUFFIX: httpsPort === 443 ? "" : `:${httpsPort}`,
    INTERNAL_API_LISTEN: get("NGINX_INTERNAL_API_LISTEN", "127.0.0.1:9080"),
    ACME_ROOT: get("NGINX_ACME_ROOT", "/var/www/html"),
  }
}

function render(settings) {
  const v = values(settings)
  return fs.readFileSync(TEMPLATE, "utf8").replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
    if (!(name in v)) throw new Error(`the template names {{${name}}}, which render-nginx.js does not know`)
    return v[name]
  })
}

module.exports = { render }

if (require.main === module) {
  try {
    process.stdout.write(render(process.env))
  } catch (e) {
    console.error(`render-nginx: ${e.message}`)
    process.exit(1)
  }
}
