import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stores every timestamp to the millisecond. List cursors carry JavaScript dates, which have
 * milliseconds only; a microsecond in the column would make a page boundary repeat or skip a
 * row. New timestamp columns are declared `timestamptz(3)` from here on.
 */
export class MillisecondTimestamps1763950000000 implements MigrationInterface {
  name = 'MillisecondTimestamps1763950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.setPrecision(queryRunner, 3);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.setPrecision(queryRunner, 6);
  }

  private async setPrecision(queryRunner: QueryRunner, precision: number) {
    const columns: { table_name: string; column_name: string }[] = await queryRunner.query(
      `SELECT c.table_name, c.column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = current_schema()
          AND t.table_type = 'BASE TABLE'
          AND c.data_type = 'timestamp with time zone'
          AND c.is_generated = 'NEVER'
          AND c.table_name <> 'migrations'`,
    );
    for (const { table_name, column_name } of columns) {
      await queryRunner.query(
        `ALTER TABLE "${table_name}" ALTER COLUMN "${column_name}" TYPE timestamptz(${precision})`,
      );
    }
  }
}
