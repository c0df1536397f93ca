/**
 * Migrating running instances between versions of a process, on the real API, Postgres and
 * Temporal: refused while a token would stay on an element the target lacks, otherwise the
 * instance goes on along the target version's path.
 */
import { endEvent, linearDiagram, startEvent, userTask } from './harness/diagrams';
import { eventually, unique, useFlowcard } from './harness';

const { as, deploy, newClient, startInstance } = useFlowcard();

const plainTask = (id: string) => `<bpmn:task id="${id}" />`;

describe('POST /api/process-instances/migrate', () => {
  const key = `migration-${unique('v').split(' ')[1]}`;
  const v1 = linearDiagram(key, [
    startEvent('Start'),
    userTask('Task_Review', 'Review'),
    endEvent('End'),
  ]);
  const v2 = linearDiagram(key, [
    startEvent('Start'),
    userTask('Task_ReviewLead', 'Review the lead'),
    plainTask('Task_Archive'),
    endEvent('End'),
  ]);

  it('refuses a mapping that leaves a token on a missing element, then moves the instance', async () => {
    const from = await deploy(v1);
    const client = await newClient('manager');
    const { instance, task } = await startInstance(key, client);
    const { instance: untouched } = await startInstance(key, client);
    const to = await deploy(v2);
    expect(to.version).toBe(from.version + 1);

    const refused = await as('supervisor', 'POST', '/api/process-instances/migrate', {
      fromDefinitionId: from.id,
      toDefinitionId: to.id,
      mapping: {},
      instanceIds: [instance.id],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MIGRATION_MAPPING_INCOMPLETE');
    expect(refused.body.details).toEqual([
      { instanceId: instance.id, elementIds: ['Task_Review'] },
    ]);

    const byManager = await as('manager', 'POST', '/api/process-instances/migrate', {
      fromDefinitionId: from.id,
      toDefinitionId: to.id,
      mapping: { Task_Review: 'Task_ReviewLead' },
    });
    expect(byManager.status).toBe(403);

    const unknownTarget = await as('supervisor', 'POST', '/api/process-instances/migrate', {
      fromDefinitionId: from.id,
      toDefinitionId: to.id,
      mapping: { Task_Review: 'Task_Nowhere' },
    });
    expect(unknownTarget.status).toBe(400);
    expect(unknownTarget.body.code).toBe('MIGRATION_MAPPING_INVALID');

    const migrated = await as('supervisor', 'POST', '/api/process-instances/migrate', {
      fromDefinitionId: from.id,
      toDefinitionId: to.id,
      mapping: { Task_Review: 'Task_ReviewLead' },
      instanceIds: [instance.id],
    });
    expect(migrated.status).toBe(200);
    expect(migrated.body.migrated).toEqual([instance.id]);

    const movedTask = await as('manager', 'GET', `/api/tasks/${task.id}`);
    expect(movedTask.body.elementId).toBe('Task_ReviewLead');
    const completed = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {
      variables: {},
    });
    expect(completed.status).toBe(200);
    const card = await eventually(async () => {
      const response = await as('supervisor', 'GET', `/api/process-instances/${instance.id}`);
      return response.body.status === 'completed' && response.body;
    });
    expect(card.definition).toMatchObject({ id: to.id, version: to.version });
    const steps = card.events
      .filter((event: { type: string }) =>
        ['element.completed', 'instance.migrated'].includes(event.type),
      )
      .map((event: { type: string; elementId: string | null }) => event.elementId ?? event.type);
    expect(steps).toEqual(['Start', 'instance.migrated', 'Task_ReviewLead', 'Task_Archive', 'End']);

    const other = await as('supervisor', 'GET', `/api/process-instances/${untouched.id}`);
    expect(other.body).toMatchObject({ status: 'running', definition: { id: from.id } });
    expect(other.body.openTasks.map((open: { elementId: string }) => open.elementId)).toEqual([
      'Task_Review',
    ]);
  });
});
