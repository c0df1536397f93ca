import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signals: the open signal waits of running instances (catch and boundary events), written by
 * the engine's effects, so a broadcast finds every instance waiting for a signal name; and the
 * signals instances threw, which the signal relay delivers to the waiting instances.
 */
export class SignalWaits1764000000950 implements MigrationInterface {
  name = 'SignalWaits1764000000950';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signal_waits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        element_id text NOT NULL,
        wait_key text NOT NULL UNIQUE,
        signal_name text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_signal_waits_open ON signal_waits (signal_name, created_at)
       WHERE status = 'open'`);
    await queryRunner.query(`
      CREATE TABLE signal_broadcasts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        effect_key text NOT NULL UNIQUE,
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        element_id text NOT NULL,
        signal_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        delivered_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_signal_broadcasts_pending ON signal_broadcasts (created_at)
       WHERE delivered_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE signal_broadcasts`);
    await queryRunner.query(`DROP TABLE signal_waits`);
  }
}
