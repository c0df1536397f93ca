import { MigrationInterface, QueryRunner } from 'typeorm';

/** An integration (a web form, a telephony system) is an actor of its own in the audit log. */
export class AuditIntegrationActor1763960000000 implements MigrationInterface {
  name = 'AuditIntegrationActor1763960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log ADD COLUMN actor_integration text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP COLUMN actor_integration`);
  }
}
