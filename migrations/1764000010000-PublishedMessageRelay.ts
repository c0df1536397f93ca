import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages published by process instances (send tasks, message throw and end events) are
 * written with their batch and delivered after its commit by the message relay: `relay_pending`
 * marks those the relay has not finished with yet.
 */
export class PublishedMessageRelay1764000010000 implements MigrationInterface {
  name = 'PublishedMessageRelay1764000010000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE buffered_messages ADD COLUMN relay_pending boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`
      CREATE INDEX idx_buffered_messages_relay_pending
          ON buffered_messages (published_at, id)
       WHERE relay_pending`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_buffered_messages_relay_pending`);
    await queryRunner.query(`ALTER TABLE buffered_messages DROP COLUMN relay_pending`);
  }
}
