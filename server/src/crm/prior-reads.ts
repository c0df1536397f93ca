import type { Client } from './clients/client.entity';

/**
 * What the caller of a CRM operation already read in its transaction, which the operation then
 * does not read again: a process step's batch reads its client and checks its effect keys once
 * for all its effects.
 */
export interface PriorReads {
  /** The client the operation acts on, locked until the commit at least as the operation locks it. */
  lockedClient?: Client;
  /** No row holds the operation's idempotency key yet. */
  keyIsNew?: boolean;
}
