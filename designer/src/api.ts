import type {
  Activity,
  ApiErrorBody,
  ChangeImpact,
  Board,
  BpmnCapabilities,
  Client,
  ClientCard,
  ClientPage,
  ClientStatuses,
  Deal,
  DeployedDefinition,
  Heatmap,
  InstanceComment,
  InstanceCommentPage,
  InstancePage,
  LoginResponse,
  NewActivity,
  PipelinePage,
  ProcessDefinition,
  ProcessDefinitionSummary,
  ProcessInstance,
  Simulation,
  SimulationRequest,
  Task,
  TaskPage,
  User,
} from './types';

const TOKEN_KEY = 'flowcard.token';
const USER_KEY = 'flowcard.user';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The signed-in user, kept in sessionStorage so a reload keeps the session. */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  get user(): User | null {
    const raw = sessionStorage.getItem(USER_KEY);
    if (!raw) return null;
    const user = JSON.parse(raw) as User;
    // A session saved before the login answer named teams has none until the next sign-in.
    return { ...user, teamIds: user.teamIds ?? [] };
  },
  save(login: LoginResponse): void {
    sessionStorage.setItem(TOKEN_KEY, login.accessToken);
    sessionStorage.setItem(USER_KEY, JSON.stringify(login.user));
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
  /** Whether the user holds any of `roles`. */
  hasRole(...roles: string[]): boolean {
    return this.user?.roles.some((role) => roles.includes(role)) ?? false;
  },
  /** Whether the user may deploy processes, so the modeler is worth offering. */
  get canModel(): boolean {
    return this.hasRole('analyst', 'admin');
  },
  /** Whether the user may cancel instances and change their variables (the server's rule). */
  get canOperate(): boolean {
    return this.hasRole('supervisor', 'admin');
  },
  /** Whether the user may comment on the instances they see (the server's rule). */
  get canComment(): boolean {
    return this.hasRole('manager', 'supervisor', 'admin');
  },
};

/** A query string of the defined parameters, with its `?`; empty when none is defined. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const defined = Object.entries(params).filter(([, value]) => value !== undefined && value !== '');
  if (!defined.length) return '';
  return `?${new URLSearchParams(defined.map(([key, value]) => [key, String(value)]))}`;
}

const segment = (value: string) => encodeURIComponent(value);

let onUnauthorized: () => void = () => undefined;

/** Called when an authenticated request comes back 401 (expired or revoked token). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  json?: unknown;
  body?: string;
  contentType?: string;
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;

  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  } else if (options.contentType) {
    headers['Content-Type'] = options.contentType;
  }

  const response = await fetch(`/api${path}`, { method, headers, body });
  const text = await response.text();
  const data: unknown = text ? parseJson(text) : undefined;

  if (!response.ok) {
    if (response.status === 401 && token) {
      session.clear();
      onUnauthorized();
    }
    const err = (data ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(
      response.status,
      err.code ?? `HTTP_${response.status}`,
      err.message ?? (response.statusText || `Request failed (${response.status})`),
      err.details,
    );
  }
  return data as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  login: (email: string, password: string) =>
    request<LoginResponse>('POST', '/auth/login', { json: { email, password } }),

  /** Every deployed version; only those of `key` when given. */
  listDefinitions: (key?: string) =>
    request<ProcessDefinitionSummary[]>(
      'GET',
      key ? `/process-definitions?key=${encodeURIComponent(key)}` : '/process-definitions',
    ),

  getDefinition: (id: string) =>
    request<ProcessDefinition>('GET', `/process-definitions/${encodeURIComponent(id)}`),

  deployDefinition: (bpmnXml: string) =>
    request<DeployedDefinition>('POST', '/process-definitions', {
      body: bpmnXml,
      contentType: 'application/xml',
    }),

  /** Runs the diagram in the simulator: nothing is written; 400 BPMN_INVALID as a deploy. */
  simulateDefinition: (run: SimulationRequest) =>
    request<Simulation>('POST', '/process-definitions/simulate', { json: run }),

  /** Where the running instances of the diagram's key wait, and which the diagram strands. */
  definitionImpact: (bpmnXml: string) =>
    request<ChangeImpact>('POST', '/process-definitions/impact', { json: { bpmnXml } }),

  getHeatmap: (definitionId: string) =>
    request<Heatmap>('GET', `/process-definitions/${segment(definitionId)}/heatmap`),

  getBpmnCapabilities: () => request<BpmnCapabilities>('GET', '/bpmn/capabilities'),

  getInstance: (instanceId: string) =>
    request<ProcessInstance>('GET', `/process-instances/${segment(instanceId)}`),

  /** The newest first. */
  listInstances: (filters: {
    definitionKey?: string;
    status?: string;
    clientId?: string;
    withIncident?: 'true';
  }) =>
    request<InstancePage>(
      'GET',
      `/process-instances${query({ ...filters, order: 'desc', limit: 200 })}`,
    ),

  changeVariables: (instanceId: string, variables: Record<string, unknown>) =>
    request<ProcessInstance>('PATCH', `/process-instances/${segment(instanceId)}/variables`, {
      json: { variables },
    }),

  /** The oldest first, up to 200: the card shows the conversation in the order it happened. */
  listInstanceComments: (instanceId: string) =>
    request<InstanceCommentPage>(
      'GET',
      `/process-instances/${segment(instanceId)}/comments${query({ order: 'asc', limit: 200 })}`,
    ),

  addInstanceComment: (instanceId: string, body: string) =>
    request<InstanceComment>('POST', `/process-instances/${segment(instanceId)}/comments`, {
      json: { body },
    }),

  cancelInstance: (instanceId: string, reason?: string) =>
    request<ProcessInstance>('POST', `/process-instances/${segment(instanceId)}/cancel`, {
      json: reason ? { reason } : {},
    }),

  /** Runs the held step again with the variables as they are now; answers the card after it. */
  retryIncident: (instanceId: string, incidentId: string) =>
    request<ProcessInstance>(
      'POST',
      `/process-instances/${segment(instanceId)}/incidents/${segment(incidentId)}/retry`,
      { json: {} },
    ),

  listTasks: (filters: {
    assignee?: string;
    unassigned?: boolean;
    claimable?: boolean;
    overdue?: boolean;
    order?: 'asc' | 'desc';
  }) => request<TaskPage>('GET', `/tasks${query({ ...filters, limit: 200 })}`),

  getTask: (taskId: string) => request<Task>('GET', `/tasks/${segment(taskId)}`),

  claimTask: (taskId: string) => request<Task>('POST', `/tasks/${segment(taskId)}/claim`),

  completeTask: (taskId: string, variables: Record<string, unknown>) =>
    request<Task>('POST', `/tasks/${segment(taskId)}/complete`, { json: { variables } }),

  listClients: (q?: string) => request<ClientPage>('GET', `/clients${query({ q, limit: 100 })}`),

  getClient: (clientId: string) => request<Client>('GET', `/clients/${segment(clientId)}`),

  getClientCard: (clientId: string) =>
    request<ClientCard>('GET', `/clients/${segment(clientId)}/card`),

  getClientStatuses: () => request<ClientStatuses>('GET', '/client-statuses'),

  changeClientStatus: (clientId: string, status: string, comment?: string) =>
    request<Client>('POST', `/clients/${segment(clientId)}/status`, {
      json: comment ? { status, comment } : { status },
    }),

  createActivity: (activity: NewActivity) =>
    request<Activity>('POST', '/activities', { json: activity }),

  listPipelines: () => request<PipelinePage>('GET', '/pipelines'),

  getBoard: (pipelineId: string) =>
    request<Board>('GET', `/pipelines/${segment(pipelineId)}/board`),

  moveDeal: (dealId: string, stageId: string) =>
    request<Deal>('POST', `/deals/${segment(dealId)}/stage`, { json: { stageId } }),

  loseDeal: (dealId: string, reason: string) =>
    request<Deal>('POST', `/deals/${segment(dealId)}/lose`, { json: { reason } }),
};
