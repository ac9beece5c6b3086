import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128151805 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "review_vote" drop constraint if exists "review_vote_review_id_customer_id_unique";`);
    this.addSql(`alter table if exists "review_upload" drop constraint if exists "review_upload_customer_id_url_unique";`);
    this.addSql(`alter table if exists "review_report" drop constraint if exists "review_report_review_id_customer_id_unique";`);
    this.addSql(`alter table if exists "review" drop constraint if exists "review_line_item_id_unique";`);
    this.addSql(`create table if not exists "review" ("id" text not null, "merchant_id" text not null, "order_id" text not null, "line_item_id" text not null, "product_id" text null, "customer_id" text not null, "author_name" text null, "is_anonymous" boolean not null default false, "rating" integer not null, "sub_scores" jsonb null, "text" text null, "photos" jsonb null, "photo_count" integer not null default 0, "status" text check ("status" in ('visible', 'hidden')) not null default 'visible', "hidden_reason" text null, "hidden_at" timestamptz null, "hidden_by" text null, "report_count" integer not null default 0, "useful_count" integer not null default 0, "edited_at" timestamptz null, "reply_text" text null, "reply_by" text null, "replied_at" timestamptz null, "reply_updated_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_order_id" ON "review" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_customer_id" ON "review" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_deleted_at" ON "review" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_line_item_id_unique" ON "review" ("line_item_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_merchant_id_status_created_at" ON "review" ("merchant_id", "status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_product_id_status" ON "review" ("product_id", "status") WHERE product_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_customer_id_created_at" ON "review" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_status_report_count" ON "review" ("status", "report_count") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "review_report" ("id" text not null, "review_id" text not null, "customer_id" text not null, "reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_report_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_report_review_id" ON "review_report" ("review_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_report_deleted_at" ON "review_report" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_report_review_id_customer_id_unique" ON "review_report" ("review_id", "customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "review_upload" ("id" text not null, "customer_id" text not null, "file_id" text not null, "url" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_upload_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_upload_deleted_at" ON "review_upload" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_upload_customer_id_url_unique" ON "review_upload" ("customer_id", "url") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "review_vote" ("id" text not null, "review_id" text not null, "customer_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_vote_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_vote_deleted_at" ON "review_vote" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_vote_review_id_customer_id_unique" ON "review_vote" ("review_id", "customer_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "review" cascade;`);

    this.addSql(`drop table if exists "review_report" cascade;`);

    this.addSql(`drop table if exists "review_upload" cascade;`);

    this.addSql(`drop table if exists "review_vote" cascade;`);
  }

}
