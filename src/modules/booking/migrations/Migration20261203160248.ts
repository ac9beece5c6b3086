import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203160248 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "booking_redemption_attempt" drop constraint if exists "booking_redemption_attempt_result_check";`);

    this.addSql(`alter table if exists "booking_offering" add column if not exists "redeem_before_minutes" integer not null default 30, add column if not exists "redeem_grace_minutes" integer not null default 60;`);

    this.addSql(`alter table if exists "booking_redemption_attempt" add column if not exists "override_reason" text null;`);
    this.addSql(`alter table if exists "booking_redemption_attempt" add constraint "booking_redemption_attempt_result_check" check("result" in ('ok', 'wrong', 'reused', 'not_allowed', 'outside_window', 'forced'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "booking_redemption_attempt" drop constraint if exists "booking_redemption_attempt_result_check";`);

    this.addSql(`alter table if exists "booking_offering" drop column if exists "redeem_before_minutes", drop column if exists "redeem_grace_minutes";`);

    this.addSql(`alter table if exists "booking_redemption_attempt" drop column if exists "override_reason";`);

    this.addSql(`alter table if exists "booking_redemption_attempt" add constraint "booking_redemption_attempt_result_check" check("result" in ('ok', 'wrong', 'reused', 'not_allowed'));`);
  }

}
