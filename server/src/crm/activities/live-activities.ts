import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { notFound } from '#server/common/errors/common.errors';
import { Client } from '../clients/client.entity';
import { Activity } from './activity.entity';

/**
 * Activities whose client was not deleted: an activity of a deleted client is not found, not
 * changed and left out of every list and the calendar. TypeORM adds `client.deleted_at IS NULL`
 * to a join of an entity with a delete-date column; the join goes by the clients' primary key.
 */
export function liveActivities(manager: EntityManager): SelectQueryBuilder<Activity> {
  return manager
    .createQueryBuilder(Activity, 'activity')
    .innerJoin(Client, 'client', 'client.id = activity.client_id');
}

/**
 * Whose records an activity counts among, in a `liveActivities` query: its assignee, or, when
 * it has none, its client's owner (a process step leaves the assignee empty only when the
 * client has no owner either).
 */
export const ACTIVITY_OWNER_SQL = 'COALESCE(activity.assignee_id, client.owner_id)';

/**
 * The activity and whose records it counts among, or 404 when there is none or its client was
 * deleted; `lock` holds the activity row.
 */
export async function findLiveActivity(
  manager: EntityManager,
  id: string,
  lock?: 'pessimistic_write',
): Promise<{ activity: Activity; ownerId: string | null }> {
  const query = liveActivities(manager)
    .addSelect(ACTIVITY_OWNER_SQL, 'record_owner_id')
    .where('activity.id = :id', { id });
  if (lock) query.setLock(lock, undefined, ['activity']);
  const { entities, raw } = await query.getRawAndEntities<{ record_owner_id: string | null }>();
  if (!entities.length) throw notFound('Activity', id);
  return { activity: entities[0], ownerId: raw[0].record_owner_id };
}
