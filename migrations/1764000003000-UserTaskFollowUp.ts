import { MigrationInterface, QueryRunner } from 'typeorm';

/** User tasks: when to look at them again (`flowcard:taskDefinition` followUpIn or followUpDate). */
export class UserTaskFollowUp1764000003000 implements MigrationInterface {
  name = 'UserTaskFollowUp1764000003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE user_tasks ADD COLUMN follow_up_at timestamptz(3)`);
    await queryRunner.query(`
      CREATE INDEX idx_user_tasks_follow_up ON user_tasks (follow_up_at)
       WHERE status = 'open' AND follow_up_at IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_user_tasks_follow_up`);
    await queryRunner.query(`ALTER TABLE user_tasks DROP COLUMN follow_up_at`);
  }
}
