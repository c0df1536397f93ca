import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heatmap of a process version reads its live instances (then their events through
 * idx_instance_events_instance): this finds them without reading ended ones.
 */
export class HeatmapIndex1764000014000 implements MigrationInterface {
  name = 'HeatmapIndex1764000014000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX idx_process_instances_live_definition ON process_instances (definition_id)
       WHERE status IN ('running', 'incident')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_process_instances_live_definition`);
  }
}
