import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('company', 'person')),
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('lead', 'potential', 'active', 'inactive', 'lost')),
        owner_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE process_definitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        name text,
        version int NOT NULL,
        bpmn_xml text NOT NULL,
        model jsonb NOT NULL,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        deployed_by_id uuid REFERENCES users(id),
        CONSTRAINT uq_process_definitions_key_version UNIQUE (key, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE process_instances (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workflow_id text NOT NULL UNIQUE,
        definition_id uuid NOT NULL REFERENCES process_definitions(id),
        client_id uuid REFERENCES clients(id),
        status text NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
        variables jsonb NOT NULL DEFAULT '{}',
        error jsonb,
        started_by_id uuid REFERENCES users(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_process_instances_client ON process_instances (client_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE instance_events (
        id bigserial PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        type text NOT NULL,
        element_id text,
        payload jsonb NOT NULL DEFAULT '{}',
        idempotency_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_instance_events_instance ON instance_events (instance_id, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients(id),
        kind text NOT NULL CHECK (kind IN ('call', 'task', 'meeting', 'note')),
        subject text NOT NULL,
        due_at timestamptz,
        assignee_id uuid REFERENCES users(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        created_by_id uuid REFERENCES users(id),
        process_instance_id uuid REFERENCES process_instances(id),
        element_id text,
        idempotency_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_activities_client ON activities (client_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE client_status_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL REFERENCES clients(id),
        from_status text,
        to_status text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by_id uuid REFERENCES users(id),
        process_instance_id uuid REFERENCES process_instances(id),
        element_id text,
        idempotency_key text UNIQUE
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_client_status_changes_client ON client_status_changes (client_id, changed_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE user_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES process_instances(id),
        client_id uuid REFERENCES clients(id),
        element_id text NOT NULL,
        name text NOT NULL,
        wait_key text NOT NULL UNIQUE,
        assignee_id uuid REFERENCES users(id),
        candidate_role text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'cancelled')),
        due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        completed_by_id uuid REFERENCES users(id),
        completion_variables jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX idx_user_tasks_open ON user_tasks (status, assignee_id, candidate_role)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'user_tasks',
      'client_status_changes',
      'activities',
      'instance_events',
      'process_instances',
      'process_definitions',
      'clients',
      'users',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
