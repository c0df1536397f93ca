import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CRM core: teams, a client profile with contacts, the status lifecycle as data, deals in
 * pipelines, richer activities, the audit log and inbound integrations.
 */
export class CrmCore1763910000000 implements MigrationInterface {
  name = 'CrmCore1763910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await run(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await run(`ALTER TABLE users ADD COLUMN team_id uuid REFERENCES teams(id)`);
    await run(`ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await run(`
      CREATE TABLE team_supervisors (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, user_id)
      )`);

    // The status lifecycle is data: the statuses and the moves allowed between them.
    await run(`
      CREATE TABLE client_statuses (
        key text PRIMARY KEY,
        name text NOT NULL,
        position int NOT NULL
      )`);
    await run(`
      INSERT INTO client_statuses (key, name, position) VALUES
        ('lead', 'Lead', 1), ('potential', 'Potential', 2), ('active', 'Active', 3),
        ('inactive', 'Inactive', 4), ('lost', 'Lost', 5)`);
    await run(`
      CREATE TABLE client_status_transitions (
        from_status text NOT NULL REFERENCES client_statuses(key) ON DELETE CASCADE,
        to_status text NOT NULL REFERENCES client_statuses(key) ON DELETE CASCADE,
        PRIMARY KEY (from_status, to_status)
      )`);
    await run(`
      INSERT INTO client_status_transitions (from_status, to_status) VALUES
        ('lead', 'potential'), ('potential', 'active'), ('active', 'inactive'), ('inactive', 'active'),
        ('lead', 'lost'), ('potential', 'lost'), ('active', 'lost'), ('inactive', 'lost')`);
    await run(`ALTER TABLE clients DROP CONSTRAINT clients_status_check`);
    await run(
      `ALTER TABLE clients ADD CONSTRAINT clients_status_fkey FOREIGN KEY (status) REFERENCES client_statuses(key)`,
    );

    await run(`ALTER TABLE clients ADD COLUMN company_id uuid REFERENCES clients(id)`);
    await run(`ALTER TABLE clients ADD COLUMN emails text[] NOT NULL DEFAULT '{}'`);
    await run(`ALTER TABLE clients ADD COLUMN phones text[] NOT NULL DEFAULT '{}'`);
    await run(`ALTER TABLE clients ADD COLUMN address text`);
    await run(`ALTER TABLE clients ADD COLUMN source text`);
    await run(`ALTER TABLE clients ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    await run(`ALTER TABLE clients ADD COLUMN custom jsonb NOT NULL DEFAULT '{}'`);
    await run(`CREATE INDEX idx_clients_owner ON clients (owner_id)`);
    await run(`CREATE INDEX idx_clients_company ON clients (company_id)`);

    // Activities: calls, meetings, tasks and notes with what each kind needs.
    await run(
      `ALTER TABLE activities ADD COLUMN direction text CHECK (direction IN ('inbound', 'outbound'))`,
    );
    await run(
      `ALTER TABLE activities ADD COLUMN duration_seconds int CHECK (duration_seconds >= 0)`,
    );
    await run(`ALTER TABLE activities ADD COLUMN result text`);
    await run(`ALTER TABLE activities ADD COLUMN recording_url text`);
    await run(`ALTER TABLE activities ADD COLUMN ends_at timestamptz`);
    await run(`ALTER TABLE activities ADD COLUMN place text`);
    await run(`ALTER TABLE activities ADD COLUMN participants text[] NOT NULL DEFAULT '{}'`);
    await run(`ALTER TABLE activities ADD COLUMN reminder_at timestamptz`);
    await run(
      `ALTER TABLE activities ADD COLUMN priority text CHECK (priority IN ('low', 'normal', 'high'))`,
    );
    await run(`ALTER TABLE activities ADD COLUMN body text`);
    await run(`ALTER TABLE activities ADD COLUMN external_id text UNIQUE`);
    await run(`ALTER TABLE activities ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await run(`CREATE INDEX idx_activities_assignee_due ON activities (assignee_id, due_at)`);

    await run(`
      CREATE TABLE pipelines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await run(
      `CREATE UNIQUE INDEX uq_pipelines_default ON pipelines (is_default) WHERE is_default`,
    );
    await run(`
      CREATE TABLE pipeline_stages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pipeline_id uuid NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        name text NOT NULL,
        position int NOT NULL,
        probability int NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
        kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
        UNIQUE (pipeline_id, position)
      )`);
    await run(`
      CREATE TABLE deals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients(id),
        pipeline_id uuid NOT NULL REFERENCES pipelines(id),
        stage_id uuid NOT NULL REFERENCES pipeline_stages(id),
        title text NOT NULL,
        amount numeric(14, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
        currency char(3) NOT NULL DEFAULT 'EUR',
        expected_close_date date,
        probability int CHECK (probability BETWEEN 0 AND 100),
        owner_id uuid REFERENCES users(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
        lost_reason text,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await run(`CREATE INDEX idx_deals_client ON deals (client_id)`);
    await run(`CREATE INDEX idx_deals_owner ON deals (owner_id)`);
    await run(`
      CREATE TABLE deal_stage_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        from_stage_id uuid REFERENCES pipeline_stages(id),
        to_stage_id uuid NOT NULL REFERENCES pipeline_stages(id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by_id uuid REFERENCES users(id)
      )`);
    await run(
      `CREATE INDEX idx_deal_stage_changes_deal ON deal_stage_changes (deal_id, changed_at)`,
    );

    await run(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid REFERENCES users(id),
        actor_process_instance_id uuid REFERENCES process_instances(id),
        actor_element_id text,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        before jsonb,
        after jsonb
      )`);
    await run(`CREATE INDEX idx_audit_entity ON audit_log (entity_type, entity_id, id)`);
    await run(`CREATE INDEX idx_audit_actor ON audit_log (actor_user_id, id)`);

    await run(`
      CREATE TABLE integrations (
        key text PRIMARY KEY,
        secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A delivery id is accepted once per integration: a replayed request is refused.
    await run(`
      CREATE TABLE hook_deliveries (
        integration_key text NOT NULL REFERENCES integrations(key) ON DELETE CASCADE,
        delivery_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_key, delivery_id)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'hook_deliveries',
      'integrations',
      'audit_log',
      'deal_stage_changes',
      'deals',
      'pipeline_stages',
      'pipelines',
      'team_supervisors',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    for (const column of [
      'direction',
      'duration_seconds',
      'result',
      'recording_url',
      'ends_at',
      'place',
      'participants',
      'reminder_at',
      'priority',
      'body',
      'external_id',
      'updated_at',
    ]) {
      await queryRunner.query(`ALTER TABLE activities DROP COLUMN ${column}`);
    }
    for (const column of [
      'company_id',
      'emails',
      'phones',
      'address',
      'source',
      'tags',
      'custom',
    ]) {
      await queryRunner.query(`ALTER TABLE clients DROP COLUMN ${column}`);
    }
    await queryRunner.query(`ALTER TABLE clients DROP CONSTRAINT clients_status_fkey`);
    await queryRunner.query(`DROP TABLE client_status_transitions`);
    await queryRunner.query(`DROP TABLE client_statuses`);
    await queryRunner.query(
      `ALTER TABLE clients ADD CONSTRAINT clients_status_check CHECK (status IN ('lead', 'potential', 'active', 'inactive', 'lost'))`,
    );
    await queryRunner.query(`ALTER TABLE users DROP COLUMN active`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN team_id`);
    await queryRunner.query(`DROP TABLE teams`);
  }
}
