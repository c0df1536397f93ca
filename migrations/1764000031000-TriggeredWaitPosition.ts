import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A CRM-triggered wait remembers the outbox position it was opened at (`after_event_id`, the
 * newest event id its batch could see): events with a higher id committed after that, and meet
 * it. Comparing the wait's `created_at` with the event's skipped for ever an event whose
 * transaction began before the wait's batch but committed after it (`now()` is the start of a
 * transaction, not its commit). Open waits get the newest event older than themselves, which is
 * what the old rule let through.
 */
export class TriggeredWaitPosition1764000031000 implements MigrationInterface {
  name = 'TriggeredWaitPosition1764000031000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message_waits ADD COLUMN after_event_id bigint`);
    await queryRunner.query(`
      UPDATE message_waits w
         SET after_event_id = (SELECT coalesce(max(e.id), 0) FROM instance_events e
                                WHERE e.created_at < w.created_at)
       WHERE w.status = 'open' AND w.trigger_event IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message_waits DROP COLUMN after_event_id`);
  }
}
