import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CRM triggers on message catch events and receive tasks: a message wait may wait for a CRM
 * event of a type (`trigger_event`, with its FEEL `trigger_filter`) for the client in its
 * correlation key. `triggered_deliveries` records which event met which wait (once per wait),
 * written with the trigger consumer's cursor and delivered to the workflow after the commit.
 */
export class TriggeredWaits1764000009100 implements MigrationInterface {
  name = 'TriggeredWaits1764000009100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE message_waits ADD COLUMN trigger_event text`);
    await queryRunner.query(`ALTER TABLE message_waits ADD COLUMN trigger_filter text`);
    await queryRunner.query(`
      CREATE INDEX idx_message_waits_trigger ON message_waits (trigger_event, correlation_key)
       WHERE status = 'open' AND trigger_event IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE triggered_deliveries (
        wait_key text PRIMARY KEY REFERENCES message_waits(wait_key),
        event_id bigint NOT NULL REFERENCES instance_events(id),
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        variables jsonb NOT NULL,
        delivered boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_triggered_deliveries_pending ON triggered_deliveries (event_id)
       WHERE NOT delivered`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE triggered_deliveries`);
    await queryRunner.query(`DROP INDEX idx_message_waits_trigger`);
    await queryRunner.query(`ALTER TABLE message_waits DROP COLUMN trigger_filter`);
    await queryRunner.query(`ALTER TABLE message_waits DROP COLUMN trigger_event`);
  }
}
