import { EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

interface Deferred {
  /** The transaction's time (`now()`) as its rows store it. */
  now: Date;
  rows: Map<EntityTarget<ObjectLiteral>, QueryDeepPartialEntity<ObjectLiteral>[]>;
}

/** The inserts of the transactions that defer theirs, by query runner. */
const deferred = new WeakMap<QueryRunner, Deferred>();

/**
 * Makes `insertRows` in the transaction of `manager` queue its rows until `writeDeferredInserts`
 * writes them with one INSERT per table, in the order each table was first queued: a process
 * step's batch creates several activities and audit entries. `now` is the transaction's time
 * as its rows store it (`now()::timestamptz(3)`). A queued row is not visible to the
 * transaction's reads until it is written, and a constraint it breaks fails the transaction there.
 */
export function deferInserts(manager: EntityManager, now: Date): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('inserts can only be deferred inside a transaction');
  }
  deferred.set(manager.queryRunner, { now, rows: new Map() });
}

/**
 * The time of the transaction when it defers its inserts, or null when it does not: a row that
 * will be written later takes its generated values (an id, `now()`) from the caller.
 */
export function deferredInsertTime(manager: EntityManager): Date | null {
  const runner = manager.queryRunner;
  return (runner && deferred.get(runner)?.now) ?? null;
}

/** Inserts rows now in one statement, or queues them when the transaction defers its inserts. */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const queue = manager.queryRunner && deferred.get(manager.queryRunner);
  if (!queue) {
    await manager.insert(entity, rows);
    return;
  }
  const table = entity as EntityTarget<ObjectLiteral>;
  const queued = queue.rows.get(table);
  if (queued) queued.push(...rows);
  else queue.rows.set(table, [...rows]);
}

/** Writes what `deferInserts` queued in this transaction, and stops deferring. */
export async function writeDeferredInserts(manager: EntityManager): Promise<void> {
  const runner = manager.queryRunner;
  const queue = runner && deferred.get(runner);
  if (!runner || !queue) return;
  deferred.delete(runner);
  for (const [entity, rows] of queue.rows) await manager.insert(entity, rows);
}
