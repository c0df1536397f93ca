import { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments people leave on a process instance's card, read oldest first per instance. */
export class InstanceComments1764000019000 implements MigrationInterface {
  name = 'InstanceComments1764000019000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE instance_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES process_instances(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_instance_comments_instance_created
          ON instance_comments (instance_id, created_at, id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE instance_comments`);
  }
}
