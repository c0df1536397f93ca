import type { AuthUser } from '../auth/auth-user';

/** How long an API process trusts the user it read for a bearer token, in milliseconds. */
export function authRecheckMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FLOWCARD_AUTH_RECHECK_MS;
  if (raw === undefined || raw === '') return 2000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error('FLOWCARD_AUTH_RECHECK_MS must be a whole number of milliseconds (0: always)');
  }
  return value;
}

/** Past this many remembered users, the expired ones are dropped. */
const PRUNE_AT = 10_000;

/**
 * The active users behind recent requests, each remembered for `ttlMs` after it was read, so a
 * client polling the API does not cost a user lookup per request. A deactivation or a role
 * change made through this process takes effect at once (`forget`, after its commit); one made
 * through another API process within `ttlMs`. A user not found or inactive is never remembered.
 *
 * A read that began before a `forget` is not remembered: it may have seen the user as they were
 * before the change.
 */
export class SignedInUsers {
  private readonly users = new Map<string, { user: AuthUser; readAt: number }>();
  private generation = 0;

  constructor(
    private readonly read: (id: string) => Promise<AuthUser | null>,
    private readonly ttlMs: number,
    // Monotonic: a wall clock stepped back would keep an entry fresh for as long as the step.
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The active user with this id, or null. */
  async active(id: string): Promise<AuthUser | null> {
    const known = this.users.get(id);
    if (known && this.now() - known.readAt < this.ttlMs) return known.user;
    const generation = this.generation;
    const readAt = this.now();
    const user = await this.read(id);
    if (!user) {
      this.users.delete(id);
      return null;
    }
    if (this.ttlMs > 0 && generation === this.generation) this.remember(id, user, readAt);
    return user;
  }

  /** The user changed: the next request reads them again. */
  forget(id: string): void {
    this.generation++;
    this.users.delete(id);
  }

  private remember(id: string, user: AuthUser, readAt: number): void {
    if (this.users.size >= PRUNE_AT) {
      for (const [key, entry] of this.users) {
        if (this.now() - entry.readAt >= this.ttlMs) this.users.delete(key);
      }
    }
    this.users.set(id, { user, readAt });
  }
}
