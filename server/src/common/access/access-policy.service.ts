import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '#server/auth/auth-user';
import type { Role } from '#server/users/user.entity';
import { forbidden, notFound } from '../errors/common.errors';
import {
  allows,
  InstanceFacts,
  mayReadProcess,
  mayWatchTaskList,
  Owners,
  ProcessReaders,
  TaskFacts,
} from './access-rules';
import { callerTeamsSql, claimableSql, claimRoles, mayClaim } from './task-candidates';

/**
 * Who may see and change which records, in one place. Records belong to an owner
 * (clients, deals) or an assignee (activities, tasks):
 * - admins read and change everything;
 * - analysts read everything and change no CRM record;
 * - supervisors read and change the records of the teams they oversee (and their own);
 * - managers read and change their own records and their team's.
 * A user task belongs to its assignee; an unassigned (group) task to its client's owner, and one
 * for a candidate team also to the members and supervisors of that team. A process
 * instance, its tasks, its events and its live room are as visible as its client. One without a
 * client is visible only to whoever started it, the supervisors of the starter's team and admins
 * (analysts included, who otherwise read everything: such an instance belongs to no record they
 * could read); a task of it also to its assignee. Starting an instance on a client needs the right
 * to change that client (see ClientsService.lockForNewRecord), so analysts start instances only
 * without a client, to try what they deploy. The audit log follows the actor of each entry (see scopeAuditEntries).
 * A record the caller may not read is reported as not found (404), so its existence does not
 * leak; a record they may read but not change answers 403.
 *
 * Every method that reads the database takes the caller's transaction as `db` when it runs inside
 * one. Without it the read would wait for a second pool connection while the transaction holds
 * the first: under a burst, every connection is then held by a transaction waiting for another,
 * and the pool never frees one.
 */
@Injectable()
export class AccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Ids of the users whose records the caller may read, or 'all'. */
  async readableOwners(
    user: AuthUser,
    db = this.dataSource.manager,
    team = () => this.teamOwners(user, db),
  ): Promise<Owners> {
    if (user.roles.includes('admin') || user.roles.includes('analyst')) return 'all';
    return team();
  }

  /** Ids of the users whose records the caller may change, or 'all'. */
  async writableOwners(
    user: AuthUser,
    db = this.dataSource.manager,
    team = () => this.teamOwners(user, db),
  ): Promise<Owners> {
    if (user.roles.includes('admin')) return 'all';
    if (!user.roles.includes('manager') && !user.roles.includes('supervisor')) return [];
    return team();
  }

  /** Narrows a query to the rows the caller may read; `ownerColumn` like `client.owner_id`. */
  async scope<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    ownerColumn: string,
    db = this.dataSource.manager,
  ): Promise<SelectQueryBuilder<T>> {
    const owners = await this.readableOwners(user, db);
    if (owners === 'all') return query;
    return query.andWhere(`${ownerColumn} = ANY(:readableOwners)`, { readableOwners: owners });
  }

  /** 404 unless the caller may read a record of this owner. */
  async assertReadable(
    user: AuthUser,
    ownerId: string | null,
    what: string,
    id: string,
    db = this.dataSource.manager,
  ): Promise<void> {
    if (ownerId === user.id) return;
    if (!allows(await this.readableOwners(user, db), ownerId)) throw notFound(what, id);
  }

  /** 404 unless readable, then 403 unless the caller may change a record of this owner. */
  async assertWritable(
    user: AuthUser,
    ownerId: string | null,
    what: string,
    id: string,
    db = this.dataSource.manager,
  ): Promise<void> {
    if (ownerId === user.id) {
      if (!mayChangeOwnRecords(user)) throw forbidden(`You may not change ${what} ${id}`);
      return;
    }
    // The team's members decide both: read them once for the two checks.
    const team = lazy(() => this.teamOwners(user, db));
    if (!allows(await this.readableOwners(user, db, team), ownerId)) throw notFound(what, id);
    if (!allows(await this.writableOwners(user, db, team), ownerId)) {
      throw forbidden(`You may not change ${what} ${id}`);
    }
  }

  /** 403 unless the caller may own records for `ownerId` (create or reassign to them). */
  async assertMayAssign(
    user: AuthUser,
    ownerId: string,
    db = this.dataSource.manager,
  ): Promise<void> {
    const allowed =
      ownerId === user.id
        ? mayChangeOwnRecords(user)
        : allows(await this.writableOwners(user, db), ownerId);
    if (!allowed) {
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
    db = this.dataSource.manager,
  ): Promise<SelectQueryBuilder<T>> {
    const { owners, starters } = await this.processReaders(user, db);
    if (owners === 'all' && starters === 'all') return query;
    const task = taskAlias;
    // Whoever may claim a task of their team may see it, whoever owns its client.
    const claimableForTeam = `(${task}.candidate_team_id IS NOT NULL AND ${claimableSql(user, task, 'taskCaller')})`;
    const readableOwner = (column: string) =>
      owners === 'all' ? 'TRUE' : `${column} = ANY(:taskOwners)`;
    const readableStarter =
      starters === 'all'
        ? `TRUE`
        : `(${task}.assignee_id = :taskCaller OR EXISTS (SELECT 1 FROM process_instances started
             WHERE started.id = ${task}.instance_id AND started.started_by_id = ANY(:taskStarters)))`;
    return query.andWhere(
      `((${task}.client_id IS NOT NULL AND (${readableOwner(`${task}.assignee_id`)} OR (${task}.assignee_id IS NULL AND ${readableOwner(`${clientAlias}.owner_id`)})))
        OR (${task}.client_id IS NULL AND ${readableStarter})
        OR ${claimableForTeam})`,
      { taskOwners: owners, taskStarters: starters, taskCaller: user.id, ...claimRoles(user) },
    );
  }

  /**
   * Narrows a task query to the group tasks the caller may claim (`mayClaim` in SQL): unassigned,
   * of no candidate team or one they work in or oversee, of no candidate role or one they hold.
   * Which of those they may read is `scopeTasks`' to say.
   */
  scopeClaimableTasks<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    taskAlias: string,
  ): SelectQueryBuilder<T> {
    return query.andWhere(claimableSql(user, taskAlias, 'claimCaller'), {
      claimCaller: user.id,
      ...claimRoles(user),
    });
  }

  /** 404 unless the caller may read the task. */
  async assertMayReadTask(
    user: AuthUser,
    task: TaskFacts,
    db = this.dataSource.manager,
  ): Promise<void> {
    if (await this.mayClaimForTeam(user, task, db)) return;
    if (task.clientId === null) return this.assertMayReadClientlessTask(user, task, db);
    await this.assertReadable(user, await this.taskOwner(task, db), 'Task', task.id, db);
  }

  /** 404 unless readable, 403 unless the caller may work the task (claim, assign, complete). */
  async assertMayWorkTask(
    user: AuthUser,
    task: TaskFacts,
    db = this.dataSource.manager,
  ): Promise<void> {
    if (await this.mayClaimForTeam(user, task, db)) return;
    // Without a client there is no record to protect: whoever may see the task may work it.
    if (task.clientId === null) return this.assertMayReadClientlessTask(user, task, db);
    await this.assertWritable(user, await this.taskOwner(task, db), 'Task', task.id, db);
  }

  /**
   * 403 unless the caller may claim the task (`mayClaim`), naming the team or role they lack. An
   * unassigned group task is completed only by someone who could have claimed it, too.
   */
  async assertMayClaim(
    user: AuthUser,
    task: TaskFacts,
    action: 'claim' | 'complete' = 'claim',
    db = this.dataSource.manager,
  ): Promise<void> {
    if (action === 'complete' && task.assigneeId) return;
    const teams = task.candidateTeamId === null ? [] : await this.claimingTeams(user, db);
    if (mayClaim(user, task, teams)) return;
    if (task.candidateTeamId !== null && !teams.includes(task.candidateTeamId)) {
      const [team] = await db.query(`SELECT name FROM teams WHERE id = $1`, [task.candidateTeamId]);
      throw forbidden(`Only the team "${team?.name}" may ${action} this task`);
    }
    throw forbidden(`Only the role "${task.candidateRole}" may ${action} this task`);
  }

  /** Ids of the teams the caller works in or oversees: whose group tasks they may claim. */
  async claimingTeams(user: AuthUser, db = this.dataSource.manager): Promise<string[]> {
    const rows: { team_id: string }[] = await db.query(callerTeamsSql('$1'), [user.id]);
    return rows.map((row) => row.team_id);
  }

  /** Narrows an instance query to the instances the caller may read (`clientAlias` left-joined). */
  async scopeInstances<T extends object>(
    query: SelectQueryBuilder<T>,
    user: AuthUser,
    instanceAlias: string,
    clientAlias: string,
    db = this.dataSource.manager,
  ): Promise<SelectQueryBuilder<T>> {
    const { owners, starters } = await this.processReaders(user, db);
    if (owners === 'all' && starters === 'all') return query;
    const instance = instanceAlias;
    const readableOwner =
      owners === 'all' ? 'TRUE' : `${clientAlias}.owner_id = ANY(:instanceOwners)`;
    const readableStarter =
      starters === 'all' ? 'TRUE' : `${instance}.started_by_id = ANY(:instanceStarters)`;
    return query.andWhere(
      `((${instance}.client_id IS NOT NULL AND ${readableOwner}) OR (${instance}.client_id IS NULL AND ${readableStarter}))`,
      { instanceOwners: owners, instanceStarters: starters },
    );
  }

  /** 404 unless the caller may read the instance's client (without one: see the class comment). */
  async assertMayReadInstance(
    user: AuthUser,
    instance: InstanceFacts,
    db = this.dataSource.manager,
  ): Promise<void> {
    if (!instance.clientId) {
      if (!allows(await this.processStarters(user, db), instance.startedById)) {
        throw notFound('Process instance', instance.id);
      }
      return;
    }
    const ownerId =
      instance.clientOwnerId !== undefined
        ? instance.clientOwnerId
        : await this.clientOwner(instance.clientId, db);
    await this.assertReadable(user, ownerId, 'Process instance', instance.id, db);
  }

  /**
   * 404 unless readable, 403 unless the caller may change the instance's client. Without a
   * client, whoever may read it may change it (the endpoints also ask for INSTANCE_OPERATORS).
   */
  async assertMayChangeInstance(
    user: AuthUser,
    instance: InstanceFacts,
    db = this.dataSource.manager,
  ): Promise<void> {
    if (!instance.clientId) return this.assertMayReadInstance(user, instance, db);
    const ownerId = await this.clientOwner(instance.clientId, db);
    await this.assertWritable(user, ownerId, 'Process instance', instance.id, db);
  }

  /** Whose processes the caller may see: by client owner, and by starter for those without one. */
  async processReaders(user: AuthUser, db = this.dataSource.manager): Promise<ProcessReaders> {
    const owners = await this.readableOwners(user, db);
    return { owners, starters: await this.processStarters(user, db) };
  }

  /**
   * Whose instances without a client the caller may see: admins everyone's; supervisors their
   * own and those of the members of the teams they oversee; anyone else only their own.
   */
  async processStarters(user: AuthUser, db = this.dataSource.manager): Promise<Owners> {
    if (user.roles.includes('admin')) return 'all';
    if (!user.roles.includes('supervisor')) return [user.id];
    const rows: { id: string }[] = await db.query(
      `SELECT member.id FROM users member
        WHERE member.id = $1
           OR member.team_id IN (SELECT team_id FROM team_supervisors WHERE user_id = $1)`,
      [user.id],
    );
    return rows.map((row) => row.id);
  }

  /**
   * A message changes the instance it reaches: 404 unless the caller may read it, 403 unless
   * they may change its client. The caller's role is one of MESSAGE_SENDERS (checked first).
   */
  async assertMaySendMessage(user: AuthUser, instance: InstanceFacts): Promise<void> {
    await this.assertMayChangeInstance(user, instance);
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
    db = this.dataSource.manager,
  ): Promise<SelectQueryBuilder<T>> {
    const owners = await this.readableOwners(user, db);
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
   * readable colleague's, one's role's, or a team's one works in or oversees; a process
   * version's when it exists. `room` is a valid room name (see live-event.ts).
   */
  async mayWatch(user: AuthUser, room: string, db = this.dataSource.manager): Promise<boolean> {
    const [kind, scope, id] = room.split(':');
    const readers = await this.processReaders(user, db);
    if (kind === 'tasks' && scope === 'team') {
      return readers.owners === 'all' || (await this.claimingTeams(user, db)).includes(id);
    }
    if (kind === 'tasks') return mayWatchTaskList(user, readers.owners, scope, id);
    // Anyone may watch a version: each event reaches only those who may read its instance.
    if (kind === 'definition') {
      const sql = `SELECT 1 FROM process_definitions WHERE id::text = $1`;
      return (await db.query(sql, [scope])).length > 0;
    }
    const rows: {
      client_id: string | null;
      owner_id: string | null;
      started_by_id: string | null;
    }[] = await db.query(
      kind === 'instance'
        ? `SELECT i.client_id, c.owner_id, i.started_by_id FROM process_instances i
               LEFT JOIN clients c ON c.id = i.client_id AND c.deleted_at IS NULL
              WHERE i.id::text = $1`
        : `SELECT id AS client_id, owner_id, NULL AS started_by_id FROM clients
              WHERE id::text = $1 AND deleted_at IS NULL`,
      [scope],
    );
    const [row] = rows;
    if (!row) return false;
    return mayReadProcess(user, readers, {
      clientId: row.client_id,
      clientOwnerId: row.owner_id,
      startedById: row.started_by_id,
    });
  }

  /** An unassigned task the caller may claim for their team: they read and work it anywhere. */
  private async mayClaimForTeam(user: AuthUser, task: TaskFacts, db: EntityManager) {
    if (task.assigneeId !== null || task.candidateTeamId === null) return false;
    return mayClaim(user, task, await this.claimingTeams(user, db));
  }

  /** 404 unless the caller is the task's assignee or may see its instance (which has no client). */
  private async assertMayReadClientlessTask(
    user: AuthUser,
    task: TaskFacts,
    db: EntityManager,
  ): Promise<void> {
    if (task.assigneeId === user.id) return;
    const rows: { started_by_id: string | null }[] = await db.query(
      `SELECT started_by_id FROM process_instances WHERE id = $1`,
      [task.instanceId],
    );
    if (!allows(await this.processStarters(user, db), rows[0]?.started_by_id ?? null)) {
      throw notFound('Task', task.id);
    }
  }

  private async taskOwner(task: TaskFacts, db: EntityManager): Promise<string | null> {
    if (task.assigneeId) return task.assigneeId;
    if (!task.clientId) return null;
    if (task.clientOwnerId !== undefined) return task.clientOwnerId;
    return this.clientOwner(task.clientId, db);
  }

  /** A deleted client has no owner: its records are then readable only by those who read all. */
  private async clientOwner(clientId: string, db: EntityManager): Promise<string | null> {
    const rows: { owner_id: string | null }[] = await db.query(
      `SELECT owner_id FROM clients WHERE id = $1 AND deleted_at IS NULL`,
      [clientId],
    );
    return rows[0]?.owner_id ?? null;
  }

  /** The caller, their team mates (managers) and the members of teams they supervise. */
  private async teamOwners(user: AuthUser, db: EntityManager): Promise<string[]> {
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

const OWN_RECORD_CHANGERS: Role[] = ['admin', 'manager', 'supervisor'];

/**
 * Whether the caller may change records they own: `writableOwners` without its read, since the
 * team it reads always holds the caller (as `readableOwners`' does, so one's own records are
 * always readable).
 */
function mayChangeOwnRecords(user: AuthUser): boolean {
  return OWN_RECORD_CHANGERS.some((role) => user.roles.includes(role));
}

/** `read` run at most once, when first asked for. */
function lazy<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | null = null;
  return () => (result ??= read());
}
