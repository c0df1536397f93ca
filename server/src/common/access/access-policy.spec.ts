import type { AuthUser } from '../../auth/auth-user';
import type { Role } from '../../users/user.entity';
import { toErrorBody } from '../error.filter';
import {
  AccessPolicy,
  mayClaim,
  mayReadProcess,
  mayWatchTaskList,
  readableProcessSql,
  TaskFacts,
} from './access-policy.service';

const person = (...roles: Role[]): AuthUser => ({ id: 'u1', email: 'u1@demo.local', roles });
const groupTask = (candidateRole: string | null): TaskFacts => ({
  id: 't1',
  assigneeId: null,
  clientId: 'c1',
  candidateRole,
});

/** The rules below need no database: they decide from the facts they are given. */
const policy = new AccessPolicy(undefined as never);

function refusal(check: () => void) {
  try {
    check();
  } catch (error) {
    return toErrorBody(error);
  }
  return null;
}

describe('processes and their events', () => {
  it('are visible without a client, else when the client owner is readable', () => {
    expect(mayReadProcess(['u1'], null, null)).toBe(true);
    expect(mayReadProcess(['u1'], 'c1', 'u1')).toBe(true);
    expect(mayReadProcess(['u1'], 'c1', 'u2')).toBe(false);
    // A deleted client has no owner: only those who read everything still see its process.
    expect(mayReadProcess(['u1'], 'c1', null)).toBe(false);
    expect(mayReadProcess('all', 'c1', null)).toBe(true);
  });

  it('have the same rule in SQL, with null standing for every owner', () => {
    expect(readableProcessSql('i.client_id', 'c.owner_id', '$3')).toBe(
      '($3::uuid[] IS NULL OR i.client_id IS NULL OR c.owner_id = ANY($3))',
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
  ] as const)('%j may claim a task of role %s: %s', (roles, candidateRole, allowed) => {
    expect(mayClaim(person(...roles), groupTask(candidateRole))).toBe(allowed);
    expect(
      refusal(() => policy.assertMayClaim(person(...roles), groupTask(candidateRole))),
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

  it('are completed only by who could claim them; an assigned task needs no role', () => {
    expect(
      refusal(() => policy.assertMayComplete(person('analyst'), groupTask('manager'))),
    ).toMatchObject({
      statusCode: 403,
      message: 'Only the role "manager" may complete this task',
    });
    expect(
      refusal(() => policy.assertMayComplete(person('manager'), groupTask('manager'))),
    ).toBeNull();
    const assigned = { ...groupTask('manager'), assigneeId: 'u2' };
    expect(refusal(() => policy.assertMayComplete(person('analyst'), assigned))).toBeNull();
  });
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
