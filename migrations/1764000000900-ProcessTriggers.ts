import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message start events and CRM triggers. `process_start_events` holds, per deployed version,
 * its message start event (message name, and the CRM event and filter of its trigger), written
 * at deploy. `event_consumers` holds how far each outbox consumer has read (a durable cursor,
 * locked while a batch is consumed); the trigger consumer starts after the events that exist
 * now. `triggered_starts` records which instance each event started for each binding, once.
 */
export class ProcessTriggers1764000000900 implements MigrationInterface {
  name = 'ProcessTriggers1764000000900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE process_start_events (
        definition_id uuid NOT NULL REFERENCES process_definitions(id),
        element_id text NOT NULL,
        message_name text NOT NULL,
        trigger_event text,
        trigger_filter text,
        PRIMARY KEY (definition_id, element_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_process_start_events_message ON process_start_events (message_name)`,
    );
    await queryRunner.query(`
      CREATE INDEX idx_process_start_events_trigger ON process_start_events (trigger_event)
       WHERE trigger_event IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE event_consumers (
        name text PRIMARY KEY,
        last_event_id bigint NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO event_consumers (name, last_event_id)
      SELECT 'process-triggers', coalesce(max(id), 0) FROM instance_events`);
    await queryRunner.query(`
      CREATE TABLE triggered_starts (
        event_id bigint NOT NULL REFERENCES instance_events(id),
        definition_key text NOT NULL,
        element_id text NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        workflow_started boolean NOT NULL DEFAULT false,
        PRIMARY KEY (event_id, definition_key, element_id)
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_triggered_starts_pending ON triggered_starts (instance_id)
       WHERE NOT workflow_started`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE triggered_starts`);
    await queryRunner.query(`DROP TABLE event_consumers`);
    await queryRunner.query(`DROP TABLE process_start_events`);
  }
}
