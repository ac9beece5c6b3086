import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203160455 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "booking_voucher" drop constraint if exists "booking_voucher_merchant_id_code_unique";`);
    this.addSql(`create table if not exists "booking_voucher" ("id" text not null, "merchant_id" text not null, "order_id" text not null, "line_item_id" text not null, "customer_id" text null, "product_id" text not null, "variant_id" text not null, "title" text not null, "unit_price" integer not null, "paid_amount" integer not null, "code" text not null, "status" text check ("status" in ('unused', 'redeemed', 'refunded', 'expired')) not null default 'unused', "refundable" boolean not null default true, "refund_on_expiry" boolean not null default true, "expires_at" timestamptz not null, "redeemed_at" timestamptz null, "redeemed_by" text null, "refunded_at" timestamptz null, "refund" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_voucher_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_voucher_merchant_id" ON "booking_voucher" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_voucher_order_id" ON "booking_voucher" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_voucher_customer_id" ON "booking_voucher" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_voucher_deleted_at" ON "booking_voucher" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_booking_voucher_merchant_id_code_unique" ON "booking_voucher" ("merchant_id", "code") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_voucher_status_expires_at" ON "booking_voucher" ("status", "expires_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "booking_redemption_attempt" add column if not exists "voucher_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "booking_voucher" cascade;`);

    this.addSql(`alter table if exists "booking_redemption_attempt" drop column if exists "voucher_id";`);
  }

}
