import { EntityManager } from 'typeorm';
import { Client } from '../crm/clients/client.entity';
import { uniqueViolation } from '../common/persistence';
import { HOOK_TIMESTAMP_TOLERANCE_SECONDS } from './hook-signature';
import type { SignedDelivery } from './hook-signature.guard';
import { Integration, IntegrationKey } from './integration.entity';
import { integrationError } from './integrations.errors';

/**
 * Records the delivery id in the transaction that carries out the request: a replay is refused
 * (409), and a request that failed leaves no record, so the sender may retry it. Ids older than
 * twice the timestamp tolerance are dropped on the way: a replay of those is refused as stale,
 * since the signature covers the timestamp.
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
    await manager.query(
      `DELETE FROM hook_deliveries
        WHERE integration_key = $1 AND received_at < now() - make_interval(secs => $2)`,
      [delivery.integrationKey, 2 * HOOK_TIMESTAMP_TOLERANCE_SECONDS],
    );
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    throw integrationError('HOOK_REPLAYED', `Delivery ${delivery.deliveryId} was already received`);
  }
}

/** Advisory-lock class of the hooks (the two-key form does not meet one-key locks). */
const HOOK_LOCK_CLASS = 7401;

/**
 * One writer at a time per key (an email, a phone number, a call id) until the transaction ends:
 * two requests about the same new email or number arriving together would otherwise both miss
 * the client and create it twice. Keys are taken in one order, so two requests never deadlock.
 */
export async function lockHookKeys(manager: EntityManager, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [HOOK_LOCK_CLASS, key]);
  }
}

export async function defaultOwnerOf(
  manager: EntityManager,
  key: IntegrationKey,
): Promise<string | null> {
  const integration = await manager.findOneBy(Integration, { key });
  return integration?.defaultOwnerId ?? null;
}

/**
 * The oldest client that was not deleted with this email (case-insensitive) or, failing that,
 * this phone number (compared as digits). Both lookups use the GIN indexes of migration
 * 1763940000000. `forUpdate` locks the client for the rest of the transaction.
 */
export async function findClientByContact(
  manager: EntityManager,
  contact: { email?: string | null; phoneDigits?: string | null },
  forUpdate = false,
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
  if (!rows.length) return null;
  // Deleted in the meantime, the client is not found, as if the query had run a moment later.
  return manager.findOne(Client, {
    where: { id: rows[0].id },
    ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}
