/**
 * A live connection keeps only the rights its user has now: every subscribe re-checks the user,
 * a sweep takes rooms away when roles change and disconnects a deactivated user within seconds,
 * and a socket ends when its token expires.
 */
import { JwtService } from '@nestjs/jwt';
import type { Socket } from 'socket.io-client';
import { eventually, unique, useFlowcard } from '#test/harness/index';
import { loadConfig } from '../common/config';
import { User } from '../users/user.entity';

const { flowcard, as, ids, tokens, newUser, newClient } = useFlowcard({ worker: false });

/** What one socket hears: events by type and client, session ends, rooms taken away. */
function listen(socket: Socket) {
  const heard = {
    events: [] as { type: string; clientId: string | null }[],
    ended: [] as { code: string }[],
    unsubscribed: [] as { room: string; code: string }[],
    disconnectedAt: 0,
  };
  socket.on('event', (event) => heard.events.push(event));
  socket.on('session-ended', (end) => heard.ended.push(end));
  socket.on('unsubscribed', (room) => heard.unsubscribed.push(room));
  socket.on('disconnect', () => (heard.disconnectedAt = Date.now()));
  return heard;
}

const subscribe = (socket: Socket, room: string) => socket.emitWithAck('subscribe', { room });

it('re-checks the roles on every subscribe, and takes away rooms the new roles may not watch', async () => {
  const person = await newUser('admin', 'North');
  const southClient = await newClient('sara');
  const room = `client:${southClient.id}`;
  const socket = await flowcard.socket(person.token);
  const heard = listen(socket);
  expect(await subscribe(socket, room)).toMatchObject({ ok: true });
  // A second connection of the same user that sends nothing more: only the sweep can act on it.
  const idle = await flowcard.socket(person.token);
  const idleHeard = listen(idle);
  expect(await subscribe(idle, room)).toMatchObject({ ok: true });

  const demoted = await as('admin', 'PATCH', `/api/users/${person.id}`, { roles: ['manager'] });
  expect(demoted.status).toBe(200);
  // At once, without waiting for any sweep: a manager of North may not watch a South client.
  expect(await subscribe(socket, room)).toEqual({
    ok: false,
    code: 'FORBIDDEN',
    message: expect.any(String),
  });
  // The room joined as an admin is left (at that subscribe, or by the sweep within seconds), and
  // both sockets stay connected.
  expect(heard.unsubscribed).toEqual([{ room, code: 'FORBIDDEN' }]);
  await eventually(async () => idleHeard.unsubscribed.length > 0, 15_000);
  expect(idleHeard.unsubscribed).toEqual([{ room, code: 'FORBIDDEN' }]);
  expect([socket.connected, idle.connected]).toEqual([true, true]);

  // Nothing reaches it from that room any more, while South still hears its client.
  const south = await flowcard.socket(tokens.sara);
  const southHeard = listen(south);
  expect(await subscribe(south, room)).toMatchObject({ ok: true });
  expect(
    (await as('sara', 'PATCH', `/api/clients/${southClient.id}`, { name: unique('Relabelled') }))
      .status,
  ).toBe(200);
  await eventually(async () => southHeard.events.some((event) => event.type === 'client.updated'));
  for (const listened of [heard, idleHeard]) {
    expect(listened.events.filter((event) => event.clientId === southClient.id)).toEqual([]);
  }
});

it('disconnects a deactivated user within seconds', async () => {
  const person = await newUser('manager', 'North');
  const client = await newClient(person);
  const socket = await flowcard.socket(person.token);
  const heard = listen(socket);
  expect(await subscribe(socket, `client:${client.id}`)).toMatchObject({ ok: true });

  const deactivatedAt = Date.now();
  const deactivated = await as('admin', 'PATCH', `/api/users/${person.id}`, { active: false });
  expect(deactivated.status).toBe(200);
  await eventually(async () => heard.disconnectedAt > 0, 15_000);
  expect(heard.disconnectedAt - deactivatedAt).toBeLessThan(12_000);
  expect(heard.ended).toEqual([{ code: 'USER_DEACTIVATED', message: expect.any(String) }]);

  // It cannot come back, and nothing it could reach has changed.
  await expect(flowcard.socket(person.token)).rejects.toThrow(/UNAUTHORIZED/);
  const me = await flowcard.api(person.token, 'GET', '/api/me');
  expect([me.status, me.body.code]).toEqual([401, 'USER_DEACTIVATED']);
  const row = await flowcard.dataSource.getRepository(User).findOneByOrFail({ id: person.id });
  expect(row.active).toBe(false);
  const card = await as('manager', 'GET', `/api/clients/${client.id}`);
  expect([card.status, card.body.ownerId]).toEqual([200, person.id]);
});

it('disconnects a socket when its token expires', async () => {
  const jwt = new JwtService({ secret: loadConfig().jwtSecret });
  const token = await jwt.signAsync({ sub: ids.noah }, { expiresIn: 3 });
  const expiresAt = Date.now() + 3_000;
  const socket = await flowcard.socket(token);
  const heard = listen(socket);
  expect(await subscribe(socket, `tasks:user:${ids.noah}`)).toMatchObject({ ok: true });

  await eventually(async () => heard.disconnectedAt > 0, 10_000);
  // JWT expiry has one-second resolution: the token may end up to a second before our estimate.
  expect(heard.disconnectedAt).toBeGreaterThanOrEqual(expiresAt - 1_000);
  expect(heard.disconnectedAt).toBeLessThan(expiresAt + 2_000);
  expect(heard.ended).toEqual([{ code: 'UNAUTHORIZED', message: 'The token expired' }]);
  await expect(flowcard.socket(token)).rejects.toThrow(/UNAUTHORIZED/);
});
