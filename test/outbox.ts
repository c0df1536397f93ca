/** Reads the event outbox the way tests compare it: one client's events, oldest first. */
import { DataSource } from 'typeorm';
import { InstanceEvent } from '#server/processes/instances/instance-event.entity';

export type OutboxRow = Pick<
  InstanceEvent,
  'type' | 'payload' | 'instanceId' | 'elementId' | 'clientId' | 'actorUserId' | 'actorIntegration'
>;

/** The id of the newest event: what `clientEvents` counts from. */
export async function lastEventId(dataSource: DataSource): Promise<string> {
  const [{ id }] = await dataSource.query(
    'SELECT coalesce(max(id), 0)::text AS id FROM instance_events',
  );
  return id;
}

/** The events of a client after `afterId`, oldest first. */
export async function clientEvents(
  dataSource: DataSource,
  clientId: string,
  afterId = '0',
): Promise<OutboxRow[]> {
  const events = await dataSource
    .getRepository(InstanceEvent)
    .createQueryBuilder('event')
    .where('event.client_id = :clientId AND event.id > :afterId', { clientId, afterId })
    .orderBy('event.id', 'ASC')
    .getMany();
  return events.map(
    ({ type, payload, instanceId, elementId, clientId, actorUserId, actorIntegration }) => ({
      type,
      payload,
      instanceId,
      elementId,
      clientId,
      actorUserId,
      actorIntegration,
    }),
  );
}
