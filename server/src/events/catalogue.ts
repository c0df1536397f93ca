/**
 * Every event Flowcard writes to its outbox (`instance_events`), with the payload of each type.
 * Process steps and people write the same events through the same constructors; the relay, the
 * socket rooms, the client card and the designer read them by these types.
 *
 * Self-contained on purpose: the designer imports these types (`import type`), so this file
 * imports nothing from the server.
 */

type InstanceEndStatus = 'completed' | 'failed' | 'cancelled';

/** The kinds of `ACTIVITY_KINDS` (activity.entity.ts), which the designer cannot import. */
export type ActivityKind = 'call' | 'task' | 'meeting' | 'note';

interface ElementPayload {
  elementKind: string;
  elementName: string | null;
  tokenId: string;
}

interface InstanceEndedPayload {
  error: { elementId: string | null; message: string } | null;
}

interface TaskClosedPayload {
  taskId: string;
  assigneeId: string | null;
  candidateRole: string | null;
  /** The candidate team of a team's task (its list is the room `tasks:team:<id>`); absent otherwise. */
  candidateTeamId?: string;
  completedById: string | null;
}

/** Both the old and the new assignee's task lists hear of a move (`by` made it). */
interface TaskAssignmentPayload {
  taskId: string;
  assigneeId: string | null;
  candidateRole: string | null;
  /** The candidate team of a team's task (its list is the room `tasks:team:<id>`); absent otherwise. */
  candidateTeamId?: string;
  by: string;
}

/** Which activity: what every event about an existing activity carries. */
interface ActivityPayload {
  activityId: string;
  clientId: string;
  kind: ActivityKind;
}

export interface EventPayloads {
  /** `by` is null when a CRM event started it (`triggerEventId`, the outbox id of that event). */
  'instance.started': {
    definitionKey: string;
    version: number;
    by: string | null;
    triggerEventId?: string;
    /** Started by a call activity of this instance. */
    parentInstanceId?: string;
  };
  'instance.completed': InstanceEndedPayload;
  'instance.failed': InstanceEndedPayload;
  'instance.cancelled': InstanceEndedPayload;
  'instance.variables_changed': { variables: Record<string, unknown>; by: string | null };
  /** A supervisor moved the running instance to another version, element ids by `mapping`. */
  'instance.migrated': {
    fromDefinitionId: string;
    toDefinitionId: string;
    mapping: Record<string, string>;
    by: string;
  };
  /** A person commented on the instance's card (`GET /api/process-instances/:id/comments`). */
  'instance.comment_added': {
    commentId: string;
    authorId: string;
    authorName: string;
    body: string;
  };
  /** A step stopped at an incident on `elementId`; the instance's status is `incident`. */
  'incident.created': {
    incidentId: string;
    code: string;
    message: string;
    attempts: number;
  };
  /** Retried by `by` (the step ran again; it may have raised a new incident) or cancelled with the instance. */
  'incident.resolved': {
    incidentId: string;
    resolution: 'retried' | 'cancelled';
    by: string | null;
  };
  'element.started': ElementPayload;
  'element.completed': ElementPayload;
  /** A boundary event or a thrown error ended the element before it completed. */
  'element.terminated': ElementPayload;
  'task.created': {
    taskId: string;
    name: string;
    assigneeId: string | null;
    candidateRole: string | null;
    /** As in the other task events. */
    candidateTeamId?: string;
    dueAt: string | null;
  };
  'task.completed': TaskClosedPayload;
  'task.cancelled': TaskClosedPayload;
  'task.assigned': TaskAssignmentPayload;
  'task.unassigned': TaskAssignmentPayload;
  'client.created': { clientId: string; name: string; status: string; ownerId: string | null };
  'client.updated': { clientId: string; fields: string[] };
  'client.status_changed': { clientId: string; from: string; to: string };
  'activity.created': {
    activityId: string;
    clientId: string;
    kind: ActivityKind;
    subject: string;
    assigneeId: string | null;
    status: 'open' | 'done';
  };
  'activity.updated': ActivityPayload & { fields: string[] };
  'activity.completed': ActivityPayload;
  'activity.cancelled': ActivityPayload;
  'deal.stage_changed': {
    dealId: string;
    clientId: string;
    fromStageId: string | null;
    toStageId: string;
  };
}

export type EventType = keyof EventPayloads;

/** One event: its type and the payload of that type (a discriminated union on `type`). */
export type FlowcardEvent = {
  [T in EventType]: { type: T; payload: EventPayloads[T] };
}[EventType];

export type EventOf<T extends EventType> = Extract<FlowcardEvent, { type: T }>;

/** What readers need to know about each type beyond its payload. */
interface EventTraits {
  /** Carries `assigneeId` and `candidateRole`, and goes to those task lists. */
  taskList: boolean;
  /** Shown on the client card's timeline as a process step. */
  timelineStep: boolean;
}

const plain: EventTraits = { taskList: false, timelineStep: false };
const taskList: EventTraits = { taskList: true, timelineStep: false };

const TRAITS: Record<EventType, EventTraits> = {
  'instance.started': plain,
  'instance.completed': plain,
  'instance.failed': plain,
  'instance.cancelled': plain,
  'instance.variables_changed': plain,
  'instance.migrated': plain,
  'instance.comment_added': plain,
  'incident.created': plain,
  'incident.resolved': plain,
  'element.started': plain,
  'element.completed': { taskList: false, timelineStep: true },
  'element.terminated': plain,
  'task.created': taskList,
  'task.completed': taskList,
  'task.cancelled': taskList,
  'task.assigned': taskList,
  'task.unassigned': taskList,
  'client.created': plain,
  'client.updated': plain,
  'client.status_changed': plain,
  'activity.created': plain,
  'activity.updated': plain,
  'activity.completed': plain,
  'activity.cancelled': plain,
  'deal.stage_changed': plain,
};

/** Every event type of the catalogue. */
export const EVENT_TYPES = Object.keys(TRAITS) as EventType[];

/** The events that reach task lists (`tasks:user:<id>`, `tasks:role:<role>`). */
export const TASK_LIST_EVENT_TYPES = EVENT_TYPES.filter((type) => TRAITS[type].taskList);

/** The events the client card's timeline shows as process steps. */
export const TIMELINE_STEP_EVENT_TYPES = EVENT_TYPES.filter((type) => TRAITS[type].timelineStep);

export type TaskListEvent = EventOf<
  'task.created' | 'task.completed' | 'task.cancelled' | 'task.assigned' | 'task.unassigned'
>;

export function isTaskListEvent(event: FlowcardEvent): event is TaskListEvent {
  return TRAITS[event.type].taskList;
}

/** The typed constructors: the one place event types are spelled. */
export const events = {
  instanceStarted: (payload: EventPayloads['instance.started']) =>
    ({ type: 'instance.started', payload }) as const,
  instanceEnded: <S extends InstanceEndStatus>(status: S, payload: InstanceEndedPayload) =>
    ({ type: `instance.${status}` as `instance.${S}`, payload }) as const,
  instanceMigrated: (payload: EventPayloads['instance.migrated']) =>
    ({ type: 'instance.migrated', payload }) as const,
  instanceVariablesChanged: (payload: EventPayloads['instance.variables_changed']) =>
    ({ type: 'instance.variables_changed', payload }) as const,
  instanceCommentAdded: (payload: EventPayloads['instance.comment_added']) =>
    ({ type: 'instance.comment_added', payload }) as const,
  incidentCreated: (payload: EventPayloads['incident.created']) =>
    ({ type: 'incident.created', payload }) as const,
  incidentResolved: (payload: EventPayloads['incident.resolved']) =>
    ({ type: 'incident.resolved', payload }) as const,
  elementStarted: (payload: ElementPayload) => ({ type: 'element.started', payload }) as const,
  elementCompleted: (payload: ElementPayload) => ({ type: 'element.completed', payload }) as const,
  elementTerminated: (payload: ElementPayload) =>
    ({ type: 'element.terminated', payload }) as const,
  taskCreated: (payload: EventPayloads['task.created']) =>
    ({ type: 'task.created', payload }) as const,
  taskClosed: <S extends 'completed' | 'cancelled'>(status: S, payload: TaskClosedPayload) =>
    ({ type: `task.${status}` as `task.${S}`, payload }) as const,
  taskAssigned: (payload: TaskAssignmentPayload) => ({ type: 'task.assigned', payload }) as const,
  taskUnassigned: (payload: TaskAssignmentPayload) =>
    ({ type: 'task.unassigned', payload }) as const,
  clientCreated: (payload: EventPayloads['client.created']) =>
    ({ type: 'client.created', payload }) as const,
  clientUpdated: (payload: EventPayloads['client.updated']) =>
    ({ type: 'client.updated', payload }) as const,
  clientStatusChanged: (payload: EventPayloads['client.status_changed']) =>
    ({ type: 'client.status_changed', payload }) as const,
  activityCreated: (payload: EventPayloads['activity.created']) =>
    ({ type: 'activity.created', payload }) as const,
  activityUpdated: (payload: EventPayloads['activity.updated']) =>
    ({ type: 'activity.updated', payload }) as const,
  activityCompleted: (payload: ActivityPayload) =>
    ({ type: 'activity.completed', payload }) as const,
  activityCancelled: (payload: ActivityPayload) =>
    ({ type: 'activity.cancelled', payload }) as const,
  dealStageChanged: (payload: EventPayloads['deal.stage_changed']) =>
    ({ type: 'deal.stage_changed', payload }) as const,
} satisfies Record<string, (...args: never[]) => FlowcardEvent>;
