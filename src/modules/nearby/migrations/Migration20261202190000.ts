import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Each shop's tokens gain the id of its coarse grid cell (0.02°, see cellToken in the pg-geo provider), so a
 * keyword search intersects the word with the circle's cells inside the GIN index. Rows written before get
 * the same lexeme here, computed the way Node computes it (floor of the IEEE division).
 */
export class Migration20261202190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `update "nearby_merchant_doc" set "tokens" = "tokens" || array_to_tsvector(array['~c' || floor("lat" / 0.02)::bigint || '_' || floor("lng" / 0.02)::bigint]);`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `update "nearby_merchant_doc" set "tokens" = ts_delete("tokens", array['~c' || floor("lat" / 0.02)::bigint || '_' || floor("lng" / 0.02)::bigint]);`
    )
  }
}
