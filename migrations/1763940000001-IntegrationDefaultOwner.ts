import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who owns the clients an inbound integration creates (null: nobody, admins see them). */
export class IntegrationDefaultOwner1763940000001 implements MigrationInterface {
  name = 'IntegrationDefaultOwner1763940000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE integrations ADD COLUMN default_owner_id uuid REFERENCES users(id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE integrations DROP COLUMN default_owner_id`);
  }
}
