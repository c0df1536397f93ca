import { MigrationInterface, QueryRunner } from 'typeorm';

/** Diagrams analysts are working on, saved on the server by the modeler (`/api/process-drafts`). */
export class ProcessDrafts1764000013000 implements MigrationInterface {
  name = 'ProcessDrafts1764000013000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE process_drafts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        process_key text,
        bpmn_xml text NOT NULL,
        created_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_process_drafts_updated ON process_drafts (updated_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX idx_process_drafts_key ON process_drafts (process_key, updated_at DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE process_drafts`);
  }
}
