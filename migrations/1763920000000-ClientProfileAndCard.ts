import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients: soft delete, a comment on status changes, and the indexes the client list, the
 * client card and the audit log need at scale.
 */
export class ClientProfileAndCard1763920000000 implements MigrationInterface {
  name = 'ClientProfileAndCard1763920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`ALTER TABLE clients ADD COLUMN deleted_at timestamptz`);
    // Millisecond precision: a keyset cursor carries a JavaScript Date, which has no microseconds,
    // so a microsecond timestamp would repeat or skip rows at page boundaries.
    await run(`
      ALTER TABLE clients
        ALTER COLUMN created_at TYPE timestamptz(3),
        ALTER COLUMN updated_at TYPE timestamptz(3)`);
    await run(`ALTER TABLE client_status_changes ADD COLUMN comment text`);

    // The list's sort orders (keyset on (sort, id)), its substring search and its tag filter.
    await run(`CREATE INDEX idx_clients_name_id ON clients (name, id) WHERE deleted_at IS NULL`);
    await run(
      `CREATE INDEX idx_clients_created_id ON clients (created_at, id) WHERE deleted_at IS NULL`,
    );
    await run(
      `CREATE INDEX idx_clients_updated_id ON clients (updated_at, id) WHERE deleted_at IS NULL`,
    );
    await run(`CREATE INDEX idx_clients_name_trgm ON clients USING gin (name gin_trgm_ops)`);
    await run(`CREATE INDEX idx_clients_tags ON clients USING gin (tags)`);

    // The card's open process tasks, and the audit entries written by a process.
    await run(
      `CREATE INDEX idx_user_tasks_client_open ON user_tasks (client_id) WHERE status = 'open'`,
    );
    await run(
      `CREATE INDEX idx_audit_process_actor ON audit_log (actor_process_instance_id, id)
        WHERE actor_process_instance_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'idx_audit_process_actor',
      'idx_user_tasks_client_open',
      'idx_clients_tags',
      'idx_clients_name_trgm',
      'idx_clients_updated_id',
      'idx_clients_created_id',
      'idx_clients_name_id',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(`ALTER TABLE client_status_changes DROP COLUMN comment`);
    await queryRunner.query(`
      ALTER TABLE clients
        ALTER COLUMN created_at TYPE timestamptz,
        ALTER COLUMN updated_at TYPE timestamptz`);
    await queryRunner.query(`ALTER TABLE clients DROP COLUMN deleted_at`);
  }
}
