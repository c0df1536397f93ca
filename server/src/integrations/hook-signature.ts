import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DomainException } from '../common/errors/domain-exception';
import { integrationError } from './integrations.errors';

/** How far a request's timestamp may be from our clock; older requests are refused as replays. */
export const HOOK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export const HOOK_HEADERS = {
  delivery: 'x-flowcard-delivery',
  timestamp: 'x-flowcard-timestamp',
  signature: 'x-flowcard-signature',
} as const;

/** Why a request is refused, or null when it is signed well. */
export type HookRefusal = DomainException | null;

/**
 * `sha256=<hex of HMAC-SHA256(secret, timestamp + "." + deliveryId + "." + rawBody)>`: what a
 * sender puts in the header. The delivery id is signed so that a captured request cannot be sent
 * again under a new id (the id is what refuses replays).
 */
export function hookSignature(
  secret: string,
  timestamp: string,
  deliveryId: string,
  rawBody: Buffer | string,
): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.${deliveryId}.`);
  hmac.update(rawBody);
  return `sha256=${hmac.digest('hex')}`;
}

/** The headers of a new delivery of the JSON `rawBody`, signed now, as a sender sends them. */
export function signedHookHeaders(secret: string, rawBody: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const deliveryId = randomUUID();
  return {
    'content-type': 'application/json',
    [HOOK_HEADERS.delivery]: deliveryId,
    [HOOK_HEADERS.timestamp]: timestamp,
    [HOOK_HEADERS.signature]: hookSignature(secret, timestamp, deliveryId, rawBody),
  };
}

export function checkHookTimestamp(timestamp: string, nowSeconds: number): HookRefusal {
  if (!/^\d{1,12}$/.test(timestamp)) {
    return integrationError('HOOK_TIMESTAMP_INVALID', 'X-Flowcard-Timestamp must be unix seconds');
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > HOOK_TIMESTAMP_TOLERANCE_SECONDS) {
    return integrationError(
      'HOOK_TIMESTAMP_STALE',
      `X-Flowcard-Timestamp is more than ${HOOK_TIMESTAMP_TOLERANCE_SECONDS} seconds away from the server's clock`,
    );
  }
  return null;
}

export function checkHookSignature(
  secret: string,
  timestamp: string,
  deliveryId: string,
  rawBody: Buffer,
  signature: string,
): HookRefusal {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  const expected = hookSignature(secret, timestamp, deliveryId, rawBody).slice('sha256='.length);
  // Both sides are 32 bytes here, as timingSafeEqual needs; only a malformed header is shorter.
  if (!given || !timingSafeEqual(Buffer.from(given[1], 'hex'), Buffer.from(expected, 'hex'))) {
    return integrationError(
      'HOOK_SIGNATURE_INVALID',
      'X-Flowcard-Signature does not match the timestamp, delivery id and body signed with the integration secret',
    );
  }
  return null;
}
