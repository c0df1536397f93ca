import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages published with a time to live that no instance waited for (`POST /api/messages`
 * with `timeToLive`): the next instance that waits for their name and correlation key before
 * they expire receives them. Also the published message ids, refused a second time while the
 * first lives.
 */
export class MessageBuffer1764000009000 implements MigrationInterface {
  name = 'MessageBuffer1764000009000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE buffered_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_name text NOT NULL,
        correlation_key text NOT NULL,
        message_id text,
        variables jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('buffered', 'consumed', 'delivered')),
        published_by_id uuid REFERENCES users(id),
        published_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        wait_key text UNIQUE,
        consumed_at timestamptz(3)
      )`);
    await queryRunner.query(`
      CREATE INDEX idx_buffered_messages_waiting
          ON buffered_messages (message_name, correlation_key, published_at)
       WHERE status = 'buffered'`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX idx_buffered_messages_id
          ON buffered_messages (message_name, correlation_key, message_id)
       WHERE message_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE buffered_messages`);
  }
}
