import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signals kept for the instances that waited for them while in incident (the engine takes no
 * delivery then): delivered once the incident is retried, under the broadcast's own delivery
 * id, and dropped if the instance ends instead.
 */
export class HeldSignals1764000034000 implements MigrationInterface {
  name = 'HeldSignals1764000034000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE held_signals (
        delivery_id text NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instances(id) ON DELETE CASCADE,
        signal_name text NOT NULL,
        variables jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (delivery_id, instance_id)
      )`);
    await queryRunner.query(`CREATE INDEX idx_held_signals_instance ON held_signals (instance_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE held_signals`);
  }
}
