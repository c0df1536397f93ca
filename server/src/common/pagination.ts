import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { commonError } from './errors/common.errors';

/** Query parameters every list endpoint takes; extend it with the list's own filters. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Keyset pagination: orders by `sortColumn` then `idColumn` and continues after the last row
 * of the previous page, so pages stay stable while rows are added and cost the same at any depth.
 * `sortColumn` and `idColumn` are SQL expressions such as `client.name`; `sortKey` reads the
 * same value from a row. Timestamps are stored to the millisecond, so a JavaScript date in the
 * cursor matches the column exactly.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageQuery,
  keys: { sortColumn: string; idColumn: string; sortKey: (row: T) => unknown },
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const direction = (page.order ?? 'asc').toUpperCase() as 'ASC' | 'DESC';
  if (page.cursor) {
    const [sortValue, id] = decodeCursor(page.cursor);
    const comparison = direction === 'ASC' ? '>' : '<';
    query.andWhere(
      `(${keys.sortColumn}, ${keys.idColumn}) ${comparison} (:cursorSort, :cursorId)`,
      { cursorSort: sortValue, cursorId: id },
    );
  }
  // limit, not take: joins here never multiply rows, and take would switch TypeORM to a
  // two-query plan.
  const rows = await query
    .orderBy(keys.sortColumn, direction)
    .addOrderBy(keys.idColumn, direction)
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(keys.sortKey(last), last.id) : null,
  };
}

export function encodeCursor(sortValue: unknown, id: string): string {
  const value = sortValue instanceof Date ? sortValue.toISOString() : sortValue;
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [unknown, string] {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string') {
      return [decoded[0], decoded[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw commonError('INVALID_CURSOR', 'The cursor is not one this API gave out');
}
