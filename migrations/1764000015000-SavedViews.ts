import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's saved views of a list screen (the client list for now): filters and sort under a
 * name, private to their owner; a name is unique per owner and screen, whatever its case.
 */
export class SavedViews1764000015000 implements MigrationInterface {
  name = 'SavedViews1764000015000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        screen text NOT NULL CHECK (screen IN ('clients')),
        name text NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}'::jsonb,
        sort text NOT NULL,
        sort_order text NOT NULL CHECK (sort_order IN ('asc', 'desc')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_saved_views_owner_screen_name
          ON saved_views (owner_id, screen, lower(name))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE saved_views`);
  }
}
