import { events, TASK_LIST_EVENT_TYPES, TIMELINE_STEP_EVENT_TYPES } from '../events/catalogue';
import { LiveEvent, roomFilter } from './live-event';
import { roomsFor } from './live-rooms';

const CLIENT = '6f1c1a52-3c1e-4b8e-9a63-3f3c6f0f8a10';
const INSTANCE = '0b9e2b8a-7c55-4f1f-8e0c-6a1f3a0b2c11';
const USER = '9d0f7c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f';
const TEAM = '4c2e8f1a-5b6d-4e7f-8a9b-1c2d3e4f5a6b';
const DEFINITION = '3e7a9c21-5b4d-4f6e-9a8b-7c6d5e4f3a2b';

const live = (event: ReturnType<(typeof events)[keyof typeof events]>, instanceId: string | null) =>
  ({
    ...event,
    id: '7',
    instanceId,
    clientId: CLIENT,
    clientOwnerId: USER,
    elementId: null,
    createdAt: new Date(0).toISOString(),
  }) as LiveEvent;

describe('the event catalogue', () => {
  it('names the events that reach task lists and the timeline by their traits', () => {
    expect([...TASK_LIST_EVENT_TYPES].sort()).toEqual([
      'task.assigned',
      'task.cancelled',
      'task.completed',
      'task.created',
      'task.unassigned',
    ]);
    expect(TIMELINE_STEP_EVENT_TYPES).toEqual(['element.completed']);
  });

  it('builds typed events, the ended instance and the closed task by their status', () => {
    expect(events.instanceEnded('failed', { error: null }).type).toBe('instance.failed');
    const closed = events.taskClosed('cancelled', {
      taskId: 't',
      assigneeId: null,
      candidateRole: 'manager',
      completedById: null,
    });
    expect(closed.type).toBe('task.cancelled');
  });
});

describe('rooms', () => {
  it('sends a CRM change without an instance to its client card only', () => {
    const changed = events.clientStatusChanged({ clientId: CLIENT, from: 'lead', to: 'active' });
    expect(roomsFor(live(changed, null))).toEqual([`client:${CLIENT}`]);
    expect(roomsFor(live(changed, INSTANCE))).toEqual([`instance:${INSTANCE}`, `client:${CLIENT}`]);
  });

  it("sends an instance's events to the room of its process version", () => {
    const started = events.elementStarted({
      elementKind: 'userTask',
      elementName: null,
      tokenId: 't',
    });
    expect(roomsFor({ ...live(started, INSTANCE), definitionId: DEFINITION })).toEqual([
      `instance:${INSTANCE}`,
      `definition:${DEFINITION}`,
      `client:${CLIENT}`,
    ]);
  });

  it('sends task events to the task lists of the assignee and the role', () => {
    const created = events.taskCreated({
      taskId: 't',
      name: 'Review',
      assigneeId: USER,
      candidateRole: 'manager',
      dueAt: null,
    });
    expect(roomsFor(live(created, INSTANCE))).toEqual([
      `instance:${INSTANCE}`,
      `client:${CLIENT}`,
      `tasks:user:${USER}`,
      'tasks:role:manager',
    ]);
  });

  it("sends a team's task to the team's task list", () => {
    const created = events.taskCreated({
      taskId: 't',
      name: 'Visit',
      assigneeId: null,
      candidateRole: null,
      candidateTeamId: TEAM,
      dueAt: null,
    });
    expect(roomsFor(live(created, INSTANCE))).toEqual([
      `instance:${INSTANCE}`,
      `client:${CLIENT}`,
      `tasks:team:${TEAM}`,
    ]);
    expect(roomFilter(`tasks:team:${TEAM}`)).toEqual({
      where: expect.stringContaining(`e.payload->>'candidateTeamId' = $2`),
      value: TEAM,
    });
    expect(roomFilter('tasks:team:North')).toBeNull();
  });

  it('replays a task list by the listed task event types, a client card by its client', () => {
    expect(roomFilter(`tasks:user:${USER}`)?.where).toBe(
      `e.type IN ('task.created', 'task.completed', 'task.cancelled', 'task.assigned', 'task.unassigned') AND e.payload->>'assigneeId' = $2`,
    );
    expect(roomFilter(`client:${CLIENT}`)).toEqual({ where: 'e.client_id = $2', value: CLIENT });
    expect(roomFilter(`definition:${DEFINITION}`)).toEqual({
      where: 'i.definition_id = $2',
      value: DEFINITION,
    });
    expect(roomFilter('definition:nope')).toBeNull();
    expect(roomFilter('client:nope')).toBeNull();
  });
});
