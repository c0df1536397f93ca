import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call activities: an instance started by another one names its caller (`parent_instance_id`,
 * the call activity `parent_element_id`) and the call's wait key, unique, so a retried batch
 * finds the instance it wrote instead of writing a second one.
 */
export class CalledInstances1764000008000 implements MigrationInterface {
  name = 'CalledInstances1764000008000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE process_instances
        ADD COLUMN parent_instance_id uuid REFERENCES process_instances(id),
        ADD COLUMN parent_element_id text,
        ADD COLUMN parent_wait_key text UNIQUE`);
    await queryRunner.query(`
      CREATE INDEX idx_process_instances_parent ON process_instances (parent_instance_id)
        WHERE parent_instance_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_process_instances_parent`);
    await queryRunner.query(`
      ALTER TABLE process_instances
        DROP COLUMN parent_wait_key,
        DROP COLUMN parent_element_id,
        DROP COLUMN parent_instance_id`);
  }
}
