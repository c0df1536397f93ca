import type { AuthUser } from '#server/auth/auth-user';
import type { Role } from '#server/users/user.entity';

/*
 * The pure part of the access rules: the facts AccessPolicy decides on, the roles of the
 * endpoints' @Roles checks, and the decisions that need no database (also as SQL).
 */

/** Ids of the users whose records someone may read (or change), or 'all'. */
export type Owners = 'all' | string[];

/** What the rules need to know of a user task. */
export interface TaskFacts {
  id: string;
  instanceId: string;
  assigneeId: string | null;
  clientId: string | null;
  candidateRole: string | null;
  candidateTeamId: string | null;
  /** The client's owner when the caller read it already (null for a deleted client). */
  clientOwnerId?: string | null;
}

/** What the rules need to know of a process instance. */
export interface InstanceFacts {
  id: string;
  clientId: string | null;
  startedById: string | null;
  /** The client's owner when the caller read it already (null for a deleted client). */
  clientOwnerId?: string | null;
}

/**
 * Whose processes someone may see: `owners` for processes on a client (the client's owner
 * decides), `starters` for processes without one (who started it decides).
 */
export interface ProcessReaders {
  owners: Owners;
  starters: Owners;
}

/** What decides who may see a process, one of its events or tasks. */
export interface ProcessFacts {
  clientId: string | null;
  /** Null for a deleted client. */
  clientOwnerId: string | null;
  startedById: string | null;
  /** The assignee of a task (event), who always sees it. */
  assigneeId?: string | null;
}

/**
 * Roles that may give a task to someone else, cancel an instance or change its variables. The
 * endpoints check them with @Roles before any record is read, so a refusal leaks no existence.
 */
export const TASK_ASSIGNERS: Role[] = ['supervisor', 'admin'];
export const INSTANCE_OPERATORS: Role[] = ['supervisor', 'admin'];
/** Roles that draw, save and deploy processes (drafts are shared among them). */
export const PROCESS_MODELERS: Role[] = ['analyst', 'admin'];
/** Roles that may send a message to a waiting instance (`POST /api/messages`). */
export const MESSAGE_SENDERS: Role[] = ['manager', 'supervisor', 'admin'];

/**
 * Whether `user` (who reads `readers`) may see a process (an instance, its events, its tasks): on
 * a client when its owner is readable (null for a deleted client), without one when its starter
 * is, or when the user is the task's assignee.
 */
export function mayReadProcess(
  user: AuthUser,
  readers: ProcessReaders,
  process: ProcessFacts,
): boolean {
  if (process.clientId !== null) return allows(readers.owners, process.clientOwnerId);
  return (
    allows(readers.starters, process.startedById) ||
    (process.assigneeId !== undefined && process.assigneeId === user.id)
  );
}

/** The columns of a process row that `readableProcessSql` decides on. */
export interface ProcessColumns {
  clientId: string;
  clientOwner: string;
  startedBy: string;
  /** The assignee of a task event (text), or null where rows are no task events. */
  assignee: string;
}

/**
 * SQL saying a process row is readable: the SQL form of `mayReadProcess`. The parameters hold
 * the readable owners and starters (null for 'all', see `ownersParameter`) and the caller's id.
 */
export function readableProcessSql(
  columns: ProcessColumns,
  params: { owners: string; starters: string; caller: string },
): string {
  const { clientId, clientOwner, startedBy, assignee } = columns;
  return `((${clientId} IS NOT NULL AND (${params.owners}::uuid[] IS NULL OR ${clientOwner} = ANY(${params.owners})))
    OR (${clientId} IS NULL AND (${params.starters}::uuid[] IS NULL OR ${startedBy} = ANY(${params.starters}) OR ${assignee} = ${params.caller}::text)))`;
}

export function ownersParameter(owners: Owners): string[] | null {
  return owners === 'all' ? null : owners;
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

export function allows(owners: Owners, ownerId: string | null): boolean {
  return owners === 'all' || (ownerId !== null && owners.includes(ownerId));
}
