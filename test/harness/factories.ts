/**
 * Records a test needs before it can check anything: users, clients, deals, activities, running
 * instances and deployed diagrams. Each goes through the public REST API, as the web app and
 * integrators do, and fails loudly when the API refuses it: a factory that fails is a broken
 * setup, not the assertion under test.
 */
import { randomUUID } from 'node:crypto';
import { eventually, type DemoPerson, type Flowcard } from '#scripts/lib/in-process';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import type { ActivityView } from '#server/crm/activities/activities.service';
import type { CreateActivityDto } from '#server/crm/activities/activity.dto';
import type { ClientProfile } from '#server/crm/clients/clients.service';
import type { CreateClientDto } from '#server/crm/clients/client.dto';
import type { CreateDealDto } from '#server/crm/deals/deal.dto';
import type { DealView } from '#server/crm/deals/deals.service';
import type { DeployedDefinition } from '#server/processes/definitions/definitions.service';
import type { InstancesService } from '#server/processes/instances/instances.service';
import type { TaskView } from '#server/processes/tasks/tasks.service';
import type { TeamView } from '#server/teams/teams.service';
import type { Role } from '#server/users/user.entity';
import type { UserDetails } from '#server/users/users.service';

/** What a server type looks like once sent as JSON: dates become ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [Key in keyof T]: Json<T[Key]> }
      : T;

/**
 * Request fields by the DTO's names, values left open: a factory passes them on unchecked, so
 * a test can also send what the DTO would turn away or convert (an amount as a number).
 */
type Fields<Dto> = { [Key in keyof Dto]?: unknown };

export type ClientRecord = Json<ClientProfile>;
export type DealRecord = Json<DealView>;
export type ActivityRecord = Json<ActivityView>;
export type TaskRecord = Json<TaskView>;
export type DefinitionRecord = Json<DeployedDefinition>;
export type InstanceRecord = Json<Awaited<ReturnType<InstancesService['start']>>>;
export type UserRecord = Json<UserDetails> & { password: string; token: string };

/** Who calls the API: a demo user, or a user a test made with `newUser`. */
export type Caller = DemoPerson | UserRecord;

/** The password of every user `newUser` makes. */
export const TEST_PASSWORD = 'test password';

/** A name no other test (or earlier run) uses, so lists can be narrowed to one test's rows. */
export const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

export interface Factories {
  /** A user with one role, in a demo team ('North', 'South') or none, signed in. */
  newUser(role: Role, team?: string): Promise<UserRecord>;
  /** A company (unless `overrides` say otherwise) that `owner` creates and owns. */
  newClient(owner: Caller, overrides?: Fields<CreateClientDto>): Promise<ClientRecord>;
  /** A deal `owner` creates; titled 'A deal' unless the fields say otherwise. */
  newDeal(owner: Caller, fields: Fields<CreateDealDto> & { clientId: string }): Promise<DealRecord>;
  /** An activity `owner` creates; its subject is 'Something' unless the fields say otherwise. */
  newActivity(
    owner: Caller,
    fields: Fields<CreateActivityDto> & { clientId: string },
  ): Promise<ActivityRecord>;
  /**
   * The latest version of `definitionKey` started by `by` on the client, once its first user
   * task is open (which needs the Temporal worker).
   */
  startInstance(
    definitionKey: string,
    client: string | { id: string },
    variables?: Record<string, unknown>,
    by?: Caller,
  ): Promise<{ instance: InstanceRecord; task: TaskRecord }>;
  /**
   * Deploys a BPMN diagram as `by` (an analyst unless told): a new version (201), or the latest
   * one when the diagram is identical to it (200); `created` says which.
   */
  deploy(xml: string, by?: Caller): Promise<DefinitionRecord>;
  /** The audit entries of one entity, oldest first. */
  auditOf(entityType: string, entityId: string): Promise<AuditEntry[]>;
}

export function factories(flowcard: Flowcard, tokens: Record<DemoPerson, string>): Factories {
  const tokenOf = (caller: Caller) => (typeof caller === 'string' ? tokens[caller] : caller.token);

  /** Calls the API and answers its body, or throws what it said when the status differs. */
  async function expectStatus<T>(
    status: number,
    caller: Caller | null,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    const token = caller === null ? null : tokenOf(caller);
    const response = await flowcard.api(token, method, path, body, contentType);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path} answered ${response.status}, not ${status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body as T;
  }

  async function teamId(name: string): Promise<string> {
    const teams = await expectStatus<{ items: Json<TeamView>[] }>(
      200,
      'admin',
      'GET',
      '/api/teams?limit=200',
    );
    const team = teams.items.find((candidate) => candidate.name === name);
    if (!team) throw new Error(`there is no team ${name}`);
    return team.id;
  }

  return {
    async newUser(role, team) {
      const email = `${role}-${randomUUID()}@test.example`;
      const user = await expectStatus<Json<UserDetails>>(201, 'admin', 'POST', '/api/users', {
        email,
        name: unique(`Test ${role}`),
        password: TEST_PASSWORD,
        roles: [role],
        teamId: team === undefined ? undefined : await teamId(team),
      });
      const signedIn = await expectStatus<{ accessToken: string }>(
        200,
        null,
        'POST',
        '/api/auth/login',
        { email, password: TEST_PASSWORD },
      );
      return { ...user, password: TEST_PASSWORD, token: signedIn.accessToken };
    },

    newClient: (owner, overrides = {}) =>
      expectStatus(201, owner, 'POST', '/api/clients', {
        kind: 'company',
        name: unique('Client'),
        ...overrides,
      }),

    newDeal: (owner, fields) =>
      expectStatus(201, owner, 'POST', '/api/deals', { title: 'A deal', ...fields }),

    newActivity: (owner, fields) =>
      expectStatus(201, owner, 'POST', '/api/activities', { subject: 'Something', ...fields }),

    async startInstance(definitionKey, client, variables, by = 'manager') {
      const instance = await expectStatus<InstanceRecord>(
        201,
        by,
        'POST',
        '/api/process-instances',
        {
          definitionKey,
          clientId: typeof client === 'string' ? client : client.id,
          variables,
        },
      );
      const task = await eventually(async () => {
        const tasks = await expectStatus<{ items: TaskRecord[] }>(
          200,
          by,
          'GET',
          `/api/tasks?instanceId=${instance.id}`,
        );
        return tasks.items[0];
      });
      return { instance, task };
    },

    async deploy(xml, by = 'analyst') {
      const path = '/api/process-definitions';
      const response = await flowcard.api(tokenOf(by), 'POST', path, xml, 'application/xml');
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(
          `POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      }
      return response.body as DefinitionRecord;
    },

    auditOf: (entityType, entityId) =>
      flowcard.dataSource.manager.find(AuditEntry, {
        where: { entityType, entityId },
        order: { id: 'ASC' },
      }),
  };
}
