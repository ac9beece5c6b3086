import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Trigram matching for Latin shop names ("Starbucks 星巴克"), bounded by the search radius. The earlier
 * GIN index on lower(name) had no location in it: a chain's name matched its shops nationwide, each
 * rechecked on a name full of CJK characters (8 333 same-brand shops in a synthetic 1 M table: ~250 ms
 * with a load average of 9 on 2 cores). The Latin words of each name (written by the provider, the same
 * normalisation as queries) go into `latin_name`, and one GiST index over (earth, latin_name) answers
 * "inside the box and similar" in one scan, over the few shops that have a Latin name at all (~20 ms in
 * that table, same machine and load). Rows written before this migration get an ASCII approximation
 * here; the next rebuild (every six hours, or `npm run reindex`) writes the exact value.
 */
export class Migration20261202130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "nearby_merchant_doc" add column if not exists "latin_name" text null;`)
    this.addSql(
      `update "nearby_merchant_doc" set "latin_name" = nullif(trim(regexp_replace(lower("name"), '[^a-z0-9]+', ' ', 'g')), '') where "latin_name" is null and lower("name") ~ '[a-z]';`
    )
    this.addSql(
      `create index if not exists "IDX_nearby_doc_latin_trgm" on "nearby_merchant_doc" using gist ("earth", "latin_name" gist_trgm_ops) where "latin_name" is not null;`
    )
    this.addSql(`drop index if exists "IDX_nearby_doc_name_trgm";`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_nearby_doc_latin_trgm";`)
    this.addSql(`alter table "nearby_merchant_doc" drop column if exists "latin_name";`)
    this.addSql(`create index if not exists "IDX_nearby_doc_name_trgm" on "nearby_merchant_doc" using gin (lower("name") gin_trgm_ops);`)
  }
}
