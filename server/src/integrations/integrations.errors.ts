import { defineErrors, errorFactory } from '../common/errors/domain-exception';

/** Integration settings and the signed inbound hooks. */
export const INTEGRATION_ERRORS = defineErrors({
  HOOK_UNSIGNED: ['unauthorized', 'A hook request lacks the delivery, timestamp or signature'],
  HOOK_TIMESTAMP_INVALID: ['unauthorized', 'X-Flowcard-Timestamp is not unix seconds'],
  HOOK_TIMESTAMP_STALE: ['unauthorized', "X-Flowcard-Timestamp is too far from the server's clock"],
  HOOK_SIGNATURE_INVALID: ['unauthorized', 'X-Flowcard-Signature does not match the body'],
  HOOK_DISABLED: ['forbidden', 'The integration is not set up or is disabled'],
  HOOK_DELIVERY_INVALID: ['invalid', 'X-Flowcard-Delivery is longer than 200 characters'],
  HOOK_REPLAYED: ['conflict', 'A delivery with this id was already received'],
  INVALID_PHONE: ['invalid', 'The phone number of a call has no digits'],
});

export const integrationError = errorFactory(INTEGRATION_ERRORS);
