import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signal and timer start events. `process_start_events` also holds, per deployed version, its
 * signal start event (`signal_name`) or timer start event (`timer`, the model's date or cycle),
 * each row one of the three kinds. `signal_starts` records the instance each signal broadcast
 * started per process key, and `timer_starts` the instance each fire of a schedule started
 * (by the fire's workflow id), so a retried broadcast or fire starts nothing twice.
 */
export class SignalAndTimerStarts1764000007000 implements MigrationInterface {
  name = 'SignalAndTimerStarts1764000007000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE process_start_events
        ALTER COLUMN message_name DROP NOT NULL,
        ADD COLUMN signal_name text,
        ADD COLUMN timer jsonb,
        ADD CONSTRAINT process_start_events_one_kind
          CHECK (num_nonnulls(message_name, signal_name, timer) = 1)`);
    await queryRunner.query(`
      CREATE INDEX idx_process_start_events_signal ON process_start_events (signal_name)
       WHERE signal_name IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE signal_starts (
        delivery_id text NOT NULL,
        definition_key text NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (delivery_id, definition_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE timer_starts (
        fire_id text PRIMARY KEY,
        definition_id uuid NOT NULL REFERENCES process_definitions(id),
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE timer_starts`);
    await queryRunner.query(`DROP TABLE signal_starts`);
    await queryRunner.query(`DELETE FROM process_start_events WHERE message_name IS NULL`);
    await queryRunner.query(`
      ALTER TABLE process_start_events
        DROP CONSTRAINT process_start_events_one_kind,
        DROP COLUMN timer,
        DROP COLUMN signal_name,
        ALTER COLUMN message_name SET NOT NULL`);
  }
}
