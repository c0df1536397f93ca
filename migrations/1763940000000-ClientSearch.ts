import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search across clients and deals that stays fast at 100,000 clients: each client keeps a
 * generated search text (name, emails, phones as written and as digits, tags) with a trigram
 * index for typo-tolerant matching and a generated tsvector with a full-text index; deal titles
 * get the same two indexes as expressions. Emails and phone digits also get exact-match
 * indexes, which the inbound hooks use to find a client.
 *
 * The functions use nothing but built-ins, so a restore (which runs them with an empty
 * search_path to fill the generated columns) finds everything they call.
 */
export class ClientSearch1763940000000 implements MigrationInterface {
  name = 'ClientSearch1763940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`
      CREATE FUNCTION flowcard_lower_emails(emails text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT ARRAY(SELECT lower(email) FROM unnest(emails) AS email) $$`);
    await run(`
      CREATE FUNCTION flowcard_phone_digits(phones text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT ARRAY(SELECT regexp_replace(phone, '[^0-9]', '', 'g') FROM unnest(phones) AS phone) $$`);
    await run(`
      CREATE FUNCTION flowcard_client_search_text(name text, emails text[], phones text[], tags text[])
        RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT lower(concat_ws(' ', name, array_to_string(emails, ' '),
                 array_to_string(phones, ' '),
                 (SELECT string_agg(regexp_replace(phone, '[^0-9]', '', 'g'), ' ')
                    FROM unnest(phones) AS phone),
                 array_to_string(tags, ' '))) $$`);
    // The same words, with the parts of emails and phone numbers as separate lexemes so that
    // "acme" finds "mia@acme.com" and "1234567" finds "+49 30 1234567".
    await run(`
      CREATE FUNCTION flowcard_client_search_vector(name text, emails text[], phones text[], tags text[])
        RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(
                 concat_ws(' ', name, array_to_string(emails, ' '), array_to_string(phones, ' '),
                   (SELECT string_agg(regexp_replace(phone, '[^0-9]', '', 'g'), ' ')
                      FROM unnest(phones) AS phone),
                   array_to_string(tags, ' ')),
                 '[@.+_()/,:;-]+', ' ', 'g')) $$`);
    await run(`
      ALTER TABLE clients
        ADD COLUMN search_text text
          GENERATED ALWAYS AS (flowcard_client_search_text(name, emails, phones, tags)) STORED,
        ADD COLUMN search_vector tsvector
          GENERATED ALWAYS AS (flowcard_client_search_vector(name, emails, phones, tags)) STORED`);
    await run(
      `CREATE INDEX idx_clients_search_trgm ON clients USING gin (search_text gin_trgm_ops)
        WHERE deleted_at IS NULL`,
    );
    await run(
      `CREATE INDEX idx_clients_search_vector ON clients USING gin (search_vector)
        WHERE deleted_at IS NULL`,
    );
    await run(
      `CREATE INDEX idx_clients_email_keys ON clients USING gin (flowcard_lower_emails(emails))
        WHERE deleted_at IS NULL`,
    );
    await run(
      `CREATE INDEX idx_clients_phone_keys ON clients USING gin (flowcard_phone_digits(phones))
        WHERE deleted_at IS NULL`,
    );
    await run(`CREATE INDEX idx_deals_title_trgm ON deals USING gin (lower(title) gin_trgm_ops)`);
    await run(
      `CREATE INDEX idx_deals_title_vector ON deals USING gin (to_tsvector('simple'::regconfig, title))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'idx_deals_title_vector',
      'idx_deals_title_trgm',
      'idx_clients_phone_keys',
      'idx_clients_email_keys',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(
      `ALTER TABLE clients DROP COLUMN search_vector, DROP COLUMN search_text`,
    );
    for (const fn of [
      'flowcard_client_search_vector(text, text[], text[], text[])',
      'flowcard_client_search_text(text, text[], text[], text[])',
      'flowcard_phone_digits(text[])',
      'flowcard_lower_emails(text[])',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
  }
}
