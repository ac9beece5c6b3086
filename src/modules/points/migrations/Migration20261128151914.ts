import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128151914 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_idempotency_key_unique";`);
    this.addSql(`alter table if exists "points_account" drop constraint if exists "points_account_customer_id_unique";`);
    this.addSql(`create table if not exists "points_account" ("id" text not null, "customer_id" text not null, "balance" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_account_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_account_customer_id_unique" ON "points_account" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_account_deleted_at" ON "points_account" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "points_entry" ("id" text not null, "customer_id" text not null, "delta" integer not null, "kind" text check ("kind" in ('earn', 'spend', 'reverse_earn', 'refund_spend', 'adjust')) not null, "order_id" text null, "reason" text null, "balance_after" integer not null, "idempotency_key" text not null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_customer_id" ON "points_entry" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_order_id" ON "points_entry" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_entry_idempotency_key_unique" ON "points_entry" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_deleted_at" ON "points_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_customer_id_created_at" ON "points_entry" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);

    // The database itself refuses a negative balance, whatever code path writes to it.
    this.addSql(`alter table "points_account" add constraint "points_account_balance_non_negative" check ("balance" >= 0);`);
    this.addSql(`alter table "points_entry" add constraint "points_entry_balance_after_non_negative" check ("balance_after" >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "points_account" cascade;`);

    this.addSql(`drop table if exists "points_entry" cascade;`);
  }

}
