import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import type { Role } from '../../users/user.entity';
import { forbidden, notFound } from '../errors/common.errors';

/** Ids of the users whose records someone may read (or change), or 'all'. */
export type Owners = 'all' | string[];

/** What the rules need to know of a user task. */
export interface TaskFacts {
  id: string;
  assigneeId: string | null;
  clientId: string | null;
  candidateRole: string | null;
}

/** What the rules need to know of a process instance. */
export interface InstanceFacts {
  id: string;
  clientId: string | null;
}

/**
 * Roles that may give a task to someone else, cancel an instance or change its variables. The
 * endpoints check them with @Roles before any record is read, so a refusal leaks no existence.
 */
export const TASK_ASSIGNERS: Role[] = ['supervisor', 'admin'];
export const INSTANCE_OPERATORS: Role[] = ['supervisor', 'admin'];

/**
 * Who may see and change which records, in one place. Records belong to an owner
 * (clients, deals) or an assignee (activities, tasks):
 * - admins read and change everything;
 * - analysts read everything and change no CRM record;
 * - supervisors read and change the records of the teams they oversee (and their own);
 * - managers read and change their own records and their team's.
 * A user task belongs to its assignee; an unassigned (group) task to its client's owner. A process
 * instance, its events and its live room are as visible as its client; one without a client is
 * visible to everyone. The audit log follows the actor of each entry (see scopeAuditEntries).
 * A record the caller may not read is reported as not found (404), so its existence does not
 * leak; a record they may read but not change answers 403.
 */
/**
 * Where the access queries run: the data source, or the caller's transaction when it holds one,
 * so a transaction never waits for a second pool connection (a burst of them would take the
 * whole pool and wait for each other forever).
 */
type Queryable = Pick<EntityManager, 'query'>;

@Injectable()
export class AccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Ids of the users whose records the caller may read, or 'all'. */
  async readableOwners(user: AuthUser, db: Queryable = this.dataSource): Promise<Owners> {
    if (user.roles.includes('admin') || user.roles.includes('analyst')) return 'all';
    return this.teamOwners(user, db);
  }

  /** Ids of the users whose records the caller may change, or 'all'. */
  async writableOwners(user: AuthUser, db: Queryable = this.dataSource): Promise<Owners> {
    if (user.roles.includes('admin')) return 'all';
    if (!user.roles.includes('manager') && !user.roles.includes('supervisor')) return [];
    return this.teamOwners(user, db);
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
    db: Queryable = this.dataSource,
  ): Promise<void> {
    if (!allows(await this.readableOwners(user, db), ownerId)) throw notFound(what, id);
  }

  /** 404 unless readable, then 403 unless the caller may change a record of this owner. */
  async assertWritable(
    user: AuthUser,
    ownerId: string | null,
    what: string,
    id: string,
    db: Queryable = this.dataSource,
  ): Promise<void> {
    await this.assertReadable(user, ownerId, what, id, db);
    if (!allows(await this.writableOwners(user, db), ownerId)) {
      throw forbidden(`You may not change ${what} ${id}`);
    }
  }

  /** 403 unless the caller may own records for `ownerId` (create or reassign to them). */
  async assertMayAssign(user: AuthUser, ownerId: string): Promise<void> {
    if (!allows(await this.writableOwners(user), ownerId)) {
      throw forbidden(`You may not give records to user ${ownerId}`);
    }
  }

  /**
   * Narrows a task query to the tasks the caller may read: assigned to a readable owner, or
   * unassigned on a readable client or on none. `clientAlias` is the client left-joined on the
   * task's client_id.
   */
  async scopeTasks<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    taskAlias: string,
    clientAlias: string,
  ): Promise<SelectQueryBuilder<T>> {
    const owners = await this.readableOwners(user);
    if (owners === 'all') return query;
    return query.andWhere(
      `(${taskAlias}.assignee_id = ANY(:owners) OR (${taskAlias}.assignee_id IS NULL AND (${taskAlias}.client_id IS NULL OR ${clientAlias}.owner_id = ANY(:owners))))`,
      { owners },
    );
  }

  /** 404 unless the caller may read the task. */
  async assertMayReadTask(user: AuthUser, task: TaskFacts): Promise<void> {
    await this.assertReadable(user, await this.taskOwner(task), 'Task', task.id);
  }

  /** 404 unless readable, 403 unless the caller may work the task (claim, assign, complete). */
  async assertMayWorkTask(user: AuthUser, task: TaskFacts): Promise<void> {
    await this.assertWritable(user, await this.taskOwner(task), 'Task', task.id);
  }

  /** 403 unless the caller belongs to the task's candidate role (or oversees work). */
  assertMayClaim(user: AuthUser, task: TaskFacts): void {
    if (!mayClaim(user, task)) {
      throw forbidden(`Only the role "${task.candidateRole}" may claim this task`);
    }
  }

  /** An unassigned group task is completed only by someone who could have claimed it. */
  assertMayComplete(user: AuthUser, task: TaskFacts): void {
    if (!task.assigneeId && task.candidateRole && !mayClaim(user, task)) {
      throw forbidden(`Only the role "${task.candidateRole}" may complete this task`);
    }
  }

  /** Narrows an instance query to the instances the caller may read (`clientAlias` left-joined). */
  async scopeInstances<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    instanceAlias: string,
    clientAlias: string,
  ): Promise<SelectQueryBuilder<T>> {
    const owners = await this.readableOwners(user);
    if (owners === 'all') return query;
    return query.andWhere(
      `(${instanceAlias}.client_id IS NULL OR ${clientAlias}.owner_id = ANY(:owners))`,
      { owners },
    );
  }

  /** 404 unless the caller may read the instance's client. */
  async assertMayReadInstance(user: AuthUser, instance: InstanceFacts): Promise<void> {
    if (!instance.clientId) return;
    const ownerId = await this.clientOwner(instance.clientId);
    await this.assertReadable(user, ownerId, 'Process instance', instance.id);
  }

  /** 404 unless readable, 403 unless the caller may change the instance's client. */
  async assertMayChangeInstance(user: AuthUser, instance: InstanceFacts): Promise<void> {
    if (!instance.clientId) return;
    const ownerId = await this.clientOwner(instance.clientId);
    await this.assertWritable(user, ownerId, 'Process instance', instance.id);
  }

  /**
   * Narrows an audit query to the entries the caller may see. Whoever may read every record
   * (admins) sees every entry. Anyone else (supervisors) sees the entries made by a person whose
   * records they may read, i.e. a member of their teams, and the entries made by process steps
   * running on clients they may read. Entries made by people outside their teams stay hidden even
   * when the record is one of theirs: the rule follows the actor, which keeps it one indexed
   * condition.
   */
  async scopeAuditEntries<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    entryAlias: string,
  ): Promise<SelectQueryBuilder<T>> {
    const owners = await this.readableOwners(user);
    if (owners === 'all') return query;
    return query.andWhere(
      new Brackets((visible) =>
        visible.where(`${entryAlias}.actor_user_id = ANY(:owners)`, { owners }).orWhere(
          `EXISTS (SELECT 1 FROM process_instances instance
                     JOIN clients client ON client.id = instance.client_id
                    WHERE instance.id = ${entryAlias}.actor_process_instance_id
                      AND client.owner_id = ANY(:owners))`,
          { owners },
        ),
      ),
    );
  }

  /**
   * The same rules as the REST API: an instance or client room is watchable when its client is
   * readable (a deleted client is not found, as there); a task list when it is one's own, a
   * readable colleague's, or one's role's. `room` is a valid room name (see live-event.ts).
   */
  async mayWatch(user: AuthUser, room: string): Promise<boolean> {
    const [kind, scope, id] = room.split(':');
    const owners = await this.readableOwners(user);
    if (kind === 'tasks') return mayWatchTaskList(user, owners, scope, id);
    const rows: { client_id: string | null; owner_id: string | null }[] =
      await this.dataSource.query(
        kind === 'instance'
          ? `SELECT i.client_id, c.owner_id FROM process_instances i
               LEFT JOIN clients c ON c.id = i.client_id AND c.deleted_at IS NULL
              WHERE i.id::text = $1`
          : `SELECT id AS client_id, owner_id FROM clients
              WHERE id::text = $1 AND deleted_at IS NULL`,
        [scope],
      );
    const [row] = rows;
    if (!row) return false;
    return mayReadProcess(owners, row.client_id, row.owner_id);
  }

  private async taskOwner(task: TaskFacts): Promise<string | null> {
    if (task.assigneeId) return task.assigneeId;
    if (!task.clientId) return null;
    return this.clientOwner(task.clientId);
  }

  /** A deleted client has no owner: its records are then readable only by those who read all. */
  private async clientOwner(clientId: string): Promise<string | null> {
    const rows: { owner_id: string | null }[] = await this.dataSource.query(
      `SELECT owner_id FROM clients WHERE id = $1 AND deleted_at IS NULL`,
      [clientId],
    );
    return rows[0]?.owner_id ?? null;
  }

  /** The caller, their team mates (managers) and the members of teams they supervise. */
  private async teamOwners(user: AuthUser, db: Queryable): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
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

/**
 * Whether someone who reads `owners` may see a process (an instance, its events) on this client:
 * always without a client, else when its owner is readable (null for a deleted client).
 */
export function mayReadProcess(
  owners: Owners,
  clientId: string | null,
  clientOwnerId: string | null,
): boolean {
  if (owners === 'all' || clientId === null) return true;
  return clientOwnerId !== null && owners.includes(clientOwnerId);
}

/**
 * SQL saying a process row is readable, with the readable owners in one parameter that is null
 * for 'all' (see `ownersParameter`): the SQL form of `mayReadProcess`.
 */
export function readableProcessSql(
  clientIdColumn: string,
  clientOwnerColumn: string,
  ownersParam: string,
): string {
  return `(${ownersParam}::uuid[] IS NULL OR ${clientIdColumn} IS NULL OR ${clientOwnerColumn} = ANY(${ownersParam}))`;
}

export function ownersParameter(owners: Owners): string[] | null {
  return owners === 'all' ? null : owners;
}

/** Admins and supervisors take any group task; others only one of a role they hold. */
export function mayClaim(user: AuthUser, task: Pick<TaskFacts, 'candidateRole'>): boolean {
  if (user.roles.includes('admin') || user.roles.includes('supervisor')) return true;
  return task.candidateRole === null || user.roles.some((role) => role === task.candidateRole);
}

/** `tasks:user:<id>` of a readable user, or `tasks:role:<role>` of one's role (any, supervising). */
export function mayWatchTaskList(
  user: AuthUser,
  owners: Owners,
  scope: string,
  id: string,
): boolean {
  if (owners === 'all') return true;
  if (scope === 'user') return owners.includes(id);
  return user.roles.includes('supervisor') || user.roles.some((role) => role === id);
}

function allows(owners: Owners, ownerId: string | null): boolean {
  return owners === 'all' || (ownerId !== null && owners.includes(ownerId));
}
