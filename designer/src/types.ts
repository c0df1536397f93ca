/** Shapes of the public REST API and socket.io payloads used by the designer. */
import type { FlowcardEvent } from '../../server/src/events/catalogue';

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface BpmnProblem {
  elementId?: string;
  line?: number;
  message: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  roles: string[];
}

export interface LoginResponse {
  accessToken: string;
  user: User;
}

export interface ProcessDefinitionSummary {
  id: string;
  key: string;
  name: string;
  version: number;
  deployedAt: string;
  deployedBy: string;
}

export interface ProcessDefinition extends ProcessDefinitionSummary {
  bpmnXml: string;
}

export type InstanceStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface OpenTask {
  id: string;
  elementId: string;
  name: string;
  assigneeId: string | null;
  candidateRole: string | null;
  dueAt: string | null;
}

/** An outbox event: its type and payload as the server's event catalogue declares them. */
export type InstanceEvent = FlowcardEvent & {
  /** Increasing integer, serialised as a string. */
  id: string;
  elementId: string | null;
  createdAt: string;
};

export interface ProcessInstance {
  id: string;
  status: InstanceStatus;
  definition: Pick<ProcessDefinitionSummary, 'id' | 'key' | 'name' | 'version'>;
  client: { id: string; name: string } | null;
  variables: Record<string, unknown>;
  openTasks: OpenTask[];
  events: InstanceEvent[];
  startedAt: string;
  endedAt: string | null;
}

/** An event pushed over socket.io (`event` message in namespace `/live`). */
export type LiveEvent = InstanceEvent & {
  /** Null for a CRM change a person or an integration made. */
  instanceId: string | null;
};
