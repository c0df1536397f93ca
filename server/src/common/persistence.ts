import {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
  QueryFailedError,
} from 'typeorm';
import { notFound } from './errors/common.errors';
import { DomainException } from './errors/domain-exception';

/**
 * The row with this id, or NOT_FOUND naming it `what`. `lock` holds it for the rest of the caller's
 * transaction: `pessimistic_write` before changing it, `pessimistic_read` to keep it (a client,
 * say) from being changed or deleted while something is added to it.
 */
export async function findOr404<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  what: string,
  id: string,
  lock?: 'pessimistic_read' | 'pessimistic_write',
): Promise<T> {
  const record = await manager.findOne(entity, {
    where: { id } as FindOptionsWhere<T>,
    ...(lock ? { lock: { mode: lock } } : {}),
  });
  if (!record) throw notFound(what, id);
  return record;
}

/** The name of the unique constraint a failed write broke, or null for any other failure. */
export function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23505' ? (driverError.constraint ?? 'unique') : null;
}

/**
 * Runs `work` in a transaction. When it breaks a unique constraint, a concurrent write took the
 * name or the flag first: that answers with `conflictFor(constraint)` (a conflict) instead of a 500.
 */
export async function transactionOr409<T>(
  dataSource: DataSource,
  conflictFor: (constraint: string) => DomainException,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint) throw conflictFor(constraint);
    throw error;
  }
}

/**
 * An entity from a row Postgres turned into JSON (`to_jsonb(alias)`, as an element of
 * `jsonb_agg`), hydrated as TypeORM's finders hydrate it: properties by the columns' database
 * names, timestamps as dates; columns not selected by default (`select: false`) left out. JSON
 * numbers lose digits past 2^53: the SQL sends bigint and numeric columns as text (pg's form).
 */
export function entityFromJson<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const driver = manager.connection.driver;
  const hydrated: Record<string, unknown> = {};
  for (const column of manager.connection.getMetadata(entity).columns) {
    if (!column.isSelect) continue;
    let value = row[column.databaseName] ?? null;
    if (value !== null && TIMESTAMP_TYPES.has(String(column.type))) {
      value = new Date(value as string);
    } else if (typeof value === 'number' && TEXT_NUMBER_TYPES.has(String(column.type))) {
      value = String(value);
    }
    hydrated[column.propertyName] = driver.prepareHydratedValue(value, column);
  }
  return hydrated as T;
}

/** Column types pg reads as dates, and JSON gives as ISO text. */
const TIMESTAMP_TYPES = new Set([
  'timestamptz',
  'timestamp',
  'timestamp with time zone',
  'timestamp without time zone',
]);

/** Column types pg reads as text, and JSON gives as numbers. */
const TEXT_NUMBER_TYPES = new Set(['bigint', 'int8', 'numeric', 'decimal']);
