/**
 * The changes of a client's state, each one function that validates the data, writes the rows,
 * the audit entry and the outbox event inside the caller's transaction. The API (after its
 * access checks), the hooks, the demo seed and process steps all call them, so a person and a
 * process step making the same change leave the same rows, audit entries and events, apart from
 * the actor.
 */
import { EntityManager, In } from 'typeorm';
import {
  AuditActor,
  auditEntriesJson,
  changedFields,
  insertAuditEntriesSql,
  recordAudit,
  saveAuditedBy,
} from '#server/audit/audit';
import { clientError } from './clients.errors';
import { findOr404 } from '#server/common/persistence';
import { events } from '#server/events/catalogue';
import { appendEvents } from '#server/live/outbox';
import { InstanceEvent } from '#server/processes/instances/instance-event.entity';
import { User } from '#server/users/user.entity';
import { Client, ClientKind } from './client.entity';
import { ClientStatusChange } from './client-status-change.entity';
import { assertClientStatusExists, assertClientStatusTransition } from './client-statuses.service';
import type { PriorReads } from '../prior-reads';

/** The first status of the lifecycle, which a new client has unless told otherwise. */
export const DEFAULT_CLIENT_STATUS = 'lead';

/** A client to create; an owner, when given, must be an active user. */
export type NewClient = Pick<Client, 'kind' | 'name'> &
  Partial<
    Pick<
      Client,
      'status' | 'companyId' | 'emails' | 'phones' | 'address' | 'source' | 'tags' | 'custom'
    >
  > & { ownerId: string | null };

/** Rows per statement, well below Postgres' limit of 65535 bind parameters. */
const CHUNK = 1000;

/** A client's owner as a client's profile shows them. */
export interface OwnerSummary {
  id: string;
  name: string;
  email: string;
}

/**
 * Inserts clients with their first status change, an audit entry and a `client.created` event
 * each. Refuses the whole batch when a status is unknown or an owner is not an active user.
 */
export async function createClients(
  manager: EntityManager,
  actor: AuditActor,
  drafts: NewClient[],
): Promise<Client[]> {
  return (await insertClients(manager, actor, drafts)).clients;
}

/** `createClients` for one client, with its owner as read by the check that they are active. */
export async function createClient(
  manager: EntityManager,
  actor: AuditActor,
  draft: NewClient,
): Promise<{ client: Client; owner: OwnerSummary | null }> {
  const {
    clients: [client],
    owners,
  } = await insertClients(manager, actor, [draft]);
  return { client, owner: client.ownerId === null ? null : (owners.get(client.ownerId) ?? null) };
}

async function insertClients(
  manager: EntityManager,
  actor: AuditActor,
  drafts: NewClient[],
): Promise<{ clients: Client[]; owners: Map<string, OwnerSummary> }> {
  const rows = drafts.map((draft) => ({
    ...draft,
    status: draft.status ?? DEFAULT_CLIENT_STATUS,
  }));
  const owners = await assertReferencesExist(
    manager,
    new Set(rows.flatMap((row) => (row.ownerId === null ? [] : [row.ownerId]))),
    new Set(rows.map((row) => row.status)),
  );
  for (const row of rows) {
    if (row.companyId) await assertCompanyLink(manager, row.kind, row.companyId);
  }
  const clients: Client[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = await manager.save(
      rows.slice(start, start + CHUNK).map((row) =>
        manager.create(Client, {
          kind: row.kind,
          name: row.name,
          status: row.status,
          companyId: row.companyId ?? null,
          emails: row.emails ?? [],
          phones: row.phones ?? [],
          address: row.address ?? null,
          source: row.source ?? null,
          tags: row.tags ?? [],
          custom: row.custom ?? {},
          ownerId: row.ownerId,
        }),
      ),
    );
    const by = madeBy(actor);
    // The first status changes and the audit entries in one statement.
    await manager.query(
      `WITH history AS (
         INSERT INTO client_status_changes
           (client_id, from_status, to_status, changed_by_id, process_instance_id, element_id)
         SELECT client_id, NULL, to_status, $3::uuid, $4::uuid, $5::text
           FROM unnest($1::uuid[], $2::text[]) AS created (client_id, to_status)
       )
       ${insertAuditEntriesSql('$6')}`,
      [
        chunk.map((client) => client.id),
        chunk.map((client) => client.status),
        by.changedById,
        by.processInstanceId,
        by.elementId,
        auditEntriesJson(
          chunk.map((client) => ({
            actor,
            entityType: 'client',
            entityId: client.id,
            action: 'create' as const,
            after: client,
          })),
        ),
      ],
    );
    clients.push(...chunk);
  }
  await appendEvents(
    manager,
    clients.map((client) => ({
      ...events.clientCreated({
        clientId: client.id,
        name: client.name,
        status: client.status,
        ownerId: client.ownerId,
      }),
      actor,
      clientId: client.id,
    })),
  );
  return { clients, owners };
}

export interface ClientStatusChangeRequest {
  clientId: string;
  status: string;
  /** Why a person made the change. */
  comment?: string | null;
  /** A process step's effect key: a retried step changes nothing twice. */
  idempotencyKey?: string;
  /**
   * What a move to the status the client already has does: `refuse` (the lifecycle has no move
   * from a status to itself; the API's rule) or `ignore` (a process step's rule: nothing to do).
   */
  sameStatus?: 'refuse' | 'ignore';
}

/**
 * Moves the client along the lifecycle, locking it until the commit: a `client_status_changes`
 * row, `clients.status`, an audit entry and a `client.status_changed` event. Returns the client
 * as it is now and whether this call changed it. 404 for a missing or deleted client, 400 for an
 * unknown status, 422 for a move the lifecycle does not list. `prior` spares reading again what
 * the caller read (its client locked FOR UPDATE).
 */
export async function changeClientStatus(
  manager: EntityManager,
  actor: AuditActor,
  request: ClientStatusChangeRequest,
  prior: PriorReads = {},
): Promise<{ client: Client; changed: boolean }> {
  const { clientId, status, idempotencyKey } = request;
  const client =
    prior.lockedClient?.id === clientId
      ? prior.lockedClient
      : await findOr404(manager, Client, 'Client', clientId, 'pessimistic_write');
  const alreadyDone =
    idempotencyKey !== undefined &&
    !prior.keyIsNew &&
    (await manager.existsBy(ClientStatusChange, { idempotencyKey }));
  if (alreadyDone || (client.status === status && request.sameStatus === 'ignore')) {
    return { client, changed: false };
  }
  await assertClientStatusTransition(manager, client.status, status);
  const comment = request.comment ?? null;
  await manager.insert(ClientStatusChange, {
    clientId,
    fromStatus: client.status,
    toStatus: status,
    comment,
    idempotencyKey: idempotencyKey ?? null,
    ...madeBy(actor),
  });
  const updated = await manager
    .createQueryBuilder()
    .update(Client)
    .set({ status })
    .where({ id: clientId })
    .returning('updated_at')
    .execute();
  const [{ updated_at: updatedAt }] = updated.raw as { updated_at: Date }[];
  await recordAudit(manager, [
    {
      actor,
      entityType: 'client',
      entityId: clientId,
      action: 'update',
      before: { status: client.status },
      after: { status, ...(comment ? { comment } : {}) },
    },
  ]);
  await appendEvents(manager, [
    {
      ...events.clientStatusChanged({ clientId, from: client.status, to: status }),
      actor,
      clientId,
      idempotencyKey,
    },
  ]);
  return { client: manager.create(Client, { ...client, status, updatedAt }), changed: true };
}

/** The fields of a client an update may change. */
export type ClientChanges = Partial<
  Pick<
    Client,
    | 'name'
    | 'companyId'
    | 'emails'
    | 'phones'
    | 'address'
    | 'source'
    | 'tags'
    | 'ownerId'
    | 'custom'
  >
>;

/**
 * Changes a client (locked until the commit) with an audit entry of the fields that differ and a
 * `client.updated` event naming them; nothing when nothing differs. A new owner must be an active
 * user, a company only a person's, and a company. With an idempotency key (a process step's
 * effect key) whose event is already written, changes nothing. `prior` spares reading again what
 * the caller read (its client locked FOR UPDATE).
 */
export async function updateClient(
  manager: EntityManager,
  actor: AuditActor,
  update: { clientId: string; changes: ClientChanges; idempotencyKey?: string },
  prior: PriorReads = {},
): Promise<Client> {
  const { clientId, changes, idempotencyKey } = update;
  const client =
    prior.lockedClient?.id === clientId
      ? prior.lockedClient
      : await findOr404(manager, Client, 'Client', clientId, 'pessimistic_write');
  if (
    idempotencyKey !== undefined &&
    !prior.keyIsNew &&
    (await manager.existsBy(InstanceEvent, { idempotencyKey }))
  ) {
    return client;
  }
  if (changes.ownerId && changes.ownerId !== client.ownerId) {
    await assertOwnerActive(manager, changes.ownerId);
  }
  if (changes.companyId) await assertCompanyLink(manager, client.kind, changes.companyId);
  const after = { ...client, ...changes };
  const fields = Object.keys(changedFields(client, after).after);
  if (fields.length === 0) return client;
  const saved = await saveAuditedBy(manager, actor, Client, 'client', client, after);
  await appendEvents(manager, [
    { ...events.clientUpdated({ clientId, fields }), actor, clientId, idempotencyKey },
  ]);
  return saved;
}

/** 400 unless only a person works for a company, and the company is one. */
async function assertCompanyLink(
  manager: EntityManager,
  kind: ClientKind,
  companyId: string,
): Promise<void> {
  if (kind !== 'person') {
    throw clientError('COMPANY_ONLY_FOR_PEOPLE', 'Only a person can belong to a company');
  }
  const company = await findOr404(manager, Client, 'Client', companyId);
  if (company.kind !== 'company') {
    throw clientError('NOT_A_COMPANY', `Client ${companyId} is a person, not a company`);
  }
}

/** 400 unless the user exists and is active: the rule for owning clients. */
async function assertOwnerActive(manager: EntityManager, ownerId: string): Promise<void> {
  await assertOwnersActive(manager, new Set([ownerId]));
}

/** The columns of a history row that say who made the change. */
function madeBy(actor: AuditActor) {
  return {
    changedById: 'userId' in actor ? actor.userId : null,
    processInstanceId: 'processInstanceId' in actor ? actor.processInstanceId : null,
    elementId: 'elementId' in actor ? actor.elementId : null,
  };
}

/**
 * 400 unless every owner is an active user and every status exists, in one round trip (an unknown
 * status is then read again to name the known ones). Returns the owners.
 */
async function assertReferencesExist(
  manager: EntityManager,
  ownerIds: Set<string>,
  statusKeys: Set<string>,
): Promise<Map<string, OwnerSummary>> {
  const [found]: { owners: OwnerSummary[]; statuses: string[] }[] = await manager.query(
    `SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'email', email)), '[]')
               FROM users WHERE id = ANY($1::uuid[]) AND active) AS owners,
            (SELECT coalesce(array_agg(key), '{}') FROM client_statuses WHERE key = ANY($2::text[]))
              AS statuses`,
    [[...ownerIds], [...statusKeys]],
  );
  const owners = new Map(found.owners.map((owner) => [owner.id, owner]));
  const missing = [...ownerIds].find((id) => !owners.has(id));
  if (missing !== undefined) throw unknownOwner(missing);
  const unknown = [...statusKeys].find((key) => !found.statuses.includes(key));
  if (unknown !== undefined) await assertClientStatusExists(manager, unknown);
  return owners;
}

async function assertOwnersActive(manager: EntityManager, ownerIds: Set<string>): Promise<void> {
  if (ownerIds.size === 0) return;
  const active = await manager.find(User, {
    where: { id: In([...ownerIds]), active: true },
    select: { id: true },
  });
  const missing = [...ownerIds].find((id) => !active.some((user) => user.id === id));
  if (missing === undefined) return;
  throw unknownOwner(missing);
}

function unknownOwner(id: string) {
  return clientError('UNKNOWN_OWNER', `There is no active user ${id} to own the client`);
}
