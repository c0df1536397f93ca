/**
 * Process volume beside the CRM volume, for `npm run bench:crm --tasks N`: N user tasks in
 * instances of the first demo process, over the clients already seeded. Written with set-based
 * SQL (one statement per table), since a million rows through the ORM would take longer than
 * the benchmark itself.
 *
 * Shape: five user tasks per instance; one instance in twenty still running, its last task
 * open. Of the open tasks, half are assigned to the client's owner and half wait unassigned for
 * the candidate role `manager`, so "my tasks" and "group tasks" both have rows to find.
 */
import { DataSource } from 'typeorm';

export interface ProcessVolumeCounts {
  instances: number;
  tasks: number;
  openTasks: number;
}

const TASKS_PER_INSTANCE = 5;
const RUNNING_EVERY = 20;

export async function seedProcessVolume(
  dataSource: DataSource,
  tasks: number,
): Promise<ProcessVolumeCounts> {
  const instances = Math.ceil(tasks / TASKS_PER_INSTANCE);
  return dataSource.transaction(async (manager) => {
    // A million rows take longer than the API's statement timeout allows one request.
    await manager.query(`SET LOCAL statement_timeout = 0`);
    const [definition] = await manager.query(
      `SELECT id FROM process_definitions ORDER BY deployed_at, key LIMIT 1`,
    );
    if (!definition) throw new Error('no process definition to seed instances of');
    await manager.query(`
      CREATE TEMP TABLE volume_clients ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY id) AS n, id, owner_id FROM clients`);
    const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM volume_clients`);
    if (count === 0) throw new Error('seed clients before process volume');
    // Instance n belongs to client (n * 7919 mod count) + 1: spread, and the same on every run.
    await manager.query(
      `INSERT INTO process_instances
         (workflow_id, definition_id, client_id, status, variables, started_by_id, started_at, ended_at)
       SELECT 'volume-' || seq, $1, c.id,
              CASE WHEN seq % $3 = 0 THEN 'running' ELSE 'completed' END,
              jsonb_build_object('n', seq), c.owner_id,
              now() - make_interval(mins => ($2 - seq)::int),
              CASE WHEN seq % $3 = 0 THEN NULL ELSE now() - make_interval(mins => ($2 - seq)::int) + interval '3 days' END
         FROM generate_series(1, $2) AS seq
         JOIN volume_clients c ON c.n = (seq * 7919) % $4 + 1`,
      [definition.id, instances, RUNNING_EVERY, count],
    );
    await manager.query(
      `INSERT INTO user_tasks
         (instance_id, client_id, element_id, name, wait_key, assignee_id, candidate_role,
          status, due_at, created_at, completed_at, completed_by_id)
       SELECT i.id, i.client_id, 'Task_' || step, 'Step ' || step || ' of ' || i.workflow_id,
              i.workflow_id || ':' || step,
              CASE WHEN open AND (substr(i.workflow_id, 8)::int / $2) % 2 = 1 THEN NULL ELSE c.owner_id END,
              'manager',
              CASE WHEN open THEN 'open' ELSE 'completed' END,
              i.started_at + make_interval(days => step + 2),
              i.started_at + make_interval(hours => step),
              CASE WHEN open THEN NULL ELSE i.started_at + make_interval(hours => step, mins => 30) END,
              CASE WHEN open THEN NULL ELSE c.owner_id END
         FROM process_instances i
         JOIN clients c ON c.id = i.client_id
        CROSS JOIN LATERAL generate_series(1, $1) AS step
        CROSS JOIN LATERAL (SELECT i.status = 'running' AND step = $1 AS open) AS o
        WHERE i.workflow_id LIKE 'volume-%'`,
      [TASKS_PER_INSTANCE, RUNNING_EVERY],
    );
    const [{ open }] = await manager.query(
      `SELECT count(*)::int AS open FROM user_tasks WHERE status = 'open' AND wait_key LIKE 'volume-%'`,
    );
    return { instances, tasks: instances * TASKS_PER_INSTANCE, openTasks: open };
  });
}
