import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A process instance is `starting` from the commit of its row until Temporal has its workflow:
 * the reconciler starts any row left `starting` by an API that died in between. The partial index
 * serves the reconciler's scans of `starting` and `running` rows.
 */
export class InstanceStarting1763990000000 implements MigrationInterface {
  name = 'InstanceStarting1763990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE process_instances
        DROP CONSTRAINT process_instances_status_check,
        ADD CONSTRAINT process_instances_status_check
          CHECK (status IN ('starting', 'running', 'completed', 'cancelled', 'failed'))`);
    await queryRunner.query(`
      CREATE INDEX idx_process_instances_unsettled ON process_instances (status, started_at)
        WHERE status IN ('starting', 'running')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_process_instances_unsettled`);
    await queryRunner.query(
      `UPDATE process_instances SET status = 'failed', ended_at = now() WHERE status = 'starting'`,
    );
    await queryRunner.query(`
      ALTER TABLE process_instances
        DROP CONSTRAINT process_instances_status_check,
        ADD CONSTRAINT process_instances_status_check
          CHECK (status IN ('running', 'completed', 'cancelled', 'failed'))`);
  }
}
