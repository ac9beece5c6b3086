import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128124442 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "nearby_index_state" ("id" text not null, "provider" text not null, "last_full_reindex_at" timestamptz null, "windows_refreshed_at" timestamptz null, "document_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "nearby_index_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_nearby_index_state_deleted_at" ON "nearby_index_state" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "nearby_index_state" cascade;`);
  }

}
