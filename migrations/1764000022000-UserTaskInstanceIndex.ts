import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks of one instance (the instance card's open tasks, `GET /api/tasks?instanceId=`, the
 * completion of a task by its instance): without it both read every open task of the system and
 * keep those of the instance (1,000 rows read for 1 at 100,000 tasks, `docs/performance.md`).
 */
export class UserTaskInstanceIndex1764000022000 implements MigrationInterface {
  name = 'UserTaskInstanceIndex1764000022000';
  /** Built concurrently, so work on a large `user_tasks` goes on meanwhile: no transaction. */
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_user_tasks_instance ON user_tasks (instance_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS idx_user_tasks_instance`);
  }
}
