import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message waits of running instances (message catch events and receive tasks), written by
 * the engine's effects, so `POST /api/messages` finds the instance waiting for a message name
 * and correlation key.
 */
export class MessageWaits1764000000800 implements MigrationInterface {
  name = 'MessageWaits1764000000800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE message_waits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        element_id text NOT NULL,
        wait_key text NOT NULL UNIQUE,
        message_name text NOT NULL,
        correlation_key text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_message_waits_open ON message_waits (message_name, correlation_key, created_at)
       WHERE status = 'open'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE message_waits`);
  }
}
