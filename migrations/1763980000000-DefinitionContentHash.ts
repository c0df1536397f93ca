import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The content hash of a definition's XML (`contentHash` in
 * server/src/processes/definitions/content-hash.ts), so deploying a diagram identical to the
 * latest version of its key creates no new version. Existing rows are hashed here by the same
 * rule, written in SQL: surrounding whitespace and whitespace between tags dropped, then
 * SHA-256 of the UTF-8 text in hex. definitions.it.test.ts checks the two agree.
 */
export const CONTENT_HASH_SQL = `encode(sha256(convert_to(regexp_replace(regexp_replace(bpmn_xml,
  '^[ \\t\\r\\n]+|[ \\t\\r\\n]+$', '', 'g'), '>[ \\t\\r\\n]+<', '><', 'g'), 'UTF8')), 'hex')`;

export class DefinitionContentHash1763980000000 implements MigrationInterface {
  name = 'DefinitionContentHash1763980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE process_definitions ADD COLUMN content_hash text`);
    await queryRunner.query(`UPDATE process_definitions SET content_hash = ${CONTENT_HASH_SQL}`);
    await queryRunner.query(
      `ALTER TABLE process_definitions ALTER COLUMN content_hash SET NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE process_definitions DROP COLUMN content_hash`);
  }
}
