import type { AuthUser } from '#server/auth/auth-user';
import type { Role } from '#server/users/user.entity';
import { toErrorBody } from '../error.filter';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from './access-policy.service';
import { mayReadProcess, mayWatchTaskList, readableProcessSql, TaskFacts } from './access-rules';
import { mayClaim } from './task-candidates';

const person = (...roles: Role[]): AuthUser => ({ id: 'u1', email: 'u1@demo.local', roles });
const groupTask = (
  candidateRole: string | null,
  candidateTeamId: string | null = null,
): TaskFacts => ({
  id: 't1',
  instanceId: 'i1',
  assigneeId: null,
  clientId: 'c1',
  candidateRole,
  candidateTeamId,
});

/**
 * The rules below need no database: they decide from the facts they are given, and read a
 * caller's teams only for a task of a candidate team (from the `db` a test passes).
 */
const noDatabase = {
  query: () => Promise.reject(new Error('this rule needs no database')),
};
const policy = new AccessPolicy({ manager: noDatabase } as never);

async function refusal(check: () => Promise<void>) {
  try {
    await check();
  } catch (error) {
    return toErrorBody(error);
  }
  return null;
}

describe('processes and their events', () => {
  const me = person('manager');
  const readers = { owners: ['u1', 'u2'], starters: ['u1'] };
  const onClient = (clientOwnerId: string | null) => ({
    clientId: 'c1',
    clientOwnerId,
    startedById: 'u9',
  });
  const withoutClient = (startedById: string | null, assigneeId?: string | null) => ({
    clientId: null,
    clientOwnerId: null,
    startedById,
    assigneeId,
  });

  it('on a client are visible when the client owner is readable', () => {
    expect(mayReadProcess(me, readers, onClient('u2'))).toBe(true);
    expect(mayReadProcess(me, readers, onClient('u3'))).toBe(false);
    // A deleted client has no owner: only those who read everything still see its process.
    expect(mayReadProcess(me, readers, onClient(null))).toBe(false);
    expect(mayReadProcess(me, { owners: 'all', starters: [] }, onClient(null))).toBe(true);
  });

  it('without a client are visible to readers of the starter, and to the assignee of a task', () => {
    expect(mayReadProcess(me, readers, withoutClient('u1'))).toBe(true);
    // u2's records are readable, but not the processes u2 started without a client.
    expect(mayReadProcess(me, readers, withoutClient('u2'))).toBe(false);
    expect(mayReadProcess(me, { owners: 'all', starters: ['u1'] }, withoutClient('u2'))).toBe(
      false,
    );
    expect(mayReadProcess(me, readers, withoutClient('u2', 'u1'))).toBe(true);
    expect(mayReadProcess(me, { owners: [], starters: 'all' }, withoutClient('u2'))).toBe(true);
  });

  it('have the same rule in SQL, with null standing for every owner or starter', () => {
    const sql = readableProcessSql(
      {
        clientId: 'e.client_id',
        clientOwner: 'c.owner_id',
        startedBy: 'i.started_by_id',
        assignee: 'a',
      },
      { owners: '$3', starters: '$4', caller: '$5' },
    );
    expect(sql.replace(/\s+/g, ' ')).toBe(
      '((e.client_id IS NOT NULL AND ($3::uuid[] IS NULL OR c.owner_id = ANY($3))) ' +
        'OR (e.client_id IS NULL AND ($4::uuid[] IS NULL OR i.started_by_id = ANY($4) OR a = $5::text)))',
    );
  });
});

describe('group tasks', () => {
  it.each([
    [['manager'], 'manager', true],
    [['manager'], 'analyst', false],
    [['analyst', 'manager'], 'analyst', true],
    [['supervisor'], 'manager', true],
    [['admin'], 'manager', true],
    [['manager'], null, true],
  ] as const)('%j may claim a task of role %s: %s', async (roles, candidateRole, allowed) => {
    expect(mayClaim(person(...roles), groupTask(candidateRole), [])).toBe(allowed);
    expect(
      await refusal(() => policy.assertMayClaim(person(...roles), groupTask(candidateRole))),
    ).toEqual(
      allowed
        ? null
        : {
            statusCode: 403,
            code: 'FORBIDDEN',
            message: `Only the role "${candidateRole}" may claim this task`,
            details: [],
          },
    );
  });

  it('are completed only by who could claim them; an assigned task needs no role', async () => {
    const complete = (user: AuthUser, task: TaskFacts) =>
      refusal(() => policy.assertMayClaim(user, task, 'complete'));
    expect(await complete(person('analyst'), groupTask('manager'))).toMatchObject({
      statusCode: 403,
      message: 'Only the role "manager" may complete this task',
    });
    expect(await complete(person('manager'), groupTask('manager'))).toBeNull();
    const assigned = { ...groupTask('manager'), assigneeId: 'u2' };
    expect(await complete(person('analyst'), assigned)).toBeNull();
  });

  it.each([
    [['manager'], ['north'], null, true],
    [['manager'], ['south'], null, false],
    [['manager'], [], null, false],
    [['manager'], ['north'], 'analyst', false],
    [['supervisor'], ['north', 'east'], 'manager', true],
    [['supervisor'], ['south'], null, false],
    [['admin'], [], 'manager', true],
  ] as const)(
    '%j of teams %j may claim a task of team north and role %s: %s',
    async (roles, teams, candidateRole, allowed) => {
      const task = groupTask(candidateRole, 'north');
      const user = person(...roles);
      expect(mayClaim(user, task, [...teams])).toBe(allowed);
      // The caller's teams, then the name of the team for the refusal.
      const db = {
        query: async (sql: string) =>
          sql.includes('FROM teams') ? [{ name: 'North' }] : teams.map((team_id) => ({ team_id })),
      } as unknown as EntityManager;
      const refused = await refusal(() => policy.assertMayClaim(user, task, 'claim', db));
      if (allowed) expect(refused).toBeNull();
      else {
        expect(refused).toMatchObject({
          statusCode: 403,
          code: 'FORBIDDEN',
          message: (teams as readonly string[]).includes('north')
            ? `Only the role "${candidateRole}" may claim this task`
            : 'Only the team "North" may claim this task',
        });
      }
    },
  );
});

describe('task list rooms', () => {
  it("are one's own, a readable colleague's, or a role's one holds (any role when supervising)", () => {
    const manager = person('manager');
    expect(mayWatchTaskList(manager, ['u1', 'u2'], 'user', 'u2')).toBe(true);
    expect(mayWatchTaskList(manager, ['u1', 'u2'], 'user', 'u3')).toBe(false);
    expect(mayWatchTaskList(manager, ['u1'], 'role', 'manager')).toBe(true);
    expect(mayWatchTaskList(manager, ['u1'], 'role', 'admin')).toBe(false);
    expect(mayWatchTaskList(person('supervisor'), ['u1'], 'role', 'manager')).toBe(true);
    expect(mayWatchTaskList(person('analyst'), 'all', 'user', 'u3')).toBe(true);
  });
});

describe("one's own records", () => {
  it('are readable by every role, and changed or given by managers, supervisors and admins, without a read', async () => {
    for (const role of ['admin', 'analyst', 'manager', 'supervisor'] as const) {
      const me = person(role);
      await expect(policy.assertReadable(me, me.id, 'Client', 'c1')).resolves.toBeUndefined();
      const mayChange = role !== 'analyst';
      expect(await refusal(() => policy.assertWritable(me, me.id, 'Client', 'c1'))).toEqual(
        mayChange ? null : expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      expect(await refusal(() => policy.assertMayAssign(me, me.id))).toEqual(
        mayChange ? null : expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    }
  });

  it("of someone else still need the caller's team, read from the database", async () => {
    await expect(policy.assertReadable(person('manager'), 'u2', 'Client', 'c1')).rejects.toThrow(
      'this rule needs no database',
    );
  });

  it('of a task use the client owner the caller read already', async () => {
    const me = person('manager');
    const task = { ...groupTask('manager'), clientOwnerId: me.id };
    await expect(policy.assertMayWorkTask(me, task)).resolves.toBeUndefined();
    expect(
      await refusal(() =>
        policy.assertMayWorkTask(person('analyst'), { ...task, clientOwnerId: 'u1' }),
      ),
    ).toEqual(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
