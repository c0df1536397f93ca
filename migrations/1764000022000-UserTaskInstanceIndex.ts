import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks of one instance (the instance card's open tasks, `GET /api/tasks?instanceId=`, the
 * completion of a task by its instance): without it both read every open task of the system and
 * keep those of the instance (1,000 rows read for 1 at 100,000 tasks, `docs/performance.md`).
 */
export class UserTaskInstanceIndex1764000022000 implements MigrationInterface {
  name = 'UserTaskInstanceIndex1764000022000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_user_tasks_instance ON user_tasks (instance_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_user_tasks_instance`);
  }
}
