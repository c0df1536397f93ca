import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the message relay find the message rows long past their expiry, which it removes: until
 * now every row stayed (a process's published messages expire at once by default), and each
 * message id was refused only while its message lived anyway.
 */
export class BufferedMessageExpiry1764000035000 implements MigrationInterface {
  name = 'BufferedMessageExpiry1764000035000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX idx_buffered_messages_expires ON buffered_messages (expires_at)
       WHERE NOT relay_pending`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_buffered_messages_expires`);
  }
}
