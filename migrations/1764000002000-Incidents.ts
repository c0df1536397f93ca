import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents: a step that cannot proceed stops at an incident on its element instead of failing
 * the instance; the instance's status is `incident` while one is open. `key` is the engine's
 * incident key (the effect key that raised it), so a retried batch writes it once.
 */
export class Incidents1764000002000 implements MigrationInterface {
  name = 'Incidents1764000002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE process_instances
        DROP CONSTRAINT process_instances_status_check,
        ADD CONSTRAINT process_instances_status_check
          CHECK (status IN ('starting', 'running', 'incident', 'completed', 'cancelled', 'failed'))`);
    // The reconciler compares `incident` rows with Temporal as it does `running` ones.
    await queryRunner.query(`DROP INDEX idx_process_instances_unsettled`);
    await queryRunner.query(`
      CREATE INDEX idx_process_instances_unsettled ON process_instances (status, started_at)
        WHERE status IN ('starting', 'running', 'incident')`);
    await queryRunner.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE,
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        element_id text,
        code text NOT NULL,
        message text NOT NULL,
        attempts integer NOT NULL CHECK (attempts > 0),
        created_at timestamptz(3) NOT NULL,
        resolved_at timestamptz(3),
        resolved_by_id uuid REFERENCES users(id),
        resolution text CHECK (resolution IN ('retried', 'cancelled')),
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idx_incidents_instance ON incidents (instance_id)`);
    await queryRunner.query(`
      CREATE INDEX idx_incidents_open ON incidents (created_at, id) WHERE resolved_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE incidents`);
    await queryRunner.query(`DROP INDEX idx_process_instances_unsettled`);
    await queryRunner.query(`
      CREATE INDEX idx_process_instances_unsettled ON process_instances (status, started_at)
        WHERE status IN ('starting', 'running')`);
    await queryRunner.query(
      `UPDATE process_instances SET status = 'failed', ended_at = now() WHERE status = 'incident'`,
    );
    await queryRunner.query(`
      ALTER TABLE process_instances
        DROP CONSTRAINT process_instances_status_check,
        ADD CONSTRAINT process_instances_status_check
          CHECK (status IN ('starting', 'running', 'completed', 'cancelled', 'failed'))`);
  }
}
