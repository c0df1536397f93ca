import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user task may be for a candidate team (`flowcard:taskDefinition candidateTeam`): its members
 * and supervisors may claim it. The index serves the list of group tasks a person may claim.
 */
export class UserTaskCandidateTeam1764000011000 implements MigrationInterface {
  name = 'UserTaskCandidateTeam1764000011000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE user_tasks ADD COLUMN candidate_team_id uuid REFERENCES teams(id)`,
    );
    await queryRunner.query(`
      CREATE INDEX idx_user_tasks_open_candidate_team
          ON user_tasks (candidate_team_id, created_at, id)
       WHERE status = 'open' AND assignee_id IS NULL AND candidate_team_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_user_tasks_open_candidate_team`);
    await queryRunner.query(`ALTER TABLE user_tasks DROP COLUMN candidate_team_id`);
  }
}
