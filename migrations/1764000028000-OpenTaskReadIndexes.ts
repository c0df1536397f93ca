import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read paths over open user tasks, which stay a few thousand however many completed ones
 * pile up (a million in `bench:crm`): every index is partial on `status = 'open'`, so it is as
 * small as the open set and the planner starts from it, never from the whole table.
 * - my tasks: the assignee's open tasks in the list's keyset order (created_at, id), so a page
 *   reads its rows from the index in order and stops at the limit;
 * - group tasks: the unassigned open tasks in the same order, checked for access row by row;
 * - global search: an open task's name as text vector and as trigrams, the two ways search
 *   matches deal titles (migration 1763940000000).
 * The statistics tell the planner that open and unassigned go together (nearly every unassigned
 * task is open): multiplied as if independent, the two conditions made it expect a few dozen
 * group tasks where there were thousands, so it read them all and sorted them instead of walking
 * the index in order up to the page's limit.
 */
export class OpenTaskReadIndexes1764000028000 implements MigrationInterface {
  name = 'OpenTaskReadIndexes1764000028000';
  /**
   * Built concurrently, so workers go on opening and closing tasks while four indexes are built
   * over a table of millions: no transaction (a failed build leaves an invalid index, which a
   * rerun drops and builds again). `down` drops them plainly: TypeORM reverts in a transaction.
   */
  transaction = false;

  public async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await dropInvalid(queryRunner, OPEN_TASK_INDEXES);
    await run(`
      CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_user_tasks_open_assignee ON user_tasks (assignee_id, created_at, id)
       WHERE status = 'open' AND assignee_id IS NOT NULL`);
    await run(`
      CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_user_tasks_open_unassigned ON user_tasks (created_at, id)
       WHERE status = 'open' AND assignee_id IS NULL`);
    await run(`
      CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_user_tasks_open_name_vector
          ON user_tasks USING gin (to_tsvector('simple'::regconfig, name)) WHERE status = 'open'`);
    await run(`
      CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_user_tasks_open_name_trgm
          ON user_tasks USING gin (lower(name) gin_trgm_ops) WHERE status = 'open'`);
    await run(
      `CREATE STATISTICS IF NOT EXISTS user_tasks_status_assignee (mcv) ON status, assignee_id FROM user_tasks`,
    );
    await run(`ANALYZE user_tasks`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS IF EXISTS user_tasks_status_assignee`);
    for (const index of OPEN_TASK_INDEXES) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}

const OPEN_TASK_INDEXES = [
  'idx_user_tasks_open_name_trgm',
  'idx_user_tasks_open_name_vector',
  'idx_user_tasks_open_unassigned',
  'idx_user_tasks_open_assignee',
];

/** An index a failed concurrent build left invalid: `IF NOT EXISTS` would keep it as it is. */
async function dropInvalid(queryRunner: QueryRunner, names: string[]): Promise<void> {
  const invalid: { name: string }[] = await queryRunner.query(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE NOT i.indisvalid AND c.relname = ANY($1)`,
    [names],
  );
  for (const { name } of invalid) await queryRunner.query(`DROP INDEX CONCURRENTLY ${name}`);
}
