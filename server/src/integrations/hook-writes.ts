import { HttpStatus } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditAction, AuditEntry } from '../audit/audit-entry.entity';
import { ApiError } from '../common/api-error';
import { Client } from '../crm/clients/client.entity';
import { ClientStatusChange } from '../crm/clients/client-status-change.entity';
import { uniqueViolation } from '../users/unique-violation';
import type { SignedDelivery } from './hook-signature.guard';
import { Integration, IntegrationKey } from './integration.entity';

/**
 * Records the delivery id in the transaction that carries out the request: a replay is refused
 * (409), and a request that failed leaves no record, so the sender may retry it.
 */
export async function acceptDelivery(
  manager: EntityManager,
  delivery: SignedDelivery,
): Promise<void> {
  try {
    await manager.query(
      `INSERT INTO hook_deliveries (integration_key, delivery_id) VALUES ($1, $2)`,
      [delivery.integrationKey, delivery.deliveryId],
    );
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    throw new ApiError(
      HttpStatus.CONFLICT,
      'HOOK_REPLAYED',
      `Delivery ${delivery.deliveryId} was already received`,
    );
  }
}

export interface IntegrationAuditRecord {
  entityType: string;
  entityId: string;
  action: AuditAction;
  before?: object | null;
  after: object;
}

/**
 * Audit entries for changes an integration made. No user acted, so the actor is empty and the
 * after-values name the integration.
 */
export async function recordIntegrationAudit(
  manager: EntityManager,
  integration: IntegrationKey,
  records: IntegrationAuditRecord[],
): Promise<void> {
  await manager.insert(
    AuditEntry,
    records.map((record) => ({
      actorUserId: null,
      actorProcessInstanceId: null,
      actorElementId: null,
      entityType: record.entityType,
      entityId: record.entityId,
      action: record.action,
      before: record.before ? plain(record.before) : null,
      after: { ...plain(record.after), integration },
    })) as QueryDeepPartialEntity<AuditEntry>[],
  );
}

export async function defaultOwnerOf(
  manager: EntityManager,
  key: IntegrationKey,
): Promise<string | null> {
  const integration = await manager.findOneBy(Integration, { key });
  return integration?.defaultOwnerId ?? null;
}

/**
 * The oldest live client with this email (case-insensitive) or, failing that, this phone number
 * (compared as digits). Both lookups use the GIN indexes of migration 1763940000000.
 */
export async function findClientByContact(
  manager: EntityManager,
  contact: { email?: string | null; phoneDigits?: string | null },
): Promise<Client | null> {
  const email = contact.email?.toLowerCase() || null;
  const digits = contact.phoneDigits || null;
  if (!email && !digits) return null;
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM clients
      WHERE deleted_at IS NULL
        AND (flowcard_lower_emails(emails) @> ARRAY[$1::text]
          OR flowcard_phone_digits(phones) @> ARRAY[$2::text])
      ORDER BY flowcard_lower_emails(emails) @> ARRAY[$1::text] DESC, created_at, id
      LIMIT 1`,
    [email, digits],
  );
  return rows.length ? manager.findOneBy(Client, { id: rows[0].id }) : null;
}

/** A new person client with status lead, its first status change and its audit entry. */
export async function createLeadClient(
  manager: EntityManager,
  integration: IntegrationKey,
  fields: Pick<
    Client,
    'name' | 'emails' | 'phones' | 'source' | 'ownerId' | 'companyId' | 'custom'
  >,
): Promise<Client> {
  const client = await manager.save(
    manager.create(Client, { ...fields, kind: 'person', status: 'lead' }),
  );
  await manager.insert(ClientStatusChange, {
    clientId: client.id,
    fromStatus: null,
    toStatus: client.status,
    changedById: null,
  });
  await recordIntegrationAudit(manager, integration, [
    { entityType: 'client', entityId: client.id, action: 'create', after: client },
  ]);
  return client;
}

/** Plain JSON of an entity (dates as ISO strings), as the audit log stores it. */
function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value));
}
