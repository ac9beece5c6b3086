import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203160819 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "merchant_order_state" drop constraint if exists "merchant_order_state_status_check";`);

    this.addSql(`alter table if exists "merchant_order_state" add constraint "merchant_order_state_status_check" check("status" in ('new', 'accepted', 'rejected', 'ready', 'completed', 'cancelled'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "merchant_order_state" drop constraint if exists "merchant_order_state_status_check";`);

    this.addSql(`alter table if exists "merchant_order_state" add constraint "merchant_order_state_status_check" check("status" in ('new', 'accepted', 'rejected', 'ready', 'completed'));`);
  }

}
