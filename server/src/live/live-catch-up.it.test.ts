/**
 * Catching up after a reconnect: a screen that has seen no event yet takes the newest id from
 * `head`, and a new connection subscribing after it hears every event it missed, once, in order.
 */
import type { Socket } from 'socket.io-client';
import { eventually, useFlowcard } from '#test/harness/index';

const { flowcard, tokens, newClient, newActivity } = useFlowcard({ worker: false });

function heard(socket: Socket) {
  const events: { id: string; type: string; payload: { activityId?: string } }[] = [];
  socket.on('event', (event) => events.push(event));
  return events;
}

it('replays what a screen missed while offline, after the head it took', async () => {
  const client = await newClient('manager');
  const room = `client:${client.id}`;
  const before = await flowcard.socket(tokens.manager);
  const live = heard(before);
  expect(await before.emitWithAck('subscribe', { room })).toMatchObject({ ok: true });
  const { lastEventId: head } = await before.emitWithAck('head');
  expect(head).toMatch(/^\d+$/);

  const seen = await newActivity('manager', { clientId: client.id, kind: 'note', body: 'one' });
  // A note is created done: activity.created and activity.completed.
  await eventually(async () => live.length === 2);
  before.disconnect();
  const missed = await newActivity('manager', { clientId: client.id, kind: 'note', body: 'two' });

  const after = await flowcard.socket(tokens.manager);
  const replayed = heard(after);
  expect(await after.emitWithAck('subscribe', { room, afterId: live[1].id })).toMatchObject({
    ok: true,
  });
  expect(live.map((event) => [event.type, event.payload.activityId])).toEqual([
    ['activity.created', seen.id],
    ['activity.completed', seen.id],
  ]);
  expect(replayed.map((event) => [event.type, event.payload.activityId])).toEqual([
    ['activity.created', missed.id],
    ['activity.completed', missed.id],
  ]);

  // Subscribing after the head replays both, and nothing from before it.
  const fresh = await flowcard.socket(tokens.manager);
  const all = heard(fresh);
  await fresh.emitWithAck('subscribe', { room, afterId: head });
  expect(all.map((event) => event.id)).toEqual([...live, ...replayed].map((event) => event.id));
  const { lastEventId: now } = await fresh.emitWithAck('head');
  expect(BigInt(now)).toBeGreaterThanOrEqual(BigInt(replayed[1].id));
});
