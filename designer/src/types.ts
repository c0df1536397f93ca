/**
 * Shapes of the public REST API used by the designer, taken from the types generated from the
 * server's OpenAPI document (`npm run api:types` writes ./generated/); never written by hand.
 */
import type { components } from './generated/api-types';

type Schemas = components['schemas'];

export type ApiErrorBody = Schemas['ApiErrorResponse'];
/** An entry of `details` when a deploy is refused (400 BPMN_INVALID), and a deploy warning. */
export type BpmnProblem = Schemas['CompileIssueResponse'];
export type User = Schemas['SignedInUser'];
export type LoginResponse = Schemas['LoginResponse'];
export type ProcessDefinitionSummary = Schemas['DefinitionSummaryResponse'];
export type ProcessDefinition = Schemas['DefinitionResponse'];
export type DeployedDefinition = Schemas['DeployedDefinitionResponse'];
export type ProcessInstance = Schemas['InstanceCardResponse'];
export type InstanceStatus = ProcessInstance['status'];
export type OpenTask = Schemas['UserTaskRecord'];

/** What an instance card's events and the events pushed live have in common. */
export type InstanceEvent = Pick<
  Schemas['InstanceEventResponse'],
  'id' | 'instanceId' | 'type' | 'elementId' | 'payload' | 'createdAt'
>;

/**
 * An event pushed over socket.io (`event` message in namespace `/live`): the same fields as the
 * card's events, as the server's live relay reads them from the same rows.
 */
export type LiveEvent = InstanceEvent;

/** What the compiler accepts (`GET /api/bpmn/capabilities`): the modeler offers only this. */
export type BpmnCapabilities = Schemas['BpmnCapabilitiesResponse'];
export type ElementCapability = Schemas['ElementCapabilityResponse'];
export type ActionCapability = Schemas['ActionCapabilityResponse'];
