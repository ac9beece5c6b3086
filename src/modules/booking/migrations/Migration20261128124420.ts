import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128124420 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "booking_offering" drop constraint if exists "booking_offering_variant_id_unique";`);
    this.addSql(`alter table if exists "booking_appointment" drop constraint if exists "booking_appointment_merchant_id_code_unique";`);
    this.addSql(`create table if not exists "booking_appointment" ("id" text not null, "merchant_id" text not null, "offering_id" text not null, "resource_id" text not null, "resource_capacity" integer not null, "customer_id" text null, "cart_id" text null, "line_item_id" text null, "order_id" text null, "status" text check ("status" in ('held', 'confirmed', 'checked_in', 'completed', 'cancelled', 'no_show', 'expired')) not null default 'held', "party_size" integer not null default 1, "seats" integer not null default 1, "start_at" timestamptz not null, "end_at" timestamptz not null, "occupied_from" timestamptz not null, "occupied_to" timestamptz not null, "expires_at" timestamptz null, "code" text null, "address" jsonb null, "reschedules" jsonb null, "cancellation" jsonb null, "confirmed_at" timestamptz null, "checked_in_at" timestamptz null, "completed_at" timestamptz null, "cancelled_at" timestamptz null, "no_show_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_appointment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_merchant_id" ON "booking_appointment" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_offering_id" ON "booking_appointment" ("offering_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_customer_id" ON "booking_appointment" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_cart_id" ON "booking_appointment" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_order_id" ON "booking_appointment" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_deleted_at" ON "booking_appointment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_resource_id_occupied_from" ON "booking_appointment" ("resource_id", "occupied_from") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_booking_appointment_merchant_id_code_unique" ON "booking_appointment" ("merchant_id", "code") WHERE code IS NOT NULL AND deleted_at IS NULL;`);

    // The database, not Node, refuses a second live booking of a single-seat resource over the same time.
    // Multi-seat resources are serialised by a row lock on booking_resource in the service instead.
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(`alter table "booking_appointment" add constraint "booking_appointment_range_check" check ("occupied_to" > "occupied_from" and "end_at" > "start_at");`);
    this.addSql(`alter table "booking_appointment" add constraint "booking_appointment_no_overlap" exclude using gist ("resource_id" with =, tstzrange("occupied_from", "occupied_to", '[)') with &&) where ("resource_capacity" = 1 and "status" in ('held', 'confirmed', 'checked_in') and "deleted_at" is null);`);

    this.addSql(`create table if not exists "booking_closure" ("id" text not null, "merchant_id" text not null, "resource_id" text null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_closure_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_closure_merchant_id" ON "booking_closure" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_closure_deleted_at" ON "booking_closure" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "booking_offering" ("id" text not null, "merchant_id" text not null, "product_id" text not null, "variant_id" text not null, "name" text not null, "duration_minutes" integer not null, "buffer_before_minutes" integer not null default 0, "buffer_after_minutes" integer not null default 0, "slot_step_minutes" integer not null default 15, "min_notice_minutes" integer not null default 60, "horizon_days" integer not null default 30, "free_cancel_minutes" integer not null default 120, "late_cancel_policy" text check ("late_cancel_policy" in ('no_refund', 'fee')) not null default 'no_refund', "late_cancel_fee" real not null default 0, "min_party" integer not null default 1, "max_party" integer not null default 1, "location" text check ("location" in ('on_site', 'at_home')) not null default 'on_site', "service_radius_km" real null, "resource_ids" jsonb not null, "is_active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_offering_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_offering_merchant_id" ON "booking_offering" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_offering_deleted_at" ON "booking_offering" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_booking_offering_variant_id_unique" ON "booking_offering" ("variant_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "booking_redemption_attempt" ("id" text not null, "merchant_id" text not null, "member_id" text null, "appointment_id" text null, "method" text check ("method" in ('code', 'qr')) not null, "input_hint" text null, "result" text check ("result" in ('ok', 'wrong', 'reused', 'not_allowed')) not null, "message" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_redemption_attempt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_redemption_attempt_merchant_id" ON "booking_redemption_attempt" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_redemption_attempt_deleted_at" ON "booking_redemption_attempt" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "booking_resource" ("id" text not null, "merchant_id" text not null, "kind" text check ("kind" in ('staff', 'bed', 'room', 'table', 'vehicle', 'other')) not null default 'staff', "name" text not null, "capacity" integer not null default 1, "hours" jsonb null, "is_active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_resource_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_resource_merchant_id" ON "booking_resource" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_resource_deleted_at" ON "booking_resource" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "booking_appointment" cascade;`);

    this.addSql(`drop table if exists "booking_closure" cascade;`);

    this.addSql(`drop table if exists "booking_offering" cascade;`);

    this.addSql(`drop table if exists "booking_redemption_attempt" cascade;`);

    this.addSql(`drop table if exists "booking_resource" cascade;`);
  }

}
