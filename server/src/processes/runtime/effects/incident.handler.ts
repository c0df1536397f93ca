import { events } from '#server/events/catalogue';
import { Incident } from '#server/processes/incidents/incident.entity';
import type { EffectHandler } from './effect-batch';

/** Postgres text holds no NUL; an expression's error may quote data that does. */
const storable = (text: string) => text.replaceAll('\u0000', '\\u0000');

/** A step stopped: the incident row, the instance's status `incident` and `incident.created`. */
export const incidentRaisedHandler: EffectHandler<'incidentRaised'> = async (batch, effect) => {
  const inserted = await batch.manager
    .createQueryBuilder()
    .insert()
    .into(Incident)
    .values({
      key: effect.key,
      instanceId: batch.instance.id,
      elementId: effect.elementId,
      code: storable(effect.code),
      message: storable(effect.message),
      attempts: effect.attempts,
      createdAt: batch.now,
    })
    .orIgnore()
    .returning(['id'])
    .execute();
  const [row] = inserted.raw as { id: string }[];
  if (!row) return;
  await batch.updateInstance({ status: 'incident' });
  const { code, attempts } = effect;
  await batch.event(
    effect.key,
    events.incidentCreated({
      incidentId: row.id,
      code,
      message: storable(effect.message),
      attempts,
    }),
    effect.elementId,
  );
};

/** Retried or cancelled: the row resolved, `incident.resolved`, and a retried instance running. */
export const incidentResolvedHandler: EffectHandler<'incidentResolved'> = async (batch, effect) => {
  const incident = await batch.manager.findOneBy(Incident, { key: effect.incidentKey });
  if (!incident || incident.resolvedAt) return;
  await batch.manager.update(
    Incident,
    { id: incident.id },
    { resolvedAt: batch.now, resolvedById: effect.by, resolution: effect.resolution },
  );
  if (effect.resolution === 'retried') await batch.updateInstance({ status: 'running' });
  await batch.event(
    effect.key,
    events.incidentResolved({
      incidentId: incident.id,
      resolution: effect.resolution,
      by: effect.by,
    }),
    incident.elementId,
  );
};
