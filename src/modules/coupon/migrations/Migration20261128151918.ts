import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128151918 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_coupon" drop constraint if exists "customer_coupon_batch_id_customer_id_seq_unique";`);
    this.addSql(`create table if not exists "coupon_batch" ("id" text not null, "merchant_id" text null, "title" text not null, "kind" text check ("kind" in ('fixed', 'percent', 'tiered')) not null, "value" numeric null, "tiers" jsonb null, "min_spend" numeric not null default 0, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "total" integer not null, "claimed" integer not null default 0, "per_customer_limit" integer not null default 1, "new_customer_only" boolean not null default false, "status" text check ("status" in ('active', 'ended')) not null default 'active', "campaign_id" text null, "promotion_id" text null, "code" text null, "raw_value" jsonb null, "raw_min_spend" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_batch_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_deleted_at" ON "coupon_batch" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_merchant_id" ON "coupon_batch" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_status_ends_at" ON "coupon_batch" ("status", "ends_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_coupon" ("id" text not null, "batch_id" text not null, "customer_id" text not null, "seq" integer not null, "status" text check ("status" in ('available', 'used', 'expired')) not null default 'available', "code" text null, "cart_id" text null, "order_id" text null, "used_at" timestamptz null, "discount_total" numeric null, "raw_discount_total" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_coupon_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_coupon_deleted_at" ON "customer_coupon" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_coupon_batch_id_customer_id_seq_unique" ON "customer_coupon" ("batch_id", "customer_id", "seq") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_coupon_customer_id_status" ON "customer_coupon" ("customer_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_coupon_cart_id" ON "customer_coupon" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_coupon_order_id" ON "customer_coupon" ("order_id") WHERE deleted_at IS NULL;`);
    // Guards the database keeps even if application code is wrong: never more issued than the total,
    // and at most one available coupon attached to a cart.
    this.addSql(`alter table "coupon_batch" add constraint "coupon_batch_claimed_within_total" check ("claimed" >= 0 and "claimed" <= "total");`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_coupon_one_per_cart" ON "customer_coupon" ("cart_id") WHERE cart_id IS NOT NULL AND status = 'available' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "coupon_batch" cascade;`);

    this.addSql(`drop table if exists "customer_coupon" cascade;`);
  }

}
