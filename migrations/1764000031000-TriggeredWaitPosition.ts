import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A CRM-triggered wait remembers the outbox position it was opened at (`after_event_id`, the
 * newest event id its batch could see): events with a higher id committed after that, and meet
 * it. Comparing the wait's `created_at` with the event's skipped for ever an event whose
 * transaction began before the wait's batch but committed after it (`now()` is the start of a
 * transaction, not its commit). Open waits get the newest event older than themselves, which is
 * what the old rule let through; only the events after the trigger consumer's cursor are looked
 * at (those before it have been consumed), so the update reads no old part of the outbox.
 */
export class TriggeredWaitPosition1764000031000 implements MigrationInterface {
  name = 'TriggeredWaitPosition1764000031000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message_waits ADD COLUMN after_event_id bigint`);
    await queryRunner.query(`
      UPDATE message_waits w
         SET after_event_id = (
               SELECT coalesce(max(e.id), max(c.last_event_id))
                 FROM event_consumers c
                 LEFT JOIN instance_events e
                   ON e.id > c.last_event_id AND e.created_at < w.created_at
                WHERE c.name = 'process-triggers')
       WHERE w.status = 'open' AND w.trigger_event IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message_waits DROP COLUMN after_event_id`);
  }
}
