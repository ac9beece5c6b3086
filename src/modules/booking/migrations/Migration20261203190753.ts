import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203190753 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "booking_slot_seat" drop constraint if exists "booking_slot_seat_offering_id_start_at_unique";`);
    this.addSql(`create table if not exists "booking_seat_claim" ("id" text not null, "slot_seat_id" text not null, "seats" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_seat_claim_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_seat_claim_deleted_at" ON "booking_seat_claim" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_seat_claim_slot_seat_id" ON "booking_seat_claim" ("slot_seat_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "booking_slot_seat" ("id" text not null, "offering_id" text not null, "start_at" timestamptz not null, "capacity" integer not null, "taken" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "booking_slot_seat_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_slot_seat_deleted_at" ON "booking_slot_seat" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_booking_slot_seat_offering_id_start_at_unique" ON "booking_slot_seat" ("offering_id", "start_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_slot_seat_start_at" ON "booking_slot_seat" ("start_at") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_booking_appointment_offering_id_start_at" ON "booking_appointment" ("offering_id", "start_at") WHERE deleted_at IS NULL;`);

    // Keeps booking_slot_seat.taken in step with every write to booking_appointment, in the writer's
    // transaction: placing, cancelling, expiring, no-show, completing, rescheduling (a new start moves
    // the seats), compensation, and writes made straight through the ORM. A counter row that does not
    // exist yet is left alone: it is created from a recount when a request first needs it.
    this.addSql(`create or replace function booking_slot_seat_follow() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    if old.status is not distinct from new.status and old.seats is not distinct from new.seats
       and old.start_at is not distinct from new.start_at and old.offering_id is not distinct from new.offering_id
       and old.deleted_at is not distinct from new.deleted_at then
      return null;
    end if;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    if old.deleted_at is null and old.status in ('held', 'confirmed', 'checked_in') then
      update booking_slot_seat set taken = greatest(taken - old.seats, 0), updated_at = now()
       where offering_id = old.offering_id and start_at = old.start_at and deleted_at is null;
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    if new.deleted_at is null and new.status in ('held', 'confirmed', 'checked_in') then
      update booking_slot_seat set taken = taken + new.seats, updated_at = now()
       where offering_id = new.offering_id and start_at = new.start_at and deleted_at is null;
    end if;
  end if;
  return null;
end $$;`);
    this.addSql(`drop trigger if exists "booking_appointment_slot_seat" on "booking_appointment";`);
    this.addSql(`create trigger "booking_appointment_slot_seat" after insert or delete or update of "status", "seats", "start_at", "offering_id", "deleted_at" on "booking_appointment" for each row execute function booking_slot_seat_follow();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "booking_appointment_slot_seat" on "booking_appointment";`);
    this.addSql(`drop function if exists booking_slot_seat_follow();`);
    this.addSql(`drop table if exists "booking_seat_claim" cascade;`);

    this.addSql(`drop table if exists "booking_slot_seat" cascade;`);

    this.addSql(`drop index if exists "IDX_booking_appointment_offering_id_start_at";`);
  }

}
