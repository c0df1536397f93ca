/**
 * Shapes of the public REST API used by the designer, taken from the types generated from the
 * server's OpenAPI document (`npm run api:types` writes ./generated/); never written by hand.
 */
import type { components } from './generated/api-types';
import type { FlowcardEvent } from '../../server/src/events/catalogue';
import type { LiveEvent as PushedEvent } from '../../server/src/live/live-event';

type Schemas = components['schemas'];

export type ApiErrorBody = Schemas['ApiErrorResponse'];
/** An entry of `details` when a deploy is refused (400 BPMN_INVALID), and a deploy warning. */
export type BpmnProblem = Schemas['CompileIssueResponse'];
export type User = Schemas['SignedInUser'];
export type LoginResponse = Schemas['LoginResponse'];
/** One version in the list of definitions, with the name of who deployed it. */
export type ProcessDefinitionSummary = Schemas['ListedDefinitionResponse'];
export type ProcessDefinition = Schemas['DefinitionResponse'];
export type DeployedDefinition = Schemas['DeployedDefinitionResponse'];
export type ProcessInstance = Schemas['InstanceCardResponse'];
export type InstanceStatus = ProcessInstance['status'];
export type OpenTask = Schemas['UserTaskRecord'];
export type Incident = Schemas['IncidentResponse'];
/** A comment on an instance card (`/api/process-instances/:id/comments`). */
export type InstanceComment = Schemas['InstanceCommentResponse'];
export type InstanceCommentPage = Schemas['InstanceCommentPage'];
/** Where the live instances of a version stand (`GET /api/process-definitions/:id/heatmap`). */
export type Heatmap = Schemas['HeatmapResponse'];
export type ElementHeat = Schemas['ElementHeatResponse'];

/** What every outbox event carries besides its type and payload (typed by the server's catalogue). */
type EventRow = Pick<Schemas['InstanceEventResponse'], 'id' | 'elementId' | 'createdAt'>;

/**
 * An outbox event on an instance card; a null instance for a CRM change a person or an
 * integration made.
 */
export type InstanceEvent = FlowcardEvent & EventRow & { instanceId: string | null };
/**
 * An outbox event as pushed over socket.io (`event` message in namespace `/live`): an instance
 * event with what places it in rooms (its process version and client) and decides who hears it.
 */
export type LiveEvent = PushedEvent;

/**
 * The card's events typed by the event catalogue: the OpenAPI schema declares a payload as any
 * object, the catalogue says which one each type carries.
 */
export const cardEvents = (card: ProcessInstance) => card.events as unknown as InstanceEvent[];

/** What the compiler accepts (`GET /api/bpmn/capabilities`): the modeler offers only this. */
export type BpmnCapabilities = Schemas['BpmnCapabilitiesResponse'];
export type ElementCapability = Schemas['ElementCapabilityResponse'];
export type ActionCapability = Schemas['ActionCapabilityResponse'];

/** A dry run of a diagram (`POST /api/process-definitions/simulate`) and what it is given. */
export type SimulationRequest = Schemas['SimulateDto'];
export type Simulation = Schemas['SimulationResponse'];
export type SimulatedEffect = Simulation['effects'][number];
/** Where the running instances of a key wait, against a would-be next version. */
export type ChangeImpact = Schemas['ChangeImpactResponse'];
export type WaitingElement = ChangeImpact['elements'][number];

/** The task list (`/api/tasks`) and a task's completion. */
export type Task = Schemas['TaskResponse'];
export type TaskPage = Schemas['TaskPage'];
export type TaskOutput = Schemas['TaskOutputResponse'];

/** Monitoring: one row of `/api/process-instances`. */
export type InstanceSummary = Schemas['InstanceResponse'];
export type InstancePage = Schemas['InstancePage'];

/** The client card and its timeline. */
export type Client = Schemas['ClientResponse'];
export type ClientRecord = Schemas['ClientRecord'];
export type ClientPage = Schemas['ClientPage'];
export type ClientCard = Schemas['ClientCardResponse'];
export type TimelineEntry = ClientCard['timeline'][number];
export type TimelineActor = TimelineEntry['actor'];
export type ClientStatuses = Schemas['ClientStatusesResponse'];
export type NewActivity = Schemas['CreateActivityDto'];
export type Activity = Schemas['ActivityResponse'];

/** Deals board. */
export type Pipeline = Schemas['PipelineResponse'];
export type PipelinePage = Schemas['PipelinePage'];
export type Board = Schemas['BoardResponse'];
export type BoardDeal = Schemas['BoardColumnResponse']['deals'][number];
export type Deal = Schemas['DealResponse'];
