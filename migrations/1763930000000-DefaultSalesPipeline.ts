import { MigrationInterface, QueryRunner } from 'typeorm';

/** The default "Sales" pipeline, so deals can be created without setting up a pipeline first. */
export class DefaultSalesPipeline1763930000000 implements MigrationInterface {
  name = 'DefaultSalesPipeline1763930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH sales AS (
        INSERT INTO pipelines (name, is_default) VALUES ('Sales', true) RETURNING id
      )
      INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind)
      SELECT sales.id, stage.name, stage.position, stage.probability, stage.kind
        FROM sales,
             (VALUES ('Qualification', 1, 10, 'open'),
                     ('Proposal', 2, 40, 'open'),
                     ('Negotiation', 3, 70, 'open'),
                     ('Won', 4, 100, 'won'),
                     ('Lost', 5, 0, 'lost')) AS stage (name, position, probability, kind)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM pipelines WHERE name = 'Sales' AND is_default`);
  }
}
