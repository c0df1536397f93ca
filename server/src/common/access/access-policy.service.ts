import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ApiError } from '../api-error';

/**
 * Who may see and change which CRM records, in one place. Records belong to an owner
 * (clients, deals) or an assignee (activities, tasks):
 * - admins read and change everything;
 * - analysts read everything and change no CRM record;
 * - supervisors read and change the records of the teams they oversee (and their own);
 * - managers read and change their own records and their team's.
 * A record the caller may not read is reported as not found (404), so its existence does not
 * leak; a record they may read but not change answers 403.
 */
@Injectable()
export class AccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Ids of the users whose records the caller may read, or 'all'. */
  async readableOwners(user: AuthUser): Promise<'all' | string[]> {
    if (user.roles.includes('admin') || user.roles.includes('analyst')) return 'all';
    return this.teamOwners(user);
  }

  /** Ids of the users whose records the caller may change, or 'all'. */
  async writableOwners(user: AuthUser): Promise<'all' | string[]> {
    if (user.roles.includes('admin')) return 'all';
    if (!user.roles.includes('manager') && !user.roles.includes('supervisor')) return [];
    return this.teamOwners(user);
  }

  /** Narrows a query to the rows the caller may read; `ownerColumn` like `client.owner_id`. */
  async scope<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    ownerColumn: string,
  ): Promise<SelectQueryBuilder<T>> {
    const owners = await this.readableOwners(user);
    if (owners === 'all') return query;
    return query.andWhere(`${ownerColumn} = ANY(:readableOwners)`, { readableOwners: owners });
  }

  /** 404 unless the caller may read a record of this owner. */
  async assertReadable(
    user: AuthUser,
    ownerId: string | null,
    what: string,
    id: string,
  ): Promise<void> {
    if (!allows(await this.readableOwners(user), ownerId)) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} ${id} was not found`);
    }
  }

  /** 404 unless readable, then 403 unless the caller may change a record of this owner. */
  async assertWritable(
    user: AuthUser,
    ownerId: string | null,
    what: string,
    id: string,
  ): Promise<void> {
    await this.assertReadable(user, ownerId, what, id);
    if (!allows(await this.writableOwners(user), ownerId)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', `You may not change ${what} ${id}`);
    }
  }

  /** 403 unless the caller may own records for `ownerId` (create or reassign to them). */
  async assertMayAssign(user: AuthUser, ownerId: string): Promise<void> {
    if (!allows(await this.writableOwners(user), ownerId)) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN',
        `You may not give records to user ${ownerId}`,
      );
    }
  }

  /** The caller, their team mates (managers) and the members of teams they supervise. */
  private async teamOwners(user: AuthUser): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT member.id
         FROM users member
        WHERE member.id = $1
           OR member.team_id = (SELECT team_id FROM users WHERE id = $1)
           OR member.team_id IN (SELECT team_id FROM team_supervisors WHERE user_id = $1)`,
      [user.id],
    );
    return rows.map((row) => row.id);
  }
}

function allows(owners: 'all' | string[], ownerId: string | null): boolean {
  return owners === 'all' || (ownerId !== null && owners.includes(ownerId));
}
