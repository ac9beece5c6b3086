import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The nearby document table is plain SQL on purpose: its geo index (cube/earthdistance), tsvector
 * columns and open-hours multirange are beyond the data model language, and the hot query reads it
 * directly. Needs PostgreSQL 14+ (multiranges) with the cube, earthdistance and pg_trgm extensions.
 */
export class Migration20261128124500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists cube;`)
    this.addSql(`create extension if not exists earthdistance;`)
    this.addSql(`create extension if not exists pg_trgm;`)
    this.addSql(`create table if not exists "nearby_merchant_doc" (
      "id" text primary key,
      "slug" text not null,
      "name" text not null,
      "category" text not null,
      "city" text not null,
      "district" text null,
      "lat" double precision not null,
      "lng" double precision not null,
      "rating_avg" double precision not null default 0,
      "rating_count" integer not null default 0,
      "monthly_sales" integer not null default 0,
      "logo" text null,
      "products" jsonb not null default '[]',
      "name_tokens" tsvector not null default ''::tsvector,
      "tokens" tsvector not null default ''::tsvector,
      "open_week" tstzmultirange not null default '{}',
      "updated_at" timestamptz not null default now()
    );`)
    this.addSql(`create index if not exists "IDX_nearby_doc_earth" on "nearby_merchant_doc" using gist (ll_to_earth("lat", "lng"));`)
    this.addSql(`create index if not exists "IDX_nearby_doc_tokens" on "nearby_merchant_doc" using gin ("tokens");`)
    this.addSql(`create index if not exists "IDX_nearby_doc_name_trgm" on "nearby_merchant_doc" using gin (lower("name") gin_trgm_ops);`)
    this.addSql(`create index if not exists "IDX_nearby_doc_products" on "nearby_merchant_doc" using gin ("products" jsonb_path_ops);`)
    this.addSql(`create index if not exists "IDX_nearby_doc_category" on "nearby_merchant_doc" ("category");`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "nearby_merchant_doc" cascade;`)
  }
}
