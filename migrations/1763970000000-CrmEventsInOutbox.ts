import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox carries CRM events too: a change a person or an integration makes belongs to no
 * process instance. Each event records its client (which decides who may see it and routes it to
 * `client:<id>`) and its actor; a process step is the actor through `instance_id` and
 * `element_id`, as before.
 */
export class CrmEventsInOutbox1763970000000 implements MigrationInterface {
  name = 'CrmEventsInOutbox1763970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE instance_events
        ALTER COLUMN instance_id DROP NOT NULL,
        ADD COLUMN client_id uuid REFERENCES clients(id),
        ADD COLUMN actor_user_id uuid REFERENCES users(id),
        ADD COLUMN actor_integration text`);
    await queryRunner.query(`
      UPDATE instance_events e SET client_id = i.client_id
        FROM process_instances i
       WHERE i.id = e.instance_id AND i.client_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX idx_instance_events_client ON instance_events (client_id, id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM instance_events WHERE instance_id IS NULL`);
    await queryRunner.query(`DROP INDEX idx_instance_events_client`);
    await queryRunner.query(`
      ALTER TABLE instance_events
        DROP COLUMN actor_integration,
        DROP COLUMN actor_user_id,
        DROP COLUMN client_id,
        ALTER COLUMN instance_id SET NOT NULL`);
  }
}
