/**
 * Where a message meets the instance waiting for it, whichever comes first: one set of
 * functions for `POST /api/messages` and for the effect that opens a message wait (message
 * catch events, receive tasks, event-based gateways, boundary events), so both correlate alike.
 *
 * Both sides take `lockCorrelation` for the message name and key in their transaction: a
 * message published while an instance opens its wait is either found waiting by the publisher
 * or found buffered by the wait, never missed by both.
 */
import { EntityManager } from 'typeorm';
import type { Variables } from '#workflows/engine/types';

/** Serialises publishing and waiting for one message name and correlation key until the commit. */
export async function lockCorrelation(
  manager: EntityManager,
  messageName: string,
  correlationKey: string,
): Promise<void> {
  // The two-key form: a lock space of its own, apart from the one-key locks of deploys.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [
    messageName,
    correlationKey,
  ]);
}

export interface MessageRecord {
  messageName: string;
  correlationKey: string;
  messageId: string | null;
  variables: Variables;
  publishedById: string | null;
  timeToLiveMs: number;
}

/**
 * Stores a published message until it expires: `buffered` for the next instance that waits for
 * it, `delivered` only to refuse its id a second time while it lives.
 */
export async function recordMessage(
  manager: EntityManager,
  message: MessageRecord,
  status: 'buffered' | 'delivered',
): Promise<Date> {
  const { messageName, correlationKey, messageId } = message;
  if (messageId !== null) {
    // An expired message no longer holds its id.
    await manager.query(
      `DELETE FROM buffered_messages WHERE message_name = $1 AND correlation_key = $2
          AND message_id = $3 AND expires_at <= now()`,
      [messageName, correlationKey, messageId],
    );
  }
  const [row] = await manager.query(
    `INSERT INTO buffered_messages
       (message_name, correlation_key, message_id, variables, status, published_by_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::double precision / 1000))
     ON CONFLICT DO NOTHING
     RETURNING expires_at AS "expiresAt"`,
    [
      messageName,
      correlationKey,
      messageId,
      JSON.stringify(message.variables),
      status,
      message.publishedById,
      message.timeToLiveMs,
    ],
  );
  return row?.expiresAt ?? new Date();
}

/**
 * Stores a message a process instance published, in its batch's transaction, for the message
 * relay to deliver after the commit (`relay_pending`); its id is the effect's key, so a retried
 * batch publishes nothing twice. Until it expires, the next instance that waits for it may
 * receive it as it receives any buffered message.
 */
export async function recordPublishedMessage(
  manager: EntityManager,
  message: MessageRecord & { messageId: string },
): Promise<void> {
  await manager.query(
    `INSERT INTO buffered_messages
       (message_name, correlation_key, message_id, variables, status, expires_at, relay_pending)
     VALUES ($1, $2, $3, $4, 'buffered',
             now() + make_interval(secs => $5::double precision / 1000), true)
     ON CONFLICT DO NOTHING`,
    [
      message.messageName,
      message.correlationKey,
      message.messageId,
      JSON.stringify(message.variables),
      message.timeToLiveMs,
    ],
  );
}

/** Whether a message of this name, key and id was published and has not expired yet. */
export async function isStillPublished(
  manager: EntityManager,
  messageName: string,
  correlationKey: string,
  messageId: string,
): Promise<boolean> {
  const rows = await manager.query(
    `SELECT 1 FROM buffered_messages WHERE message_name = $1 AND correlation_key = $2
        AND message_id = $3 AND expires_at > now()`,
    [messageName, correlationKey, messageId],
  );
  return rows.length > 0;
}

/**
 * The buffered message a newly opened wait receives at once, if one of its name and key has
 * not expired: the oldest, consumed by this wait (once only). A retried batch gets the same
 * message again rather than a second one.
 */
export async function claimBufferedMessage(
  manager: EntityManager,
  wait: { messageName: string; correlationKey: string; waitKey: string },
  now: Date,
): Promise<Variables | null> {
  const [claimed] = await manager.query(
    `SELECT variables FROM buffered_messages WHERE wait_key = $1`,
    [wait.waitKey],
  );
  if (claimed) return claimed.variables;
  const [consumed] = await manager.query(
    `WITH next AS (
       SELECT id FROM buffered_messages
        WHERE message_name = $1 AND correlation_key = $2 AND status = 'buffered' AND expires_at > $4
        ORDER BY published_at, id LIMIT 1 FOR UPDATE
     ), consumed AS (
       UPDATE buffered_messages m
          SET status = 'consumed', wait_key = $3, consumed_at = $4, relay_pending = false
         FROM next WHERE m.id = next.id RETURNING m.variables
     )
     SELECT variables FROM consumed`,
    [wait.messageName, wait.correlationKey, wait.waitKey, now],
  );
  return consumed?.variables ?? null;
}
