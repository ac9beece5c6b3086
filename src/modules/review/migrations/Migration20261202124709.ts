import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202124709 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "review_product_rating" drop constraint if exists "review_product_rating_product_id_unique";`);
    this.addSql(`create table if not exists "review_product_rating" ("id" text not null, "product_id" text not null, "merchant_id" text not null, "rating_avg" real not null default 0, "rating_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_product_rating_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_product_rating_merchant_id" ON "review_product_rating" ("merchant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_review_product_rating_deleted_at" ON "review_product_rating" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_product_rating_product_id_unique" ON "review_product_rating" ("product_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "review_product_rating" cascade;`);
  }

}
