import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { notFound } from '#server/common/errors/common.errors';
import { Client } from '../clients/client.entity';
import { Deal } from './deal.entity';

/**
 * Deals whose client was not deleted: a deal of a deleted client is not found, not changed and
 * left out of every list, count and sum. TypeORM adds `client.deleted_at IS NULL` to a join of
 * an entity with a delete-date column; the join goes by the clients' primary key.
 */
export function liveDeals(manager: EntityManager): SelectQueryBuilder<Deal> {
  return manager
    .createQueryBuilder(Deal, 'deal')
    .innerJoin(Client, 'client', 'client.id = deal.client_id');
}

/** The deal, or 404 when there is none or its client was deleted; `lock` holds the deal row. */
export async function findLiveDeal(
  manager: EntityManager,
  id: string,
  lock?: 'pessimistic_write',
): Promise<Deal> {
  const query = liveDeals(manager).where('deal.id = :id', { id });
  if (lock) query.setLock(lock, undefined, ['deal']);
  const deal = await query.getOne();
  if (!deal) throw notFound('Deal', id);
  return deal;
}
