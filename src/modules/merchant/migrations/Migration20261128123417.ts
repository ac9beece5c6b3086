import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128123417 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "merchant_order_state" drop constraint if exists "merchant_order_state_order_id_unique";`);
    this.addSql(`alter table if exists "merchant_member" drop constraint if exists "merchant_member_email_unique";`);
    this.addSql(`alter table if exists "merchant_category" drop constraint if exists "merchant_category_slug_unique";`);
    this.addSql(`alter table if exists "merchant" drop constraint if exists "merchant_slug_unique";`);
    this.addSql(`create table if not exists "merchant" ("id" text not null, "name" text not null, "slug" text not null, "category" text not null, "description" text null, "logo" text null, "photos" jsonb null, "phone" text not null, "province" text not null, "city" text not null, "district" text null, "street" text not null, "lat" real not null, "lng" real not null, "timezone" text not null default 'Asia/Shanghai', "business_hours" jsonb not null, "status" text check ("status" in ('pending', 'approved', 'rejected', 'suspended')) not null default 'pending', "status_reason" text null, "status_changed_at" timestamptz null, "approved_at" timestamptz null, "licence_code" text not null, "licence_image" text null, "legal_name" text not null, "rating_avg" real not null default 0, "rating_count" integer not null default 0, "monthly_sales" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "merchant_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_merchant_slug_unique" ON "merchant" ("slug") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_category" ON "merchant" ("category") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_city" ON "merchant" ("city") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_status" ON "merchant" ("status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_deleted_at" ON "merchant" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "merchant_category" ("id" text not null, "slug" text not null, "name_zh" text not null, "name_en" text not null, "rank" integer not null default 0, "is_active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "merchant_category_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_merchant_category_slug_unique" ON "merchant_category" ("slug") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_category_deleted_at" ON "merchant_category" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "merchant_member" ("id" text not null, "email" text not null, "name" text null, "phone" text null, "role" text check ("role" in ('owner', 'staff')) not null default 'staff', "invite_token_hash" text null, "invite_expires_at" timestamptz null, "joined_at" timestamptz null, "merchant_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "merchant_member_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_member_merchant_id" ON "merchant_member" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_member_deleted_at" ON "merchant_member" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_merchant_member_email_unique" ON "merchant_member" ("email") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_member_invite_token_hash" ON "merchant_member" ("invite_token_hash") WHERE invite_token_hash IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "merchant_order_state" ("id" text not null, "order_id" text not null, "status" text check ("status" in ('new', 'accepted', 'rejected', 'ready', 'completed')) not null default 'new', "reject_reason" text null, "accepted_at" timestamptz null, "rejected_at" timestamptz null, "ready_at" timestamptz null, "completed_at" timestamptz null, "merchant_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "merchant_order_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_merchant_order_state_order_id_unique" ON "merchant_order_state" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_order_state_status" ON "merchant_order_state" ("status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_order_state_merchant_id" ON "merchant_order_state" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_order_state_deleted_at" ON "merchant_order_state" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "merchant_status_event" ("id" text not null, "from_status" text null, "to_status" text not null, "reason" text null, "actor_type" text null, "actor_id" text null, "merchant_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "merchant_status_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_status_event_merchant_id" ON "merchant_status_event" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_merchant_status_event_deleted_at" ON "merchant_status_event" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "merchant_member" add constraint "merchant_member_merchant_id_foreign" foreign key ("merchant_id") references "merchant" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "merchant_order_state" add constraint "merchant_order_state_merchant_id_foreign" foreign key ("merchant_id") references "merchant" ("id") on update cascade;`);

    this.addSql(`alter table if exists "merchant_status_event" add constraint "merchant_status_event_merchant_id_foreign" foreign key ("merchant_id") references "merchant" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "merchant_member" drop constraint if exists "merchant_member_merchant_id_foreign";`);

    this.addSql(`alter table if exists "merchant_order_state" drop constraint if exists "merchant_order_state_merchant_id_foreign";`);

    this.addSql(`alter table if exists "merchant_status_event" drop constraint if exists "merchant_status_event_merchant_id_foreign";`);

    this.addSql(`drop table if exists "merchant" cascade;`);

    this.addSql(`drop table if exists "merchant_category" cascade;`);

    this.addSql(`drop table if exists "merchant_member" cascade;`);

    this.addSql(`drop table if exists "merchant_order_state" cascade;`);

    this.addSql(`drop table if exists "merchant_status_event" cascade;`);
  }

}
