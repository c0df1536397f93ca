import type { AuthUser } from '../auth/auth-user';
import { authRecheckMs, SignedInUsers } from './signed-in-users';

const sara: AuthUser = { id: 'sara', email: 'sara@demo.local', roles: ['manager'] };

/** A users table the test changes behind the cache's back, as another API process would. */
function table() {
  const rows = new Map<string, AuthUser>([['sara', sara]]);
  let reads = 0;
  return {
    rows,
    reads: () => reads,
    read: async (id: string) => {
      reads++;
      return rows.get(id) ?? null;
    },
  };
}

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

it('reads a user once per period, and sees a change made elsewhere once the period is over', async () => {
  const users = table();
  const time = clock();
  const cache = new SignedInUsers(users.read, 2000, time.now);
  expect(await cache.active('sara')).toEqual(sara);
  time.advance(1999);
  expect(await cache.active('sara')).toEqual(sara);
  expect(users.reads()).toBe(1);

  users.rows.set('sara', { ...sara, roles: ['analyst'] });
  time.advance(1);
  expect(await cache.active('sara')).toEqual({ ...sara, roles: ['analyst'] });
  users.rows.delete('sara');
  time.advance(2000);
  expect(await cache.active('sara')).toBeNull();
  expect(users.reads()).toBe(3);
});

it('reads a user again at once after forget, and never remembers one not found', async () => {
  const users = table();
  const cache = new SignedInUsers(users.read, 60_000, clock().now);
  await cache.active('sara');
  users.rows.delete('sara');
  cache.forget('sara');
  expect(await cache.active('sara')).toBeNull();
  users.rows.set('sara', sara);
  expect(await cache.active('sara')).toEqual(sara);
  expect(users.reads()).toBe(3);
});

it('does not remember a read that began before a forget', async () => {
  const users = table();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slowRead = async (id: string) => {
    const before = await users.read(id);
    await gate;
    return before;
  };
  const cache = new SignedInUsers(slowRead, 60_000, clock().now);
  const reading = cache.active('sara');
  // The change commits while the read is in flight; its forget comes after the commit.
  users.rows.delete('sara');
  cache.forget('sara');
  release();
  expect(await reading).toEqual(sara);
  expect(await cache.active('sara')).toBeNull();
  expect(users.reads()).toBe(2);
});

it('with a period of 0 reads the user on every call', async () => {
  const users = table();
  const cache = new SignedInUsers(users.read, 0, clock().now);
  await cache.active('sara');
  await cache.active('sara');
  expect(users.reads()).toBe(2);
});

it('reads FLOWCARD_AUTH_RECHECK_MS, 2 s unless set, and refuses what is not milliseconds', () => {
  expect(authRecheckMs({})).toBe(2000);
  expect(authRecheckMs({ FLOWCARD_AUTH_RECHECK_MS: '0' })).toBe(0);
  expect(authRecheckMs({ FLOWCARD_AUTH_RECHECK_MS: '500' })).toBe(500);
  expect(() => authRecheckMs({ FLOWCARD_AUTH_RECHECK_MS: '1.5' })).toThrow(/milliseconds/);
  expect(() => authRecheckMs({ FLOWCARD_AUTH_RECHECK_MS: '-1' })).toThrow(/milliseconds/);
});
